// A tenant's configuration — queues, help topics, members (agents), settings tabs — lives in one
// partition, so one Query reads all of it: what validation and list names need.
import { Entity, Service } from 'electrodb';
import { cannedResponseSchema, type StoredCannedResponse } from '../canned-response/canned-response.repo.ts';
import { helpTopicSchema, type StoredHelpTopic } from '../help-topic/help-topic.repo.ts';
import { memberSchema, type TenantMember } from '../identity/user.repo.ts';
import { permissionsOf } from '../identity/permissions.ts';
import { type Db, perDb } from '../platform/db.ts';
import { queueSchema, type StoredQueue } from '../queue/queue.repo.ts';
import { RULE_ORDER_TAB, type RuleOrder, routingRuleSchema, ruleOrderOf, type StoredRule } from '../routing/routing.repo.ts';
import { orderRules } from '../routing/routing.rules.ts';
import { settingsSchema } from '../settings/settings.repo.ts';
import { type SettingsTab, type SettingsValue, settingsDefaults } from '../settings/settings.schema.ts';

export type TenantConfig = {
  queues: StoredQueue[];
  helpTopics: StoredHelpTopic[];
  members: TenantMember[];
  settings: Partial<{ [T in SettingsTab]: SettingsValue<T> }>;
  cannedResponses: StoredCannedResponse[];
  /** The routing rules in the tenant's order (index = `position`). */
  routingRules: StoredRule[];
  /** The stored rule order (internal settings item; version 0 = never written). */
  ruleOrder: RuleOrder;
};

export type TenantConfigRepo = { load(tenantId: string): Promise<TenantConfig> };

export const createTenantConfigRepo = perDb((db: Db): TenantConfigRepo => {
  const service = new Service(
    {
      queue: new Entity(queueSchema, db),
      helpTopic: new Entity(helpTopicSchema, db),
      member: new Entity(memberSchema, db),
      settings: new Entity(settingsSchema, db),
      cannedResponse: new Entity(cannedResponseSchema, db),
      routingRule: new Entity(routingRuleSchema, db),
    },
    db,
  );
  return {
    async load(tenantId) {
      // Strongly consistent, like the stamp read before it: a cached copy must never be older than its stamp.
      const { data } = await service.collections.config({ tenantId }).go({ pages: 'all', consistent: true });
      const settings: TenantConfig['settings'] = {};
      let ruleOrder: RuleOrder = { ids: [], version: 0 };
      for (const s of data.settings) {
        // Internal items of the settings entity (the rule order) are not settings tabs.
        if (s.tab === RULE_ORDER_TAB) ruleOrder = ruleOrderOf(s.value, s.version);
        else (settings as Record<string, unknown>)[s.tab] = s.value;
      }
      return {
        queues: data.queue as StoredQueue[],
        helpTopics: data.helpTopic as StoredHelpTopic[],
        members: data.member.map((m) => ({ ...m, roles: [...m.roles] })),
        settings,
        cannedResponses: data.cannedResponse as StoredCannedResponse[],
        routingRules: orderRules(data.routingRule as StoredRule[], ruleOrder.ids),
        ruleOrder,
      };
    },
  };
});

/** An internal user of the tenant who may work tickets (an assignee, a rule's user, a topic's default). */
export const isAgentOf = (config: Pick<TenantConfig, 'members'>, userId: string): boolean =>
  config.members.some((m) => m.userId === userId && permissionsOf(m.roles).includes('service-desk.manage'));

/** The Policies tab as saved, else SPEC's defaults. */
export const policiesOf = (config: Pick<TenantConfig, 'settings'>) => config.settings.policies ?? settingsDefaults.policies;
