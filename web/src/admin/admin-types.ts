// The SPEC §4 configuration shapes the admin screens read and write.
import type { SettingsTab, SettingsValue } from '../../../shared/settings/settings.schema.ts';
import type { HelpTopic, Queue } from '../common/types.ts';

export type { Queue, HelpTopic };
export type { SettingsTab, SettingsValue };

/** Every configuration response carries its version (SPEC §4). */
export type Versioned = { version: number; createdAt?: string; updatedAt?: string };

export type QueueMember = Queue['members'][number];

export type CannedResponse = { id: string; title: string; body: string; helpTopicId?: string } & Versioned;

export const RULE_FIELDS = ['priority', 'source', 'tag', 'requesterType'] as const;
export type RuleField = (typeof RULE_FIELDS)[number];
export const RULE_OPS = ['eq', 'neq', 'in', 'not_in'] as const;
export type RuleOp = (typeof RULE_OPS)[number];
export type RuleClause = { field: RuleField; op: RuleOp; value: string | string[] };
export type RuleAction =
  | { type: 'assign_to_queue'; queueId: string }
  | { type: 'assign_to_user'; userId: string }
  | { type: 'escalate' }
  | { type: 'reassign_queue'; queueId: string };
export type RoutingRule = {
  id: string;
  name: string;
  enabled: boolean;
  position: number;
  match: 'all' | 'any';
  clauses: RuleClause[];
  action: RuleAction;
} & Versioned;

export type RulePreview = {
  ruleId?: string;
  action?: RuleAction;
  trace: { ruleId: string; matched: boolean; clauses: boolean[]; skipped?: 'disabled' | 'missing_target' }[];
};

export const AUDIT_KINDS = ['queue', 'help-topic', 'canned-response', 'routing-rule', 'routing-order', 'settings', 'business-partner', 'contact'] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];
export type AuditRecord = {
  id: string;
  at: string;
  actor: { id: string; name: string };
  kind: AuditKind | string;
  objectId: string;
  action: 'create' | 'update' | 'delete';
  before?: unknown;
  after?: unknown;
};

export type SettingsResponse<T extends SettingsTab> = SettingsValue<T> & { version?: number; updatedAt?: string };

export const TEMPLATE_VARIABLES = ['actor.name', 'ticket.number', 'ticket.subject', 'requester.name', 'queue.name'] as const;
