/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies of the API under test */
// Routing on events over the real runtime: rules, fallbacks, auto-assignment, idempotency and the
// outbox's republish. Each ticket is created through the API and read back after the bus is idle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toEventBridgeEvent } from '../../infra/local/event-bus.ts';
import { createAgentLoadRepo } from '../../shared/routing/agent-load.repo.ts';
import { createTicketRepo } from '../../shared/ticket/ticket.repo.ts';
import { toTicket } from '../../shared/ticket/ticket.service.ts';
import { type Api, type Client, advanceMinutes, createTicket, idOf, idle, startApi, users } from '../http/api-testing.ts';
import { handler as routeTicket } from './route-ticket.ts';

let api: Api;
let alice: Client;
let ada: Client;

beforeAll(async () => {
  api = await startApi();
  [alice, ada] = await Promise.all([api.as(users.alice), api.as(users.ada)]);
  await idle(api.rt);
});
afterAll(() => api.rt.stop());

async function routed(tenant: string, overrides: Record<string, unknown>, client = alice) {
  const created = await createTicket(client, tenant, overrides);
  await idle(api.rt);
  return (await ada.get(`/api/tenants/${tenant}/tickets/${created.number}`)).body;
}

const routingEntries = (t: any) => t.thread.filter((e: any) => e.kind === 'system' && /Rout|skipped|Auto-assigned/.test(e.body));

describe('routing rules on ticket.created', () => {
  it('routes a new ticket by the first matching rule and names it in a system entry', async () => {
    const t = await routed('acme', { tags: ['vip'] });
    expect(t.queueId).toBe('q-acme-general');
    expect(routingEntries(t)).toHaveLength(1);
    expect(routingEntries(t)[0].body).toContain('Urgent or VIP to General Support');
    expect(routingEntries(t)[0].author.type).toBe('system');
  });

  it('does not let a later matching rule override the first', async () => {
    // Rule 1 (VIP → General) and rule 2 (billing → Billing) both match: rule 1 wins.
    const t = await routed('acme', { tags: ['vip', 'billing'] });
    expect(t.queueId).toBe('q-acme-general');
    const solo = await routed('acme', { tags: ['billing'] });
    expect(solo.queueId).toBe('q-acme-billing');
  });

  it('keeps an explicit queue: the winning rule ends evaluation without moving the ticket', async () => {
    const t = await routed('acme', { tags: ['vip'], queueId: 'q-acme-billing' });
    expect(t.queueId).toBe('q-acme-billing');
    expect(routingEntries(t).map((e: any) => e.body).join('\n')).toContain('keeps its explicitly chosen queue');
  });

  it('falls back to the help topic’s queue, else the default queue', async () => {
    const topic = await routed('acme', { helpTopicId: 'ht-acme-billing' });
    expect(topic.queueId).toBe('q-acme-billing');
    const plain = await routed('acme', {});
    const routing = (await ada.get('/api/tenants/acme/settings/routing')).body;
    expect(plain.queueId).toBe(routing.defaultQueueId);
  });

  it('assigns to a user by rule, and escalates by rule with one step of priority', async () => {
    const phone = await routed('acme', { source: 'phone', requester: { type: 'bp', bpId: 'BP-1002' } });
    expect(phone.assigneeId).toBe(idOf(users.sam));
    const chat = await routed('acme', { source: 'chat', tags: ['outage'], priority: 'high' });
    expect(chat.priority).toBe('urgent');
    expect(chat.sla.escalationLevel).toBe(1);
    expect(chat.sla.escalatedAt).toBeDefined();
  });

  it('skips a rule whose queue was deleted, reports it, and still routes the ticket', async () => {
    const q = await ada.post('/api/tenants/acme/queues', { name: 'Short-lived', autoAssign: false, members: [] });
    expect(q.status).toBe(201);
    const rule = await ada.post('/api/tenants/acme/routing-rules', {
      name: 'Gone target',
      enabled: true,
      position: 0,
      match: 'all',
      clauses: [{ field: 'tag', op: 'eq', value: 'gone-target' }],
      action: { type: 'assign_to_queue', queueId: q.body.id },
    });
    expect(rule.status).toBe(201);
    expect((await ada.call('DELETE', `/api/tenants/acme/queues/${q.body.id}`)).status).toBe(204);
    const t = await routed('acme', { tags: ['gone-target', 'vip'] });
    expect(t.queueId).toBe('q-acme-general');
    expect(routingEntries(t).map((e: any) => e.body).join('\n')).toContain('“Gone target” was skipped');
    expect((await ada.call('DELETE', `/api/tenants/acme/routing-rules/${rule.body.id}`)).status).toBe(204);
  });

  it('re-routes when a person changes a routed field, never on its own changes', async () => {
    const t = await routed('acme', {});
    expect(t.queueId).toBe('q-acme-general');
    const res = await ada.patch(`/api/tenants/acme/tickets/${t.number}`, { tags: ['refund'] }, t.version);
    expect(res.status).toBe(200);
    await idle(api.rt);
    const after = (await ada.get(`/api/tenants/acme/tickets/${t.number}`)).body;
    expect(after.queueId).toBe('q-acme-billing');
    // The routing's own change (actor system) did not route again: exactly one more routing entry.
    expect(routingEntries(after)).toHaveLength(routingEntries(t).length + 1);
  });
});

describe('auto-assignment', () => {
  // The seed's tickets already count on these agents: start the comparisons level.
  const level = (...emails: string[]) => Promise.all(emails.map((e) => createAgentLoadRepo(api.rt.db).set('globex', idOf(e), 0)));

  it('spreads tickets over available members by load ÷ weight, skipping members on break', async () => {
    const q = await ada.post('/api/tenants/globex/queues', {
      name: 'Spread test',
      autoAssign: true,
      members: [
        { userId: idOf(users.gina), role: 'member', priorityWeight: 50, onBreak: true },
        { userId: idOf(users.max), role: 'member', priorityWeight: 50, onBreak: false },
        { userId: idOf(users.ada), role: 'lead', priorityWeight: 50, onBreak: false },
      ],
    });
    expect(q.status, JSON.stringify(q.body)).toBe(201);
    await level(users.max, users.ada);
    const picks: string[] = [];
    for (let i = 0; i < 4; i++) picks.push((await routed('globex', { queueId: q.body.id, requester: { type: 'account', accountId: `SPREAD-${i}` } }, ada)).assigneeId);
    expect(picks.filter((p) => p === idOf(users.gina))).toHaveLength(0);
    expect(picks.filter((p) => p === idOf(users.max))).toHaveLength(2);
    expect(picks.filter((p) => p === idOf(users.ada))).toHaveLength(2);
  });

  it('does not give concurrent arrivals all to the same member', async () => {
    const q = await ada.post('/api/tenants/globex/queues', {
      name: 'Burst test',
      autoAssign: true,
      members: [
        { userId: idOf(users.max), role: 'member', priorityWeight: 10, onBreak: false },
        { userId: idOf(users.gina), role: 'member', priorityWeight: 10, onBreak: false },
      ],
    });
    await level(users.max, users.gina);
    const created = await Promise.all(Array.from({ length: 6 }, (_, i) => createTicket(ada, 'globex', { queueId: q.body.id, requester: { type: 'account', accountId: `BURST-${i}` } })));
    await idle(api.rt);
    const assignees = await Promise.all(created.map(async (c) => (await ada.get(`/api/tenants/globex/tickets/${c.number}`)).body.assigneeId));
    expect(assignees.filter((a) => a === idOf(users.max))).toHaveLength(3);
    expect(assignees.filter((a) => a === idOf(users.gina))).toHaveLength(3);
  });

  it('leaves the ticket unassigned in its queue when every member is on break', async () => {
    const q = await ada.post('/api/tenants/globex/queues', {
      name: 'Everyone out',
      autoAssign: true,
      members: [{ userId: idOf(users.max), role: 'member', priorityWeight: 10, onBreak: true }],
    });
    const t = await routed('globex', { queueId: q.body.id }, ada);
    expect(t.queueId).toBe(q.body.id);
    expect(t.assigneeId).toBeUndefined();
  });

  it('assigns when a person moves an unassigned ticket into an auto-assign queue', async () => {
    const q = await ada.post('/api/tenants/globex/queues', {
      name: 'Move target',
      autoAssign: true,
      members: [{ userId: idOf(users.gina), role: 'member', priorityWeight: 10, onBreak: false }],
    });
    const noAuto = await ada.post('/api/tenants/globex/queues', { name: 'Parking', autoAssign: false, members: [] });
    const t = await routed('globex', { queueId: noAuto.body.id }, ada);
    expect(t.assigneeId).toBeUndefined();
    const res = await ada.patch(`/api/tenants/globex/tickets/${t.number}`, { queueId: q.body.id }, t.version);
    expect(res.status).toBe(200);
    await idle(api.rt);
    expect((await ada.get(`/api/tenants/globex/tickets/${t.number}`)).body.assigneeId).toBe(idOf(users.gina));
  });
});

describe('at-least-once delivery', () => {
  it('changes the ticket once when the same event is delivered twice', async () => {
    const repo = createTicketRepo(api.rt.db);
    // Created while the bus drops events: nothing routes it until the handler is called below.
    const publish = api.rt.bus.publish;
    const owed: Parameters<typeof publish>[0] = [];
    api.rt.bus.publish = async (events) => {
      owed.push(...events);
      return { published: events.map((e) => e.detail.eventId), failed: [] };
    };
    let number: string;
    try {
      number = (await createTicket(alice, 'acme', { tags: ['vip'] })).number;
    } finally {
      api.rt.bus.publish = publish;
    }
    const created = owed.find((e) => e.name === 'ticket.created' && e.detail.number === number)!;
    expect((await repo.get('acme', number))!.queueId).toBeUndefined();
    const event = toEventBridgeEvent(created);
    await routeTicket(event as any, {} as any);
    await idle(api.rt);
    const once = await repo.get('acme', number);
    await routeTicket(event as any, {} as any);
    await idle(api.rt);
    const twice = await repo.get('acme', number);
    expect(once!.queueId).toBe('q-acme-general');
    expect(twice!.version).toBe(once!.version);
    expect(twice!.revision).toBe(once!.revision);
  });

  it('republishes an event left owed on the ticket and routes it once', async () => {
    const publish = api.rt.bus.publish;
    api.rt.bus.publish = async (events) => ({ published: [], failed: events.map((e) => e.detail.eventId) });
    let number: string;
    try {
      number = (await createTicket(alice, 'acme', { tags: ['vip'] })).number;
    } finally {
      api.rt.bus.publish = publish;
    }
    const repo = createTicketRepo(api.rt.db);
    const owedTicket = await repo.get('acme', number);
    expect(Object.keys(owedTicket!.outbox ?? {})).toHaveLength(1);
    expect(owedTicket!.queueId).toBeUndefined();
    await advanceMinutes(api.rt, 2);
    for (let run = 0; run < 2; run++) {
      const res = await fetch(`${api.rt.url}/dev/schedules/housekeeping/run`, { method: 'POST' });
      expect(res.status).toBe(200);
      await idle(api.rt);
    }
    const after = (await ada.get(`/api/tenants/acme/tickets/${number}`)).body;
    expect(after.queueId).toBe('q-acme-general');
    expect(routingEntries(after)).toHaveLength(1);
    expect(toTicket((await repo.get('acme', number))!).version).toBe(after.version);
  });
});
