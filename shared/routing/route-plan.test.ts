import { describe, expect, it } from 'vitest';
import { chooseAssignee } from './assignment.rules.ts';
import { type PlanTicket, planRoute } from './route-plan.ts';
import type { Evaluation } from './routing.rules.ts';
import type { RuleAction } from './routing.schema.ts';

const ticket = (over: Partial<PlanTicket> = {}): PlanTicket => ({ explicitQueue: false, explicitAssignee: false, priority: 'medium', ...over });
const wins = (action: RuleAction): Evaluation => ({ ruleId: 'r1', action, trace: [{ ruleId: 'r1', matched: true, clauses: [true] }] });
const none: Evaluation = { trace: [] };
const fallbacks = { topicQueueId: 'q-topic', defaultQueueId: 'q-default' };

describe('planRoute', () => {
  it('assign_to_queue puts the ticket in the queue, unless its queue was chosen explicitly', () => {
    expect(planRoute(ticket(), wins({ type: 'assign_to_queue', queueId: 'q1' }), fallbacks)).toMatchObject({ queueId: 'q1', ruleId: 'r1' });
    expect(planRoute(ticket({ queueId: 'q-topic' }), wins({ type: 'assign_to_queue', queueId: 'q1' }), fallbacks).queueId).toBe('q1');
    const kept = planRoute(ticket({ queueId: 'q0', explicitQueue: true }), wins({ type: 'assign_to_queue', queueId: 'q1' }), fallbacks);
    expect(kept).toMatchObject({ queueId: 'q0', keptExplicit: 'queue', ruleId: 'r1' });
  });

  it('reassign_queue moves and clears the assignee; with no queue it acts as assign_to_queue', () => {
    expect(planRoute(ticket({ queueId: 'q0', assigneeId: 'u1' }), wins({ type: 'reassign_queue', queueId: 'q1' }), fallbacks)).toMatchObject({ queueId: 'q1' });
    expect(planRoute(ticket({ queueId: 'q0', assigneeId: 'u1' }), wins({ type: 'reassign_queue', queueId: 'q1' }), fallbacks).assigneeId).toBeUndefined();
    expect(planRoute(ticket(), wins({ type: 'reassign_queue', queueId: 'q1' }), fallbacks)).toMatchObject({ queueId: 'q1' });
    // An explicit assignee is never replaced (nor cleared).
    expect(planRoute(ticket({ queueId: 'q0', assigneeId: 'u1', explicitAssignee: true }), wins({ type: 'reassign_queue', queueId: 'q1' }), fallbacks)).toMatchObject({ queueId: 'q0', assigneeId: 'u1', keptExplicit: 'assignee' });
  });

  it('assign_to_user assigns, unless the assignee was chosen explicitly', () => {
    expect(planRoute(ticket(), wins({ type: 'assign_to_user', userId: 'u2' }), fallbacks)).toMatchObject({ assigneeId: 'u2', queueId: 'q-topic' });
    expect(planRoute(ticket({ assigneeId: 'u1', explicitAssignee: true }), wins({ type: 'assign_to_user', userId: 'u2' }), fallbacks)).toMatchObject({ assigneeId: 'u1', keptExplicit: 'assignee' });
  });

  it('escalate raises the priority one step, capped at urgent', () => {
    expect(planRoute(ticket({ priority: 'low' }), wins({ type: 'escalate' }), fallbacks)).toMatchObject({ priority: 'medium', escalated: true });
    expect(planRoute(ticket({ priority: 'high' }), wins({ type: 'escalate' }), fallbacks)).toMatchObject({ priority: 'urgent', escalated: true });
    expect(planRoute(ticket({ priority: 'urgent' }), wins({ type: 'escalate' }), fallbacks)).toMatchObject({ priority: 'urgent', escalated: true });
  });

  it('falls back to the help topic’s queue, else the default; never over a queue the ticket has', () => {
    expect(planRoute(ticket(), none, fallbacks)).toMatchObject({ queueId: 'q-topic', fallback: 'help_topic' });
    expect(planRoute(ticket(), none, { defaultQueueId: 'q-default' })).toMatchObject({ queueId: 'q-default', fallback: 'default' });
    expect(planRoute(ticket({ queueId: 'q0' }), none, fallbacks)).toMatchObject({ queueId: 'q0' });
    expect(planRoute(ticket({ queueId: 'q0' }), none, fallbacks).fallback).toBeUndefined();
    expect(planRoute(ticket(), none, {}).queueId).toBeUndefined();
  });

  it('lists rules skipped for a missing target', () => {
    const evaluation: Evaluation = { trace: [{ ruleId: 'gone', matched: true, clauses: [true], skipped: 'missing_target' }] };
    expect(planRoute(ticket(), evaluation, fallbacks).skipped).toEqual(['gone']);
  });
});

describe('chooseAssignee', () => {
  const m = (userId: string, priorityWeight = 10, onBreak = false) => ({ userId, priorityWeight, onBreak });

  it('picks the lowest load ÷ weight', () => {
    expect(chooseAssignee([m('a'), m('b')], { a: 3, b: 1 })).toBe('b');
    // 4/40 = 0.1 beats 1/5 = 0.2: weight counts.
    expect(chooseAssignee([m('a', 5), m('b', 40)], { a: 1, b: 4 })).toBe('b');
  });

  it('breaks ties by member order', () => {
    expect(chooseAssignee([m('a'), m('b')], { a: 2, b: 2 })).toBe('a');
    expect(chooseAssignee([m('b'), m('a')], {})).toBe('b');
  });

  it('skips members on break; nobody available → undefined', () => {
    expect(chooseAssignee([m('a', 10, true), m('b')], { a: 0, b: 9 })).toBe('b');
    expect(chooseAssignee([m('a', 10, true)], {})).toBeUndefined();
    expect(chooseAssignee([], {})).toBeUndefined();
  });

  it('spreads a run of arrivals evenly when each one counts', () => {
    const loads: Record<string, number> = {};
    const members = [m('a'), m('b'), m('c')];
    for (let i = 0; i < 9; i++) {
      const who = chooseAssignee(members, loads)!;
      loads[who] = (loads[who] ?? 0) + 1;
    }
    expect(loads).toEqual({ a: 3, b: 3, c: 3 });
  });
});
