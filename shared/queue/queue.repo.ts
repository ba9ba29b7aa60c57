import { Entity } from 'electrodb';
import { type Db, SERVICE, perDb } from '../platform/db.ts';
import { versionedWrites } from '../platform/versioned-writes.ts';

export const queueSchema = {
  model: { entity: 'queue', version: '1', service: SERVICE },
  attributes: {
    tenantId: { type: 'string', required: true },
    id: { type: 'string', required: true },
    name: { type: 'string', required: true },
    description: { type: 'string' },
    autoAssign: { type: 'boolean', required: true },
    members: {
      type: 'list',
      required: true,
      items: {
        type: 'map',
        properties: {
          userId: { type: 'string', required: true },
          role: { type: ['member', 'lead'] as const, required: true },
          priorityWeight: { type: 'number', required: true },
          onBreak: { type: 'boolean', required: true },
        },
      },
    },
    version: { type: 'number', required: true },
    createdAt: { type: 'string', required: true },
    updatedAt: { type: 'string', required: true },
  },
  indexes: {
    byTenant: { collection: 'config', pk: { field: 'pk', composite: ['tenantId'] }, sk: { field: 'sk', composite: ['id'] } },
  },
} as const;

export type QueueMember = { userId: string; role: 'member' | 'lead'; priorityWeight: number; onBreak: boolean };
/** A stored queue; `isDefault` is derived from the routing settings, never stored here. */
export type StoredQueue = {
  tenantId: string;
  id: string;
  name: string;
  description?: string;
  autoAssign: boolean;
  members: QueueMember[];
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type QueueRepo = {
  get(tenantId: string, id: string): Promise<StoredQueue | null>;
  listByTenant(tenantId: string): Promise<StoredQueue[]>;
  put(queue: StoredQueue): Promise<void>;
  /** Creates the queue; false when the id exists. */
  create(queue: StoredQueue): Promise<boolean>;
  /** Replaces the queue if it is still at `expectedVersion`; false when it changed or is gone. */
  putIfVersion(queue: StoredQueue, expectedVersion: number): Promise<boolean>;
  /** Deletes the queue if it is still at `expectedVersion`; false when it changed or is gone. */
  removeIfVersion(tenantId: string, id: string, expectedVersion: number): Promise<boolean>;
};

export const createQueueRepo = perDb((db: Db): QueueRepo => {
  const queues = new Entity(queueSchema, db);
  const writes = versionedWrites<StoredQueue>(queues);
  return {
    async get(tenantId, id) {
      const { data } = await queues.get({ tenantId, id }).go();
      return (data as StoredQueue | null) ?? null;
    },
    async listByTenant(tenantId) {
      const { data } = await queues.query.byTenant({ tenantId }).go({ pages: 'all' });
      return data as StoredQueue[];
    },
    async put(queue) {
      await queues.put(queue).go({ response: 'none' });
    },
    create: writes.create,
    putIfVersion: writes.replace,
    removeIfVersion: (tenantId, id, expectedVersion) => writes.remove({ tenantId, id }, expectedVersion),
  };
});
