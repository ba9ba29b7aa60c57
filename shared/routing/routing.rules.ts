// Pure rules of routing: evaluating a tenant's ordered rules against a ticket (the function both the
// routing handler and the preview route call), and the rule order (positions, inserts, reorders).
import type { RuleAction, RuleClause } from './routing.schema.ts';

/** What a rule looks at. */
export type RoutableTicket = {
  priority: string;
  source: string;
  tags: readonly string[];
  requester: { type: string };
};

export type EvaluableRule = { id: string; enabled: boolean; match: 'all' | 'any'; clauses: readonly RuleClause[]; action: RuleAction };

/**
 * One rule's part in an evaluation. Rules after the winner are not evaluated and not listed.
 * A disabled rule is listed with `skipped: "disabled"` (no clauses evaluated); a matching rule whose
 * target no longer exists with `skipped: "missing_target"` — evaluation then goes on.
 */
export type TraceEntry = { ruleId: string; matched: boolean; clauses: boolean[]; skipped?: 'disabled' | 'missing_target' };

export type Evaluation = { ruleId?: string; action?: RuleAction; trace: TraceEntry[] };

export type EvaluateOptions = {
  /** Whether an action's queue or user still exists; a rule whose target is gone is skipped. Default: all exist. */
  targetExists?: (action: RuleAction) => boolean;
};

/** One clause: `eq`/`neq` compare (for `tag`: membership), `in`/`not_in` test any of a list. */
export function clauseMatches(clause: RuleClause, ticket: RoutableTicket): boolean {
  // A stored value of the "wrong" shape still means something: a string is a list of one.
  const values = Array.isArray(clause.value) ? clause.value : [clause.value];
  let hit: boolean;
  switch (clause.field) {
    case 'tag':
      hit = values.some((v) => ticket.tags.includes(v));
      break;
    case 'priority':
      hit = values.includes(ticket.priority);
      break;
    case 'source':
      hit = values.includes(ticket.source);
      break;
    case 'requesterType':
      hit = values.includes(ticket.requester.type);
      break;
    default:
      return false;
  }
  return clause.op === 'neq' || clause.op === 'not_in' ? !hit : hit;
}

/** `all` = every clause (none: true); `any` = at least one (none: false). Every clause is evaluated, for the trace. */
export function ruleMatches(rule: Pick<EvaluableRule, 'match' | 'clauses'>, ticket: RoutableTicket): { matched: boolean; clauses: boolean[] } {
  const clauses = rule.clauses.map((c) => clauseMatches(c, ticket));
  return { matched: rule.match === 'all' ? clauses.every(Boolean) : clauses.some(Boolean), clauses };
}

/** SPEC §3: the first enabled rule that matches, by position, wins; later rules are not evaluated. */
export function evaluateRules(rules: readonly EvaluableRule[], ticket: RoutableTicket, options: EvaluateOptions = {}): Evaluation {
  const trace: TraceEntry[] = [];
  for (const rule of rules) {
    if (!rule.enabled) {
      trace.push({ ruleId: rule.id, matched: false, clauses: [], skipped: 'disabled' });
      continue;
    }
    const { matched, clauses } = ruleMatches(rule, ticket);
    if (matched && options.targetExists && !options.targetExists(rule.action)) {
      trace.push({ ruleId: rule.id, matched, clauses, skipped: 'missing_target' });
      continue;
    }
    trace.push({ ruleId: rule.id, matched, clauses });
    if (matched) return { ruleId: rule.id, action: rule.action, trace };
  }
  return { trace };
}

// ——— order ———

/**
 * Rules in the tenant's order: those the order lists, in its order (ids of rules gone are dropped),
 * then any rule it does not list yet (a create whose order write did not land), oldest first.
 */
export function orderRules<R extends { id: string; createdAt: string }>(rules: readonly R[], ids: readonly string[]): R[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const listed = new Set<string>();
  const out: R[] = [];
  for (const id of ids) {
    const rule = byId.get(id);
    if (rule && !listed.has(id)) {
      listed.add(id);
      out.push(rule);
    }
  }
  const rest = rules.filter((r) => !listed.has(r.id)).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  return [...out, ...rest];
}

/** The order with `id` at `position` (absent: at the end). */
export function insertAt(ids: readonly string[], id: string, position?: number): string[] {
  const rest = ids.filter((x) => x !== id);
  const at = position === undefined ? rest.length : Math.min(position, rest.length);
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

export type ReorderProblem = { code: 'duplicate' | 'unknown' | 'missing'; ids: string[] };

/** A new order must list every rule of the tenant exactly once, and nothing else. */
export function reorderProblems(current: readonly string[], ids: readonly string[]): ReorderProblem[] {
  const known = new Set(current);
  const seen = new Set<string>();
  const duplicate = new Set<string>();
  for (const id of ids) (seen.has(id) ? duplicate : seen).add(id);
  const problems: ReorderProblem[] = [];
  if (duplicate.size) problems.push({ code: 'duplicate', ids: [...duplicate] });
  const unknown = [...seen].filter((id) => !known.has(id));
  if (unknown.length) problems.push({ code: 'unknown', ids: unknown });
  const missing = current.filter((id) => !seen.has(id));
  if (missing.length) problems.push({ code: 'missing', ids: missing });
  return problems;
}
