import type { Actor } from './actor.ts';

/** SPEC §2 `GET /api/me`. */
export type Me = {
  id: string;
  name: string;
  email: string;
  roles: string[];
  permissions: string[];
  tenants: string[];
  requester?: { bpId: string } | { contactId: string };
};

export function describeMe(actor: Actor): Me {
  return {
    id: actor.id,
    name: actor.name,
    email: actor.email,
    roles: actor.roles,
    permissions: actor.permissions,
    tenants: actor.tenants,
    ...(actor.requester ? { requester: actor.requester } : {}),
  };
}
