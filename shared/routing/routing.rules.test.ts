import { describe, expect, it } from 'vitest';
import { clauseMatches, type EvaluableRule, evaluateRules, insertAt, orderRules, type RoutableTicket, reorderProblems, ruleMatches } from './routing.rules.ts';
import { clauseSchema, createRuleSchema, type RuleClause, type RuleField, type RuleOp, updateRuleSchema } from './routing.schema.ts';

const ticket = (over: Partial<RoutableTicket> = {}): RoutableTicket => ({ priority: 'high', source: 'email', tags: ['vip', 'billing'], requester: { type: 'bp' }, ...over });
const rule = (id: string, over: Partial<EvaluableRule> = {}): EvaluableRule => ({ id, enabled: true, match: 'all', clauses: [], action: { type: 'escalate' }, ...over });
const c = (field: RuleField, op: RuleOp, value: string | string[]): RuleClause => ({ field, op, value });

describe('a clause', () => {
  // field × op, each with a value that hits and one that misses.
  const cases: [RuleField, string, string, string][] = [
    ['priority', 'high', 'low', 'high'],
    ['source', 'email', 'chat', 'email'],
    ['requesterType', 'bp', 'manual', 'bp'],
    ['tag', 'vip', 'urgent-care', 'vip'],
  ];
  it.each(cases)('%s: eq, neq, in, not_in', (field, hit, miss) => {
    const t = ticket();
    expect(clauseMatches(c(field, 'eq', hit), t)).toBe(true);
    expect(clauseMatches(c(field, 'eq', miss), t)).toBe(false);
    expect(clauseMatches(c(field, 'neq', hit), t)).toBe(false);
    expect(clauseMatches(c(field, 'neq', miss), t)).toBe(true);
    expect(clauseMatches(c(field, 'in', [miss, hit]), t)).toBe(true);
    expect(clauseMatches(c(field, 'in', [miss]), t)).toBe(false);
    expect(clauseMatches(c(field, 'not_in', [miss, hit]), t)).toBe(false);
    expect(clauseMatches(c(field, 'not_in', [miss]), t)).toBe(true);
  });

  it('tag tests membership in the ticket’s tags; a ticket without tags has none', () => {
    expect(clauseMatches(c('tag', 'eq', 'billing'), ticket())).toBe(true);
    expect(clauseMatches(c('tag', 'in', ['x', 'billing']), ticket())).toBe(true);
    expect(clauseMatches(c('tag', 'not_in', ['x', 'billing']), ticket())).toBe(false);
    expect(clauseMatches(c('tag', 'eq', 'vip'), ticket({ tags: [] }))).toBe(false);
    expect(clauseMatches(c('tag', 'neq', 'vip'), ticket({ tags: [] }))).toBe(true);
    expect(clauseMatches(c('tag', 'eq', 'vi'), ticket())).toBe(false);
  });

  it('requesterType reads the requester’s type', () => {
    for (const type of ['bp', 'account', 'manual']) expect(clauseMatches(c('requesterType', 'eq', type), ticket({ requester: { type } }))).toBe(true);
  });

  it('takes a stored value of the other shape as a list of one', () => {
    expect(clauseMatches(c('priority', 'in', 'high'), ticket())).toBe(true);
    expect(clauseMatches(c('priority', 'eq', ['low', 'high']), ticket())).toBe(true);
    expect(clauseMatches({ field: 'nope' as RuleField, op: 'eq', value: 'x' }, ticket())).toBe(false);
  });
});

describe('a rule', () => {
  const yes = c('priority', 'eq', 'high');
  const no = c('source', 'eq', 'chat');
  it.each([
    ['all', [yes, yes], true, [true, true]],
    ['all', [yes, no], false, [true, false]],
    ['all', [no, no], false, [false, false]],
    ['all', [], true, []],
    ['any', [yes, no], true, [true, false]],
    ['any', [no, yes], true, [false, true]],
    ['any', [no, no], false, [false, false]],
    ['any', [], false, []],
  ] as const)('%s of %j', (match, clauses, matched, trace) => {
    expect(ruleMatches({ match, clauses: [...clauses] }, ticket())).toEqual({ matched, clauses: trace });
  });
});

describe('evaluating the rules', () => {
  const toQueue = { type: 'assign_to_queue', queueId: 'q-billing' } as const;
  const toUser = { type: 'assign_to_user', userId: 'u1' } as const;

  it('the first enabled rule that matches wins; later rules are not evaluated or listed', () => {
    const rules = [
      rule('r1', { clauses: [c('source', 'eq', 'chat')], action: toUser }),
      rule('r2', { match: 'any', clauses: [c('tag', 'eq', 'nope'), c('tag', 'in', ['vip'])], action: toQueue }),
      rule('r3', { clauses: [], action: { type: 'escalate' } }),
    ];
    expect(evaluateRules(rules, ticket())).toEqual({
      ruleId: 'r2',
      action: toQueue,
      trace: [
        { ruleId: 'r1', matched: false, clauses: [false] },
        { ruleId: 'r2', matched: true, clauses: [false, true] },
      ],
    });
  });

  it('a later matching rule does not override an earlier one', () => {
    const rules = [rule('first', { clauses: [c('priority', 'eq', 'high')], action: toUser }), rule('second', { clauses: [c('priority', 'eq', 'high')], action: toQueue })];
    expect(evaluateRules(rules, ticket())).toMatchObject({ ruleId: 'first', action: toUser });
    expect(evaluateRules([...rules].reverse(), ticket())).toMatchObject({ ruleId: 'second', action: toQueue });
  });

  it('skips disabled rules, listing them as such', () => {
    const rules = [rule('off', { enabled: false, action: toUser }), rule('on', { action: toQueue })];
    expect(evaluateRules(rules, ticket())).toEqual({
      ruleId: 'on',
      action: toQueue,
      trace: [
        { ruleId: 'off', matched: false, clauses: [], skipped: 'disabled' },
        { ruleId: 'on', matched: true, clauses: [] },
      ],
    });
  });

  it('no rule matching: no winner, every rule in the trace', () => {
    const rules = [rule('a', { clauses: [c('priority', 'eq', 'low')] }), rule('b', { match: 'any', clauses: [] })];
    expect(evaluateRules(rules, ticket())).toEqual({ trace: [{ ruleId: 'a', matched: false, clauses: [false] }, { ruleId: 'b', matched: false, clauses: [] }] });
    expect(evaluateRules([], ticket())).toEqual({ trace: [] });
  });

  it('a matching rule whose queue or user is gone is skipped and reported; the next one may win', () => {
    const rules = [rule('gone', { action: { type: 'assign_to_queue', queueId: 'q-deleted' } }), rule('ok', { action: toUser })];
    const targetExists = (a: EvaluableRule['action']) => !('queueId' in a) || a.queueId !== 'q-deleted';
    expect(evaluateRules(rules, ticket(), { targetExists })).toEqual({
      ruleId: 'ok',
      action: toUser,
      trace: [
        { ruleId: 'gone', matched: true, clauses: [], skipped: 'missing_target' },
        { ruleId: 'ok', matched: true, clauses: [] },
      ],
    });
    // Without the check the first rule wins; a non-matching rule's target is never asked about.
    expect(evaluateRules(rules, ticket()).ruleId).toBe('gone');
    let asked = 0;
    evaluateRules([rule('x', { clauses: [c('priority', 'eq', 'low')] })], ticket(), { targetExists: () => (asked++, true) });
    expect(asked).toBe(0);
  });
});

describe('rule order', () => {
  const r = (id: string, createdAt: string) => ({ id, createdAt });
  it('follows the order, drops ids of deleted rules, appends unlisted rules oldest first', () => {
    const rules = [r('a', '1'), r('b', '2'), r('c', '3'), r('d', '0')];
    expect(orderRules(rules, ['c', 'gone', 'a', 'c']).map((x) => x.id)).toEqual(['c', 'a', 'd', 'b']);
    expect(orderRules([], ['x'])).toEqual([]);
  });

  it('inserts at a position, or appends', () => {
    expect(insertAt(['a', 'b', 'c'], 'n')).toEqual(['a', 'b', 'c', 'n']);
    expect(insertAt(['a', 'b', 'c'], 'n', 0)).toEqual(['n', 'a', 'b', 'c']);
    expect(insertAt(['a', 'b', 'c'], 'n', 2)).toEqual(['a', 'b', 'n', 'c']);
    expect(insertAt(['a', 'b', 'c'], 'n', 3)).toEqual(['a', 'b', 'c', 'n']);
    expect(insertAt(['a', 'n', 'b'], 'n', 0)).toEqual(['n', 'a', 'b']);
  });

  it('a reorder lists every rule exactly once and nothing else', () => {
    expect(reorderProblems(['a', 'b'], ['b', 'a'])).toEqual([]);
    expect(reorderProblems([], [])).toEqual([]);
    expect(reorderProblems(['a', 'b'], ['a'])).toEqual([{ code: 'missing', ids: ['b'] }]);
    expect(reorderProblems(['a', 'b'], ['a', 'b', 'x'])).toEqual([{ code: 'unknown', ids: ['x'] }]);
    expect(reorderProblems(['a', 'b'], ['a', 'a', 'b'])).toEqual([{ code: 'duplicate', ids: ['a'] }]);
    expect(reorderProblems(['a', 'b'], ['a', 'a'])).toEqual([{ code: 'duplicate', ids: ['a'] }, { code: 'missing', ids: ['b'] }]);
  });
});

describe('rule validation', () => {
  const issues = (value: unknown) => {
    const r = clauseSchema.safeParse(value);
    return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
  };

  it('accepts each field with its values, eq/neq a string, in/not_in a list', () => {
    expect(clauseSchema.parse({ field: 'priority', op: 'eq', value: 'urgent' })).toEqual({ field: 'priority', op: 'eq', value: 'urgent' });
    expect(clauseSchema.parse({ field: 'source', op: 'in', value: ['chat', 'email', 'chat'] })).toEqual({ field: 'source', op: 'in', value: ['chat', 'email'] });
    expect(clauseSchema.parse({ field: 'requesterType', op: 'not_in', value: ['bp', 'account'] }).value).toEqual(['bp', 'account']);
    expect(clauseSchema.parse({ field: 'tag', op: 'neq', value: 'VIP' }).value).toBe('vip');
  });

  it('refuses unknown fields and ops, and extra keys', () => {
    expect(issues({ field: 'status', op: 'eq', value: 'open' })).toEqual(['field']);
    expect(issues({ field: 'priority', op: 'gt', value: 'low' })).toEqual(['op']);
    expect(issues({ field: 'priority', op: 'eq', value: 'low', extra: 1 })).toEqual(['']);
  });

  it('refuses a list for eq/neq, a string or an empty list for in/not_in', () => {
    expect(issues({ field: 'priority', op: 'eq', value: ['low'] })).toEqual(['value']);
    expect(issues({ field: 'priority', op: 'neq', value: ['low'] })).toEqual(['value']);
    expect(issues({ field: 'priority', op: 'in', value: 'low' })).toEqual(['value']);
    expect(issues({ field: 'priority', op: 'not_in', value: [] })).toEqual(['value']);
    expect(issues({ field: 'priority', op: 'eq', value: 3 })).toEqual(['value']);
    expect(issues({ field: 'priority', op: 'eq', value: '' })).toEqual(['value']);
  });

  it('refuses values that are not valid for the field', () => {
    expect(issues({ field: 'priority', op: 'eq', value: 'critical' })).toEqual(['value']);
    expect(issues({ field: 'source', op: 'in', value: ['email', 'fax'] })).toEqual(['value.1']);
    expect(issues({ field: 'requesterType', op: 'eq', value: 'customer' })).toEqual(['value']);
    expect(issues({ field: 'tag', op: 'in', value: ['ok', 'not a tag', 'bad!'] })).toEqual(['value.1', 'value.2']);
    expect(issues({ field: 'tag', op: 'eq', value: 'x'.repeat(41) })).toEqual(['value']);
  });

  it('validates actions and rules', () => {
    const base = { name: 'VIP', match: 'all', clauses: [], action: { type: 'escalate' } };
    expect(createRuleSchema.parse(base)).toEqual({ ...base, enabled: true });
    expect(createRuleSchema.parse({ ...base, position: 0 }).position).toBe(0);
    for (const bad of [{ position: -1 }, { position: 1.5 }, { match: 'some' }, { name: '' }, { action: { type: 'assign_to_queue' } }, { action: { type: 'escalate', queueId: 'q' } }, { action: { type: 'close' } }]) {
      expect(createRuleSchema.safeParse({ ...base, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
    expect(updateRuleSchema.safeParse({ ...base, position: 0 }).success).toBe(false);
    expect(createRuleSchema.safeParse({ ...base, action: { type: 'assign_to_user', userId: 'u' } }).success).toBe(true);
    expect(createRuleSchema.safeParse({ ...base, action: { type: 'reassign_queue', queueId: 'q' } }).success).toBe(true);
  });
});
