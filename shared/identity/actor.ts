// Who is calling: the verified token's claims turned into roles, permissions and tenants.
import { AppError } from '../platform/errors.ts';
import { type Permission, type Role, permissionsOf, roles as knownRoles } from './permissions.ts';

export type Claims = Record<string, unknown>;

export type Actor = {
  id: string;
  name: string;
  email: string;
  type: 'agent' | 'customer';
  roles: Role[];
  permissions: Permission[];
  tenants: string[];
  /** Customers only: their business partner, or the contact whose partner they act for. */
  requester?: { bpId: string } | { contactId: string };
};

export const INTERNAL_ROLES: readonly Role[] = ['service-desk-agent', 'service-desk-supervisor', 'service-desk-admin'];

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

function groupsOf(claims: Claims): Role[] {
  const raw = claims['cognito:groups'];
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
  return knownRoles.filter((r) => list.some((g) => typeof g === 'string' && g.trim() === r));
}

export function actorFromClaims(claims: Claims): Actor {
  const id = str(claims.sub);
  if (!id) throw new AppError('unauthorized', 'The token has no subject');
  const email = str(claims.email) ?? '';
  const name = str(claims.name) ?? email;
  const roles = groupsOf(claims);
  const tenants = [...new Set((str(claims['custom:tenants']) ?? '').split(',').map((t) => t.trim()).filter(Boolean))];
  const internal = roles.some((r) => INTERNAL_ROLES.includes(r));

  if (internal || !roles.includes('service-desk-customer')) {
    const internalRoles = roles.filter((r) => r !== 'service-desk-customer');
    return { id, name, email, type: 'agent', roles: internalRoles, permissions: permissionsOf(internalRoles), tenants };
  }

  // External users belong to exactly one tenant and one business partner.
  const bpId = str(claims['custom:bp_id']);
  const contactId = str(claims['custom:contact_id']);
  if (tenants.length !== 1 || (!bpId && !contactId)) {
    throw new AppError('unauthorized', 'A customer token needs exactly one tenant and a business partner or contact');
  }
  return {
    id,
    name,
    email,
    type: 'customer',
    roles: ['service-desk-customer'],
    permissions: [],
    tenants,
    requester: bpId ? { bpId } : { contactId: contactId as string },
  };
}

export const hasPermission = (actor: Actor, permission: Permission): boolean => actor.permissions.includes(permission);
