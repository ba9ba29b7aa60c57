import { Entity } from 'electrodb';
import { type Db, SERVICE } from '../platform/db.ts';
import type { SettingsTab, SettingsValue } from './settings.schema.ts';

// One item per (tenant, tab). Invariants owned by a tab (the one default queue: `defaultQueueId`
// of the routing tab) live in a single attribute of this item.
export const settingsSchema = {
  model: { entity: 'settings', version: '1', service: SERVICE },
  attributes: {
    tenantId: { type: 'string', required: true },
    tab: { type: 'string', required: true },
    value: { type: 'any', required: true },
    version: { type: 'number', required: true },
    updatedAt: { type: 'string', required: true },
  },
  indexes: {
    byTenant: { collection: 'config', pk: { field: 'pk', composite: ['tenantId'] }, sk: { field: 'sk', composite: ['tab'] } },
  },
} as const;

export type StoredSettings<T extends SettingsTab> = { value: SettingsValue<T>; version: number; updatedAt: string };

export type SettingsRepo = {
  get<T extends SettingsTab>(tenantId: string, tab: T): Promise<StoredSettings<T> | null>;
  put<T extends SettingsTab>(tenantId: string, tab: T, value: SettingsValue<T>, now: Date): Promise<StoredSettings<T>>;
};

export function createSettingsRepo(db: Db): SettingsRepo {
  const settings = new Entity(settingsSchema, db);
  return {
    async get(tenantId, tab) {
      const { data } = await settings.get({ tenantId, tab }).go();
      return data ? { value: data.value as never, version: data.version, updatedAt: data.updatedAt } : null;
    },
    async put(tenantId, tab, value, now) {
      const current = await this.get(tenantId, tab);
      const stored = { value, version: (current?.version ?? 0) + 1, updatedAt: now.toISOString() };
      await settings.put({ tenantId, tab, ...stored }).go({ response: 'none' });
      return stored;
    },
  };
}
