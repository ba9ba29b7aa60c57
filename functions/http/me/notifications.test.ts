/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies of the API under test */
// Lead notifications over real HTTP: escalations are produced by invoking the `notify-leads` target
// with an EventBridge event built from a real ticket (twice, as at-least-once delivery may), then
// read back through GET /api/me/notifications and POST …/{id}/read as each user.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoke } from '../../../infra/local/modules.ts';
import { type Api, type Client, clientWith, createTicket, expectError, idOf, idle, startApi, users } from '../api-testing.ts';

let api: Api;
let queueId: string;
beforeAll(async () => {
  api = await startApi();
  // A queue of its own with two leads (Sam, Ada) and a member (Alice), so seeded tickets never add to what is counted.
  const ada = await api.as(users.ada);
  const member = (email: string, role: 'member' | 'lead') => ({ userId: idOf(email), role, priorityWeight: 50, onBreak: false });
  const res = await ada.post('/api/tenants/acme/queues', {
    name: `Escalation desk ${randomUUID().slice(0, 6)}`,
    autoAssign: false,
    members: [member(users.sam, 'lead'), member(users.ada, 'lead'), member(users.alice, 'member')],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  queueId = res.body.id;
  await idle(api.rt); // whatever the seed set off is done before anything is counted
});
afterAll(async () => api?.rt.stop());

let seconds = 0;
/** A `ticket.escalated` event for `ticket` as the sweep would send it (priority stepped to urgent, resolution breached). */
function escalated(ticket: Record<string, any>, data: Record<string, unknown> = { reason: 'sla', level: 1 }) {
  // Strictly increasing escalation times, so "newest first" has one right answer.
  const occurredAt = new Date(Date.parse('2030-01-01T00:00:00.000Z') + ++seconds * 1000).toISOString();
  const after = { ...ticket, priority: 'urgent', version: ticket.version + 1, sla: { ...ticket.sla, breached: 'resolution', breachedAt: occurredAt, escalationLevel: 1, escalatedAt: occurredAt } };
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'ticket.escalated',
    source: 'service-desk',
    time: occurredAt,
    detail: { eventId: randomUUID(), tenantId: ticket.tenantId, number: ticket.number, version: after.version, occurredAt, actor: { id: 'system', type: 'system' }, data, ticket: after },
  };
}

const deliver = (event: unknown) => invoke('functions/events/notify-leads', event);

async function escalate(client: Client, tenant: string, overrides: Record<string, unknown>, data?: Record<string, unknown>) {
  const ticket = await createTicket(client, tenant, overrides);
  const event = escalated(ticket, data);
  await deliver(event);
  await deliver(event); // at least once: the same event again must add nothing
  return ticket;
}

const list = (client: Client, query = '') => client.get(`/api/me/notifications${query}`);

describe('GET /api/me/notifications', () => {
  it('gives each lead of the ticket’s queue one notification, however often the event arrives; members get none', async () => {
    const alice = await api.as(users.alice);
    const before = (await list(await api.as(users.sam))).body.unreadCount as number;
    const ticket = await escalate(alice, 'acme', { subject: 'Printer on fire', queueId });

    for (const email of [users.sam, users.ada]) {
      const res = await list(await api.as(email));
      expect(res.status).toBe(200);
      const mine = res.body.items.filter((n: any) => n.number === ticket.number);
      expect(mine).toEqual([
        {
          id: expect.any(String),
          tenantId: 'acme',
          number: ticket.number,
          kind: 'escalation',
          reason: 'resolution_breach',
          message: `${ticket.number} “Printer on fire” escalated to urgent: resolution target breached`,
          createdAt: expect.any(String),
        },
      ]);
    }
    expect((await list(await api.as(users.sam))).body.unreadCount).toBe(before + 1);
    // Not a lead anywhere: nothing, not even a count.
    for (const email of [users.alice, users.max]) expect((await list(await api.as(email))).body).toEqual({ items: [], unreadCount: 0 });
  });

  it('names the routing rule that escalated', async () => {
    const ada = await api.as(users.ada);
    const rule = await ada.post('/api/tenants/acme/routing-rules', { name: 'Loud customers', enabled: false, match: 'all', clauses: [{ field: 'tag', op: 'eq', value: 'loud' }], action: { type: 'escalate' } });
    expect(rule.status, JSON.stringify(rule.body)).toBe(201);
    const ticket = await escalate(await api.as(users.alice), 'acme', { subject: 'Shouting on the phone', queueId }, { reason: 'rule', ruleId: rule.body.id, level: 1 });
    const [n] = (await list(ada)).body.items.filter((x: any) => x.number === ticket.number);
    expect(n).toMatchObject({ reason: 'rule', ruleId: rule.body.id, message: `${ticket.number} “Shouting on the phone” escalated to urgent by routing rule “Loud customers”` });
  });

  it('lists newest first, pages by cursor, and counts unread across pages', async () => {
    const alice = await api.as(users.alice);
    const numbers: string[] = [];
    for (let i = 0; i < 3; i++) numbers.push((await escalate(alice, 'acme', { subject: `Paging ${i}`, queueId })).number);
    const sam = await api.as(users.sam);
    const first = await list(sam);
    expect(first.body.items.slice(0, 3).map((n: any) => n.number)).toEqual([...numbers].reverse());
    const times = first.body.items.map((n: any) => n.createdAt);
    expect([...times].sort().reverse()).toEqual(times);

    const paged: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 20; guard++) {
      const res = await list(sam, `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      expect(res.body.unreadCount).toBe(first.body.unreadCount);
      paged.push(...res.body.items.map((n: any) => n.id));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(paged).toEqual(first.body.items.map((n: any) => n.id));
  });

  it('refuses a tampered cursor, another user’s cursor and a limit over 100 with SPEC’s error shape', async () => {
    const sam = await api.as(users.sam);
    const cursor = (await list(sam, '?limit=1')).body.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    expectError(await list(sam, `?limit=1&cursor=${encodeURIComponent(`${cursor.slice(0, -2)}xx`)}`), 400, 'validation_failed', ['query.cursor']);
    expectError(await list(await api.as(users.ada), `?limit=1&cursor=${encodeURIComponent(cursor)}`), 400, 'validation_failed', ['query.cursor']);
    expectError(await list(sam, '?limit=101'), 400, 'validation_failed', ['query.limit']);
    expectError(await list(sam, '?page=2'), 400, 'validation_failed');
  });

  it('shows only the tenants the caller still belongs to', async () => {
    const ticket = await escalate(await api.as(users.gina), 'globex', { subject: 'Warehouse scanner down', queueId: 'q-globex-support' });
    const ada = await api.as(users.ada);
    const full = (await list(ada, '?limit=100')).body;
    expect(full.nextCursor).toBeUndefined();
    const n = full.items.find((x: any) => x.number === ticket.number && x.tenantId === 'globex');
    expect(n).toBeDefined();
    const unreadOfGlobex = full.items.filter((x: any) => x.tenantId === 'globex' && !x.readAt).length;

    // Ada, removed from globex: her token now names acme only.
    const acmeOnly = clientWith(api.rt, api.rt.issuer.sign({ sub: idOf(users.ada), name: 'Ada Park', email: users.ada, 'cognito:groups': ['service-desk-admin'], 'custom:tenants': 'acme' }));
    const res = await list(acmeOnly, '?limit=100');
    expect(res.body.items.map((x: any) => x.tenantId)).not.toContain('globex');
    expect(res.body.unreadCount).toBe(full.unreadCount - unreadOfGlobex);
    expectError(await acmeOnly.post(`/api/me/notifications/${n.id}/read`), 404, 'not_found');
  });

  it('is for internal users signed in', async () => {
    expectError(await list(await api.as(users.carol)), 403, 'forbidden');
    expectError(await list(clientWith(api.rt, undefined)), 401, 'unauthorized');
  });

  it('reads one page with one Query and the unread count with one batch get', async () => {
    const sam = await api.as(users.sam);
    await list(sam); // warm: the first request of a handler loads its module
    await idle(api.rt);
    const commands: string[] = [];
    api.rt.db.client.middlewareStack.add((next, context) => async (args) => (commands.push(String(context.commandName)), next(args)), { step: 'initialize', name: 'countNotificationCalls' });
    try {
      expect((await list(sam, '?limit=5')).status).toBe(200);
    } finally {
      api.rt.db.client.middlewareStack.remove('countNotificationCalls');
    }
    expect(commands.sort()).toEqual(['BatchGetItemCommand', 'QueryCommand']);
  });
});

describe('POST /api/me/notifications/{id}/read', () => {
  it('marks it read (204, twice), lowering the unread count once', async () => {
    const ticket = await escalate(await api.as(users.alice), 'acme', { subject: 'Read me', queueId });
    const sam = await api.as(users.sam);
    const before = (await list(sam, '?limit=100')).body;
    const n = before.items.find((x: any) => x.number === ticket.number);
    expect(n.readAt).toBeUndefined();

    for (let i = 0; i < 2; i++) {
      const res = await sam.post(`/api/me/notifications/${n.id}/read`);
      expect(res.status).toBe(204);
      expect(res.body).toBe('');
    }
    const after = (await list(sam, '?limit=100')).body;
    expect(after.unreadCount).toBe(before.unreadCount - 1);
    expect(after.items.find((x: any) => x.id === n.id).readAt).toEqual(expect.any(String));
    // Ada's notification of the same escalation is hers to read.
    expect((await list(await api.as(users.ada), '?limit=100')).body.items.find((x: any) => x.number === ticket.number).readAt).toBeUndefined();
  });

  it('answers 404 for another user’s notification and for an unknown id, and changes nothing', async () => {
    const ticket = await escalate(await api.as(users.alice), 'acme', { subject: 'Not yours', queueId });
    const sam = await api.as(users.sam);
    const n = (await list(sam, '?limit=100')).body.items.find((x: any) => x.number === ticket.number);
    const before = (await list(sam)).body.unreadCount;

    for (const email of [users.alice, users.max]) {
      const other = await api.as(email);
      expectError(await other.post(`/api/me/notifications/${n.id}/read`), 404, 'not_found');
      expect((await list(other, '?limit=100')).body.items.map((x: any) => x.id)).not.toContain(n.id);
    }
    expectError(await sam.post('/api/me/notifications/01ARZ3NDEKTSV4RRFFQ69G5FAV/read'), 404, 'not_found');
    expectError(await sam.post(`/api/me/notifications/${'x'.repeat(300)}/read`), 404, 'not_found');
    expect((await list(sam)).body.unreadCount).toBe(before);
  });
});
