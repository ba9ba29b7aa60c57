import { describe, expect, it } from 'vitest';
import { defaultsIssues } from './help-topic.rules.ts';
import { helpTopicInputSchema } from './help-topic.schema.ts';

const tenant = { queueIds: new Set(['q1']), agentIds: new Set(['u1']) };

describe('defaultsIssues', () => {
  it('accepts existing references and no references', () => {
    expect(defaultsIssues({ queueId: 'q1', assigneeId: 'u1', priority: 'high', dueOffsetHours: 4 }, tenant)).toEqual([]);
    expect(defaultsIssues({}, tenant)).toEqual([]);
  });
  it('names a missing queue and a user who is not an agent', () => {
    expect(defaultsIssues({ queueId: 'q9', assigneeId: 'customer' }, tenant).map((d) => d.field)).toEqual(['defaults.queueId', 'defaults.assigneeId']);
  });
  it('does not re-check a reference that is unchanged', () => {
    expect(defaultsIssues({ assigneeId: 'left' }, tenant, { assigneeId: 'left' })).toEqual([]);
    expect(defaultsIssues({ assigneeId: 'other' }, tenant, { assigneeId: 'left' }).map((d) => d.field)).toEqual(['defaults.assigneeId']);
  });
});

describe('helpTopicInputSchema', () => {
  it('defaults active and empty defaults; due offset ≥ 0', () => {
    expect(helpTopicInputSchema.parse({ name: 'Access' })).toEqual({ name: 'Access', active: true, defaults: {} });
    expect(helpTopicInputSchema.safeParse({ name: 'x', defaults: { dueOffsetHours: -1 } }).success).toBe(false);
    expect(helpTopicInputSchema.safeParse({ name: 'x', defaults: { priority: 'asap' } }).success).toBe(false);
    expect(helpTopicInputSchema.safeParse({ name: 'x', defaults: { colour: 'red' } }).success).toBe(false);
  });
});
