import { Entity } from 'electrodb';
import { type Db, SERVICE, perDb } from '../platform/db.ts';

const tenantSchema = {
  model: { entity: 'tenant', version: '1', service: SERVICE },
  attributes: {
    id: { type: 'string', required: true },
    name: { type: 'string', required: true },
    createdAt: { type: 'string', required: true },
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['id'] }, sk: { field: 'sk', composite: [] } },
  },
} as const;

export type Tenant = { id: string; name: string; createdAt: string };

export type TenantRepo = {
  get(id: string): Promise<Tenant | null>;
  put(tenant: Tenant): Promise<void>;
};

export const createTenantRepo = perDb((db: Db): TenantRepo => {
  const tenants = new Entity(tenantSchema, db);
  return {
    async get(id) {
      const { data } = await tenants.get({ id }).go();
      return data ?? null;
    },
    async put(tenant) {
      await tenants.put(tenant).go({ response: 'none' });
    },
  };
});
