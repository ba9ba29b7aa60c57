// Routing rule shapes (SPEC §3 Routing rules, §4 RoutingRule): the API's input schemas, shared with
// the web's rule editor. Values are checked against their field; references (queue, user) by the service.
import * as z from 'zod';
import { priorities, sources } from '../settings/settings.schema.ts';

export const ruleFields = ['priority', 'source', 'tag', 'requesterType'] as const;
export type RuleField = (typeof ruleFields)[number];
export const ruleOps = ['eq', 'neq', 'in', 'not_in'] as const;
export type RuleOp = (typeof ruleOps)[number];
export const requesterTypes = ['bp', 'account', 'manual'] as const;
export const actionTypes = ['assign_to_queue', 'assign_to_user', 'escalate', 'reassign_queue'] as const;

export const MAX_CLAUSES = 20;
export const MAX_VALUES = 50;

const TAG = /^[a-z0-9_-]{1,40}$/;

/** The values a field takes; `null` = any tag (checked by pattern). */
export const fieldValues: Record<RuleField, readonly string[] | null> = {
  priority: priorities,
  source: sources,
  requesterType: requesterTypes,
  tag: null,
};

const validFor = (field: RuleField, value: string): boolean => {
  const allowed = fieldValues[field];
  return allowed ? allowed.includes(value) : TAG.test(value);
};

const clauseValue = z.union([z.string().trim().min(1).max(40), z.array(z.string().trim().min(1).max(40)).min(1).max(MAX_VALUES)]);

export const clauseSchema = z
  .strictObject({ field: z.enum(ruleFields), op: z.enum(ruleOps), value: clauseValue })
  // Tags are lower-cased first, as on tickets; list values once each.
  .transform((c) => {
    const norm = (v: string) => (c.field === 'tag' ? v.toLowerCase() : v);
    return { ...c, value: Array.isArray(c.value) ? [...new Set(c.value.map(norm))] : norm(c.value) };
  })
  .superRefine((c, ctx) => {
    const list = c.op === 'in' || c.op === 'not_in';
    if (list !== Array.isArray(c.value)) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: list ? `${c.op} takes a non-empty list of values` : `${c.op} takes one value (a string)` });
      return;
    }
    const values = Array.isArray(c.value) ? c.value : [c.value];
    values.forEach((v, i) => {
      if (!validFor(c.field, v)) {
        const allowed = fieldValues[c.field];
        ctx.addIssue({
          code: 'custom',
          path: Array.isArray(c.value) ? ['value', i] : ['value'],
          message: allowed ? `Not a ${c.field}: ${v} (one of ${allowed.join(', ')})` : `Not a tag: ${v} (a-z, 0-9, _ and -, up to 40)`,
        });
      }
    });
  });
export type RuleClause = { field: RuleField; op: RuleOp; value: string | string[] };

const ref = z.string().trim().min(1).max(100);
export const actionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('assign_to_queue'), queueId: ref }),
  z.strictObject({ type: z.literal('assign_to_user'), userId: ref }),
  z.strictObject({ type: z.literal('escalate') }),
  z.strictObject({ type: z.literal('reassign_queue'), queueId: ref }),
]);
export type RuleAction = z.infer<typeof actionSchema>;

const ruleBody = {
  name: z.string().trim().min(1).max(200),
  enabled: z.boolean().default(true),
  match: z.enum(['all', 'any']),
  clauses: z.array(clauseSchema).max(MAX_CLAUSES),
  action: actionSchema,
};

/** POST: `position` optional (absent appends; 0..n inserts there, checked against n by the service). */
export const createRuleSchema = z.strictObject({ ...ruleBody, position: z.number().int().min(0).optional() });
export type CreateRuleInput = z.infer<typeof createRuleSchema>;

/** PUT: the same fields; `position` is ignored (reorder with …/order), read-only fields too. */
export const updateRuleSchema = z.strictObject(ruleBody);
export type UpdateRuleInput = z.infer<typeof updateRuleSchema>;

export const reorderSchema = z.strictObject({ ids: z.array(z.string().min(1).max(100)).max(1000) });

export const previewRuleSchema = z.strictObject({ ticket: z.string().trim().min(1).max(20) });

/** SPEC RoutingRule as the API answers it. */
export type RoutingRule = {
  id: string;
  name: string;
  enabled: boolean;
  position: number;
  match: 'all' | 'any';
  clauses: RuleClause[];
  action: RuleAction;
  version: number;
  createdAt: string;
  updatedAt: string;
};
