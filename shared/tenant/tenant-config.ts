// A tenant's configuration — queues, help topics, members (agents), settings tabs — lives in one
// partition, so one Query reads all of it: what validation and list names need.
import { Entity, Service } from 'electrodb';
import { helpTopicSchema, type StoredHelpTopic } from '../help-topic/help-topic.repo.ts';
import { memberSchema, type TenantMember } from '../identity/user.repo.ts';
import type { Db } from '../platform/db.ts';
import { queueSchema, type StoredQueue } from '../queue/queue.repo.ts';
import { settingsSchema } from '../settings/settings.repo.ts';
import { type SettingsTab, type SettingsValue, settingsDefaults } from '../settings/settings.schema.ts';

export type TenantConfig = {
  queues: StoredQueue[];
  helpTopics: StoredHelpTopic[];
  members: TenantMember[];
  settings: Partial<{ [T in SettingsTab]: SettingsValue<T> }>;
};

export type TenantConfigRepo = { load(tenantId: string): Promise<TenantConfig> };

export function createTenantConfigRepo(db: Db): TenantConfigRepo {
  const service = new Service(
    {
      queue: new Entity(queueSchema, db),
      helpTopic: new Entity(helpTopicSchema, db),
      member: new Entity(memberSchema, db),
      settings: new Entity(settingsSchema, db),
    },
    db,
  );
  return {
    async load(tenantId) {
      const { data } = await service.collections.config({ tenantId }).go({ pages: 'all' });
      const settings: TenantConfig['settings'] = {};
      for (const s of data.settings) (settings as Record<string, unknown>)[s.tab] = s.value;
      return {
        queues: data.queue as StoredQueue[],
        helpTopics: data.helpTopic as StoredHelpTopic[],
        members: data.member.map((m) => ({ ...m, roles: [...m.roles] })),
        settings,
      };
    },
  };
}

/** The Policies tab as saved, else SPEC's defaults. */
export const policiesOf = (config: Pick<TenantConfig, 'settings'>) => config.settings.policies ?? settingsDefaults.policies;
