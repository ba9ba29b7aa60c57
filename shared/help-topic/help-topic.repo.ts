import { Entity } from 'electrodb';
import { type Db, SERVICE, perDb } from '../platform/db.ts';
import { versionedWrites } from '../platform/versioned-writes.ts';
import type { Priority } from '../settings/settings.schema.ts';

export const helpTopicSchema = {
  model: { entity: 'helpTopic', version: '1', service: SERVICE },
  attributes: {
    tenantId: { type: 'string', required: true },
    id: { type: 'string', required: true },
    name: { type: 'string', required: true },
    description: { type: 'string' },
    active: { type: 'boolean', required: true },
    defaults: { type: 'any', required: true },
    version: { type: 'number', required: true },
    createdAt: { type: 'string', required: true },
    updatedAt: { type: 'string', required: true },
  },
  indexes: {
    byTenant: { collection: 'config', pk: { field: 'pk', composite: ['tenantId'] }, sk: { field: 'sk', composite: ['id'] } },
  },
} as const;

export type HelpTopicDefaults = { priority?: Priority; queueId?: string; assigneeId?: string; dueOffsetHours?: number };

/** SPEC HelpTopic, as stored. */
export type StoredHelpTopic = {
  tenantId: string;
  id: string;
  name: string;
  description?: string;
  active: boolean;
  defaults: HelpTopicDefaults;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type HelpTopicRepo = {
  get(tenantId: string, id: string): Promise<StoredHelpTopic | null>;
  listByTenant(tenantId: string): Promise<StoredHelpTopic[]>;
  put(topic: StoredHelpTopic): Promise<void>;
  /** Creates the topic; false when the id exists. */
  create(topic: StoredHelpTopic): Promise<boolean>;
  /** Replaces the topic if it is still at `expectedVersion`; false when it changed or is gone. */
  putIfVersion(topic: StoredHelpTopic, expectedVersion: number): Promise<boolean>;
  /** Deletes the topic if it is still at `expectedVersion`; false when it changed or is gone. */
  removeIfVersion(tenantId: string, id: string, expectedVersion: number): Promise<boolean>;
};

export const createHelpTopicRepo = perDb((db: Db): HelpTopicRepo => {
  const topics = new Entity(helpTopicSchema, db);
  const writes = versionedWrites<StoredHelpTopic>(topics);
  return {
    async get(tenantId, id) {
      const { data } = await topics.get({ tenantId, id }).go();
      return (data as StoredHelpTopic | null) ?? null;
    },
    async listByTenant(tenantId) {
      const { data } = await topics.query.byTenant({ tenantId }).go({ pages: 'all' });
      return data as StoredHelpTopic[];
    },
    async put(topic) {
      await topics.put(topic).go({ response: 'none' });
    },
    create: writes.create,
    putIfVersion: writes.replace,
    removeIfVersion: (tenantId, id, expectedVersion) => writes.remove({ tenantId, id }, expectedVersion),
  };
});
