// Routing rules: one item per rule in the tenant's configuration partition (the "config" collection),
// and the rule order as ONE attribute of one settings item (internal tab `routingRuleOrder`): a
// reorder is a single conditional write, and positions can never collide.
import { Entity } from 'electrodb';
import { type Db, SERVICE, conditionalWrite as conditional, perDb } from '../platform/db.ts';
import { versionedWrites } from '../platform/versioned-writes.ts';
import { settingsSchema } from '../settings/settings.repo.ts';
import type { RuleAction, RuleClause } from './routing.schema.ts';

export const routingRuleSchema = {
  model: { entity: 'routingRule', version: '1', service: SERVICE },
  attributes: {
    tenantId: { type: 'string', required: true },
    id: { type: 'string', required: true },
    name: { type: 'string', required: true },
    enabled: { type: 'boolean', required: true },
    match: { type: ['all', 'any'] as const, required: true },
    clauses: { type: 'any', required: true },
    action: { type: 'any', required: true },
    version: { type: 'number', required: true },
    createdAt: { type: 'string', required: true },
    updatedAt: { type: 'string', required: true },
  },
  indexes: {
    byTenant: { collection: 'config', pk: { field: 'pk', composite: ['tenantId'] }, sk: { field: 'sk', composite: ['id'] } },
  },
} as const;

/** The settings tab that holds the rule order; internal (the settings routes never expose it). */
export const RULE_ORDER_TAB = 'routingRuleOrder';

export type StoredRule = {
  tenantId: string;
  id: string;
  name: string;
  enabled: boolean;
  match: 'all' | 'any';
  clauses: RuleClause[];
  action: RuleAction;
  version: number;
  createdAt: string;
  updatedAt: string;
};

/** The order as stored: rule ids, first to last; version 0 = never written. */
export type RuleOrder = { ids: string[]; version: number };

export type RoutingRuleRepo = {
  get(tenantId: string, id: string): Promise<StoredRule | null>;
  create(rule: StoredRule): Promise<boolean>;
  replace(rule: StoredRule, expectedVersion: number): Promise<boolean>;
  delete(tenantId: string, id: string, expectedVersion: number): Promise<boolean>;
  /** Writes the order if it is still at `expectedVersion` (0: not written yet); false otherwise. */
  putOrder(tenantId: string, ids: string[], expectedVersion: number, now: Date): Promise<boolean>;
};

/** The order stored in a settings item's value (as the tenant configuration reads it too). */
export const ruleOrderOf = (value: unknown, version: number): RuleOrder => {
  const ids = (value as { ids?: unknown } | undefined)?.ids;
  return { ids: Array.isArray(ids) ? ids.filter((x): x is string => typeof x === 'string') : [], version };
};

export const createRoutingRuleRepo = perDb((db: Db): RoutingRuleRepo => {
  const rules = new Entity(routingRuleSchema, db);
  const settings = new Entity(settingsSchema, db);
  const writes = versionedWrites<StoredRule>(rules);
  return {
    async get(tenantId, id) {
      const { data } = await rules.get({ tenantId, id }).go();
      return (data as StoredRule | null) ?? null;
    },
    create: writes.create,
    replace: writes.replace,
    delete: (tenantId, id, expectedVersion) => writes.remove({ tenantId, id }, expectedVersion),
    putOrder: (tenantId, ids, expectedVersion, now) =>
      conditional(
        settings
          .put({ tenantId, tab: RULE_ORDER_TAB, value: { ids }, version: expectedVersion + 1, updatedAt: now.toISOString() })
          .where((a, op) => (expectedVersion === 0 ? op.notExists(a.version) : op.eq(a.version, expectedVersion)))
          .go({ response: 'none' }),
      ),
  };
});
