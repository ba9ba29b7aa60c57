import { describe, expect, it } from 'vitest';
import { deleteBlockers, effectiveDefaultQueueId, memberIssues } from './queue.rules.ts';
import { queueInputSchema, queueMembersBodySchema } from './queue.schema.ts';

const q = (id: string, createdAt: string) => ({ id, createdAt });

describe('effectiveDefaultQueueId', () => {
  const queues = [q('b', '2026-01-02'), q('a', '2026-01-03'), q('c', '2026-01-01')];
  it('is the routing tab’s choice when it names a queue', () => expect(effectiveDefaultQueueId(queues, 'a')).toBe('a'));
  it('falls back to the oldest queue when none was chosen or the choice is gone', () => {
    expect(effectiveDefaultQueueId(queues, undefined)).toBe('c');
    expect(effectiveDefaultQueueId(queues, 'gone')).toBe('c');
    expect(effectiveDefaultQueueId([q('y', '2026-01-01'), q('x', '2026-01-01')], undefined)).toBe('x');
  });
  it('is undefined without queues', () => expect(effectiveDefaultQueueId([], 'a')).toBeUndefined());
});

describe('memberIssues', () => {
  it('names each member who is not a user of the tenant, by position', () => {
    const users = new Set(['u1', 'u2']);
    expect(memberIssues([{ userId: 'u1' }, { userId: 'x' }, { userId: 'u2' }, { userId: 'y' }], users).map((d) => d.field)).toEqual(['members.1.userId', 'members.3.userId']);
    expect(memberIssues([{ userId: 'x' }], users, '').map((d) => d.field)).toEqual(['0.userId']);
    expect(memberIssues([], users)).toEqual([]);
  });
});

describe('deleteBlockers', () => {
  const topics = [
    { id: 't1', name: 'Billing', defaults: { queueId: 'q1' } },
    { id: 't2', name: 'Access', defaults: {} },
    { id: 't3', name: 'Outage', defaults: { queueId: 'q1' } },
  ];
  it('the default queue, and the topics that default to it, by name', () => {
    const details = deleteBlockers('q1', 'q1', topics);
    expect(details.map((d) => d.code)).toEqual(['is_default', 'in_use']);
    expect(details[1]).toMatchObject({ field: 'helpTopics', helpTopicIds: ['t1', 't3'] });
    expect(details[1]!.message).toMatch(/Billing \(t1\).*Outage \(t3\)/);
  });
  it('nothing for a free queue', () => expect(deleteBlockers('q2', 'q1', topics)).toEqual([]));
});

describe('queue schemas', () => {
  const member = { userId: 'u1', role: 'lead', priorityWeight: 50, onBreak: false };
  const paths = (r: { error?: { issues: { path: PropertyKey[] }[] } }) => (r.error?.issues ?? []).map((i) => i.path.join('.'));
  it('defaults autoAssign on and no members', () => expect(queueInputSchema.parse({ name: ' Tier 2 ' })).toEqual({ name: 'Tier 2', autoAssign: true, members: [] }));
  it('weights 1–100, roles member|lead, each user once', () => {
    expect(paths(queueInputSchema.safeParse({ name: 'x', members: [{ ...member, priorityWeight: 0 }, { ...member, userId: 'u2', priorityWeight: 101 }] }))).toEqual(['members.0.priorityWeight', 'members.1.priorityWeight']);
    expect(paths(queueInputSchema.safeParse({ name: 'x', members: [{ ...member, role: 'boss' }] }))).toEqual(['members.0.role']);
    expect(paths(queueInputSchema.safeParse({ name: 'x', members: [member, member] }))).toEqual(['members.1.userId']);
    expect(paths(queueInputSchema.safeParse({ name: 'x', id: 'q1' }))).toEqual(['']);
  });
  it('members body: the list, or {members}', () => {
    expect(queueMembersBodySchema.parse([member])).toEqual([member]);
    expect(queueMembersBodySchema.parse({ members: [member] })).toEqual([member]);
  });
});
