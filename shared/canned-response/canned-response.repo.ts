// Canned responses: one item per (tenant, response) in the tenant's configuration partition
// (the "config" collection), so the render route reads them with the rest of the tenant in one query.
import { Entity } from 'electrodb';
import { type Db, SERVICE, perDb } from '../platform/db.ts';
import { versionedWrites } from '../platform/versioned-writes.ts';

export const cannedResponseSchema = {
  model: { entity: 'cannedResponse', version: '1', service: SERVICE },
  attributes: {
    tenantId: { type: 'string', required: true },
    id: { type: 'string', required: true },
    title: { type: 'string', required: true },
    body: { type: 'string', required: true },
    helpTopicId: { type: 'string' },
    version: { type: 'number', required: true },
    createdAt: { type: 'string', required: true },
    updatedAt: { type: 'string', required: true },
  },
  indexes: {
    byTenant: { collection: 'config', pk: { field: 'pk', composite: ['tenantId'] }, sk: { field: 'sk', composite: ['id'] } },
  },
} as const;

/** SPEC CannedResponse, as stored (`helpTopicId` absent = global). */
export type StoredCannedResponse = {
  tenantId: string;
  id: string;
  title: string;
  body: string;
  helpTopicId?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type CannedResponseRepo = {
  get(tenantId: string, id: string): Promise<StoredCannedResponse | null>;
  /** A new response; false when the id is taken. */
  create(response: StoredCannedResponse): Promise<boolean>;
  /** Replaces the response if it is still at `expectedVersion`; false otherwise (or gone). */
  replace(response: StoredCannedResponse, expectedVersion: number): Promise<boolean>;
  /** Deletes it if still at `expectedVersion`; false otherwise (or gone). */
  delete(tenantId: string, id: string, expectedVersion: number): Promise<boolean>;
};

export const createCannedResponseRepo = perDb((db: Db): CannedResponseRepo => {
  const responses = new Entity(cannedResponseSchema, db);
  const writes = versionedWrites<StoredCannedResponse>(responses);
  return {
    async get(tenantId, id) {
      const { data } = await responses.get({ tenantId, id }).go();
      return (data as StoredCannedResponse | null) ?? null;
    },
    create: writes.create,
    replace: writes.replace,
    delete: (tenantId, id, expectedVersion) => writes.remove({ tenantId, id }, expectedVersion),
  };
});
