// Facts about the stored data itself: when it was seeded, which backfills have run.
import { Entity } from 'electrodb';
import { type Db, SERVICE, perDb } from './db.ts';

const metaSchema = {
  model: { entity: 'meta', version: '1', service: SERVICE },
  attributes: {
    key: { type: 'string', required: true },
    value: { type: 'string', required: true },
    updatedAt: { type: 'string', required: true },
  },
  indexes: { byKey: { pk: { field: 'pk', composite: ['key'] }, sk: { field: 'sk', composite: [] } } },
} as const;

export type MetaRepo = {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, now: Date): Promise<void>;
};

export const createMetaRepo = perDb((db: Db): MetaRepo => {
  const meta = new Entity(metaSchema, db);
  return {
    async get(key) {
      const { data } = await meta.get({ key }).go();
      return data?.value ?? null;
    },
    async set(key, value, now) {
      await meta.put({ key, value, updatedAt: now.toISOString() }).go({ response: 'none' });
    },
  };
});
