// The user directory: who the internal users and customers are, and which tenants' agents lists
// they appear in. Seeded locally; on AWS the Cognito triggers keep it current at each sign-in.
import { bumpConfigStamp } from '../tenant/config-cache.ts';
import { Entity } from 'electrodb';
import { type Db, SERVICE, perDb } from '../platform/db.ts';
import { INTERNAL_ROLES } from './actor.ts';
import { roles } from './permissions.ts';
import type { Role } from './permissions.ts';

const userSchema = {
  model: { entity: 'user', version: '1', service: SERVICE },
  attributes: {
    id: { type: 'string', required: true },
    email: { type: 'string', required: true },
    name: { type: 'string', required: true },
    roles: { type: 'set', items: [...roles], required: true },
    tenants: { type: 'set', items: 'string', required: true },
    bpId: { type: 'string' },
    contactId: { type: 'string' },
    updatedAt: { type: 'string', required: true },
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['id'] }, sk: { field: 'sk', composite: [] } },
    byEmail: { index: 'gsi1', pk: { field: 'gsi1pk', composite: ['email'] }, sk: { field: 'gsi1sk', composite: [] } },
  },
} as const;

// One item per (tenant, internal user): what `GET /api/tenants/{t}/agents` lists.
export const memberSchema = {
  model: { entity: 'member', version: '1', service: SERVICE },
  attributes: {
    tenantId: { type: 'string', required: true },
    userId: { type: 'string', required: true },
    email: { type: 'string', required: true },
    name: { type: 'string', required: true },
    roles: { type: 'set', items: [...roles], required: true },
  },
  indexes: {
    byTenant: { collection: 'config', pk: { field: 'pk', composite: ['tenantId'] }, sk: { field: 'sk', composite: ['userId'] } },
  },
} as const;

export type DirectoryUser = {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  tenants: string[];
  bpId?: string;
  contactId?: string;
  updatedAt: string;
};

export type TenantMember = { tenantId: string; userId: string; email: string; name: string; roles: Role[] };

export type UserRepo = {
  get(id: string): Promise<DirectoryUser | null>;
  findByEmail(email: string): Promise<DirectoryUser | null>;
  /** Writes the user and their membership of each tenant, dropping memberships they lost. */
  upsert(user: DirectoryUser): Promise<void>;
  listMembers(tenantId: string): Promise<TenantMember[]>;
};


export const createUserRepo = perDb((db: Db): UserRepo => {
  const users = new Entity(userSchema, db);
  const members = new Entity(memberSchema, db);
  const toUser = (d: Record<string, unknown>): DirectoryUser => ({
    id: d.id as string,
    email: d.email as string,
    name: d.name as string,
    roles: [...((d.roles as Role[] | undefined) ?? [])],
    tenants: [...((d.tenants as string[] | undefined) ?? [])].sort(),
    ...(d.bpId ? { bpId: d.bpId as string } : {}),
    ...(d.contactId ? { contactId: d.contactId as string } : {}),
    updatedAt: d.updatedAt as string,
  });
  return {
    async get(id) {
      const { data } = await users.get({ id }).go();
      return data ? toUser(data) : null;
    },
    async findByEmail(email) {
      const { data } = await users.query.byEmail({ email: email.toLowerCase() }).go({ limit: 1 });
      return data[0] ? toUser(data[0]) : null;
    },
    async upsert(user) {
      const previous = await this.get(user.id);
      const internalRoles = user.roles.filter((r) => INTERNAL_ROLES.includes(r));
      // Side items first, the user item last (the commit point of a directory change).
      const stay = internalRoles.length ? user.tenants : [];
      await Promise.all([
        ...stay.map((tenantId) =>
          members.put({ tenantId, userId: user.id, email: user.email, name: user.name, roles: internalRoles }).go({ response: 'none' }),
        ),
        ...(previous?.tenants ?? [])
          .filter((t) => !stay.includes(t))
          .map((tenantId) => members.delete({ tenantId, userId: user.id }).go({ response: 'none' })),
      ]);
      await users.put({ ...user, email: user.email.toLowerCase() }).go({ response: 'none' });
      // Memberships are tenant configuration (agents, assignees): cached copies must reload — but a
      // sign-in that changes nothing (the usual one) leaves them be.
      const facts = (u: DirectoryUser) => JSON.stringify([u.name, u.email.toLowerCase(), [...u.roles].sort(), [...u.tenants].sort()]);
      if (!previous || facts(previous) !== facts(user)) {
        const touched = new Set([...stay, ...(previous?.tenants ?? [])]);
        await Promise.all([...touched].map((tenantId) => bumpConfigStamp(db, tenantId)));
      }
    },
    async listMembers(tenantId) {
      const { data } = await members.query.byTenant({ tenantId }).go({ pages: 'all' });
      return data.map((m) => ({ ...m, roles: [...m.roles] }));
    },
  };
});
