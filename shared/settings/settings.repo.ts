import { Entity } from 'electrodb';
import { type Db, SERVICE, conditionalWrite, perDb } from '../platform/db.ts';
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
  /** The tab item's table key and the reading of a raw item: for reads batched with other items. */
  keyOf(tenantId: string, tab: SettingsTab): Record<string, unknown>;
  fromItem<T extends SettingsTab>(item: Record<string, unknown> | undefined): StoredSettings<T> | null;
  /** Unconditional write (the seed): the next version, last write wins. */
  put<T extends SettingsTab>(tenantId: string, tab: T, value: SettingsValue<T>, now: Date): Promise<StoredSettings<T>>;
  /**
   * Writes the tab only if it is still at `expectedVersion` (0: never saved); null when it was
   * written meanwhile. What keeps a tab's invariants (the one default queue) race-free.
   */
  putIfVersion<T extends SettingsTab>(tenantId: string, tab: T, value: SettingsValue<T>, now: Date, expectedVersion: number): Promise<StoredSettings<T> | null>;
};

export const createSettingsRepo = perDb((db: Db): SettingsRepo => {
  const settings = new Entity(settingsSchema, db);
  return {
    async get(tenantId, tab) {
      const { data } = await settings.get({ tenantId, tab }).go();
      return data ? { value: data.value as never, version: data.version, updatedAt: data.updatedAt } : null;
    },
    keyOf(tenantId, tab) {
      return settings.get({ tenantId, tab }).params().Key as Record<string, unknown>;
    },
    fromItem(item) {
      const data = item ? settings.parse({ Item: item }).data : null;
      return data ? { value: data.value as never, version: data.version, updatedAt: data.updatedAt } : null;
    },
    async put(tenantId, tab, value, now) {
      const current = await this.get(tenantId, tab);
      const stored = { value, version: (current?.version ?? 0) + 1, updatedAt: now.toISOString() };
      await settings.put({ tenantId, tab, ...stored }).go({ response: 'none' });
      return stored;
    },
    async putIfVersion(tenantId, tab, value, now, expectedVersion) {
      const stored = { value, version: expectedVersion + 1, updatedAt: now.toISOString() };
      const written = await conditionalWrite(
        expectedVersion === 0
          ? settings.create({ tenantId, tab, ...stored }).go({ response: 'none' })
          : settings.put({ tenantId, tab, ...stored }).where((a, op) => op.eq(a.version, expectedVersion)).go({ response: 'none' }),
      );
      return written ? stored : null;
    },
  };
});
