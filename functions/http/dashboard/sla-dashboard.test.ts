/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies of the API under test */
// GET /api/dashboard/sla over real HTTP, with the figures kept by the track-dashboard handler on the
// runtime's bus. The seed's tickets came before the figures, so every check is a delta: read, act
// through the API, wait for the bus, read again.
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toEventBridgeEvent } from '../../../infra/local/event-bus.ts';
import type { SlaDashboard } from '../../../shared/dashboard/dashboard.schema.ts';
import type { BusEvent } from '../../../shared/system/events.ts';
import { handler as trackDashboard } from '../../events/track-dashboard.ts';
import { type Api, type Client, advanceMinutes, createTicket, expectError, idle, startApi, users } from '../api-testing.ts';

let api: Api;
let alice: Client;
let ada: Client;
const published: BusEvent[] = [];
beforeAll(async () => {
  api = await startApi();
  const publish = api.rt.bus.publish.bind(api.rt.bus);
  api.rt.bus.publish = async (events) => {
    published.push(...events);
    return publish(events);
  };
  [alice, ada] = await Promise.all([api.as(users.alice), api.as(users.ada)]);
  await idle(api.rt);
});
afterAll(async () => api.rt.stop());

const dayIn = (timeZone: string, at = api.rt.clock.now()) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

async function dashboard(client: Client, query = ''): Promise<SlaDashboard> {
  const res = await client.get(`/api/dashboard/sla${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as SlaDashboard;
}

/** Figures of a dashboard as numbers to subtract: the tiles and today's (the last day's) trend. */
const figures = (d: SlaDashboard) => {
  const today = d.trend.days.at(-1)!;
  return { open: d.tiles.open, breached: d.tiles.breached, escalated: d.tiles.escalated, created: today.created, resolved: today.resolved, breachedToday: today.breached };
};
const delta = (after: SlaDashboard, before: SlaDashboard) => {
  const a = figures(after);
  const b = figures(before);
  return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v - b[k as keyof typeof b]]));
};
const zero = { open: 0, breached: 0, escalated: 0, created: 0, resolved: 0, breachedToday: 0 };

const path = (number: string, tenant = 'acme') => `/api/tenants/${tenant}/tickets/${number}`;
async function patchNow(number: string, body: unknown, tenant = 'acme') {
  const { version } = (await ada.get(path(number, tenant))).body;
  const res = await ada.patch(path(number, tenant), body, version);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** Delivers an event to the handler module itself, as EventBridge would (possibly twice). */
const deliver = (event: BusEvent) => trackDashboard(toEventBridgeEvent(event), { functionName: 'track-dashboard' } as Context);

describe('SLA dashboard figures follow the tickets', () => {
  it('has the SPEC shape: tiles, seven days ending today in the tenant’s zone, ten recent tickets', async () => {
    const d = await dashboard(alice);
    expect(Object.keys(d).sort()).toEqual(['recent', 'tiles', 'trend']);
    expect(d.trend.timeZone).toBe('Europe/Berlin'); // acme's Policies tab (seed)
    expect(d.trend.days).toHaveLength(7);
    expect(d.trend.days.at(-1)!.date).toBe(dayIn('Europe/Berlin'));
    const dates = d.trend.days.map((x) => x.date);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(7);
    for (const day of d.trend.days) expect(Object.keys(day).sort()).toEqual(['breached', 'created', 'date', 'resolved']);
    expect(d.recent.length).toBeGreaterThan(0);
    expect(d.recent.length).toBeLessThanOrEqual(10);
    expect(d.recent.every((t) => t.tenantId === 'acme')).toBe(true);
    const times = d.recent.map((t) => t.updatedAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('a create adds one open ticket and one created today, to all queues and to its queue; it leads the recent list', async () => {
    const [all, billing, general] = await Promise.all([dashboard(alice), dashboard(alice, '?tenant=acme&queue=q-acme-billing'), dashboard(alice, '?tenant=acme&queue=q-acme-general')]);
    const t = await createTicket(alice, 'acme', { queueId: 'q-acme-billing', subject: 'Dashboard: refund not received' });
    await idle(api.rt);
    const [all2, billing2, general2] = await Promise.all([dashboard(alice), dashboard(alice, '?tenant=acme&queue=q-acme-billing'), dashboard(alice, '?tenant=acme&queue=q-acme-general')]);
    expect(delta(all2, all)).toEqual({ ...zero, open: 1, created: 1 });
    expect(delta(billing2, billing)).toEqual({ ...zero, open: 1, created: 1 });
    expect(delta(general2, general)).toEqual(zero);
    expect(all2.recent[0]).toMatchObject({ tenantId: 'acme', number: t.number, subject: 'Dashboard: refund not received', queueId: 'q-acme-billing', queueName: expect.any(String), status: 'open' });
    expect(billing2.recent[0]!.number).toBe(t.number);
    expect(billing2.recent.every((r) => r.queueId === 'q-acme-billing')).toBe(true);
    expect(general2.recent.some((r) => r.number === t.number)).toBe(false);
  });

  it('a queue move moves the open ticket and its `created` between queues; all queues stay', async () => {
    const t = await createTicket(alice, 'acme', { queueId: 'q-acme-billing' });
    await idle(api.rt);
    const [all, billing, general] = await Promise.all([dashboard(alice), dashboard(alice, '?tenant=acme&queue=q-acme-billing'), dashboard(alice, '?tenant=acme&queue=q-acme-general')]);
    await patchNow(t.number, { queueId: 'q-acme-general' });
    await idle(api.rt);
    const [all2, billing2, general2] = await Promise.all([dashboard(alice), dashboard(alice, '?tenant=acme&queue=q-acme-billing'), dashboard(alice, '?tenant=acme&queue=q-acme-general')]);
    expect(delta(all2, all)).toEqual(zero);
    expect(delta(billing2, billing)).toEqual({ ...zero, open: -1, created: -1 });
    expect(delta(general2, general)).toEqual({ ...zero, open: 1, created: 1 });
  });

  it('pending keeps a ticket open; resolve takes it off and counts one resolved today; a reopen puts it back', async () => {
    const t = await createTicket(alice, 'acme', { queueId: 'q-acme-billing' });
    await idle(api.rt);
    const d0 = await dashboard(alice);
    await patchNow(t.number, { status: 'pending' });
    await idle(api.rt);
    const d1 = await dashboard(alice);
    expect(delta(d1, d0)).toEqual(zero);
    await patchNow(t.number, { status: 'resolved' });
    await idle(api.rt);
    const d2 = await dashboard(alice);
    expect(delta(d2, d1)).toEqual({ ...zero, open: -1, resolved: 1 });
    await patchNow(t.number, { status: 'closed' });
    await idle(api.rt);
    const d3 = await dashboard(alice);
    expect(delta(d3, d2)).toEqual(zero);
    await patchNow(t.number, { status: 'open' });
    await idle(api.rt);
    expect(delta(await dashboard(alice), d3)).toEqual({ ...zero, open: 1 });
  });

  it('a breach with an escalation: tiles from ticket.updated, the day’s breached from ticket.sla_breached; each event counts once however often it comes', async () => {
    const t = await createTicket(alice, 'acme', { queueId: 'q-acme-billing' });
    await idle(api.rt);
    const created = published.find((e) => e.name === 'ticket.created' && e.detail.number === t.number)!;
    expect(created).toBeDefined();

    // The bus already delivered ticket.created: delivering it again (twice) changes nothing.
    const d0 = await dashboard(alice);
    expect(await deliver(created)).toBe('duplicate');
    expect(await deliver(created)).toBe('duplicate');
    expect(delta(await dashboard(alice), d0)).toEqual(zero);

    // What the sweep emits for a breach it escalates: ticket.updated with the sla change, and ticket.sla_breached.
    const now = api.rt.clock.now().toISOString();
    const before = created.detail.ticket as any;
    const sla = { ...before.sla, breached: 'first_response', breachedAt: now, escalationLevel: 1, escalatedAt: now };
    const after = { ...before, sla, version: before.version + 1, updatedAt: now };
    const base = { tenantId: 'acme', number: t.number, version: after.version, occurredAt: now, actor: { id: 'system', type: 'system' as const }, ticket: after };
    const updated: BusEvent = { name: 'ticket.updated', detail: { ...base, eventId: `test-upd-${t.number}`, changes: { sla: { from: before.sla, to: sla } } } };
    const breached: BusEvent = { name: 'ticket.sla_breached', detail: { ...base, eventId: `test-br-${t.number}`, data: { breach: 'first_response' } } };
    const q0 = await dashboard(alice, '?tenant=acme&queue=q-acme-billing');
    expect(await deliver(updated)).toBe('applied');
    expect(await deliver(breached)).toBe('applied');
    const d1 = await dashboard(alice);
    expect(delta(d1, d0)).toEqual({ ...zero, breached: 1, escalated: 1, breachedToday: 1 });
    expect(delta(await dashboard(alice, '?tenant=acme&queue=q-acme-billing'), q0)).toEqual({ ...zero, breached: 1, escalated: 1, breachedToday: 1 });
    expect(await deliver(updated)).toBe('duplicate');
    expect(await deliver(breached)).toBe('duplicate');
    expect(delta(await dashboard(alice), d1)).toEqual(zero);

  });
});

describe('SLA dashboard scope and filters', () => {
  it('across tenants: UTC days, the tenants’ figures summed, recent tickets of both by update time', async () => {
    const [both, acme, globex] = await Promise.all([dashboard(ada), dashboard(ada, '?tenant=acme'), dashboard(ada, '?tenant=globex')]);
    expect(both.trend.timeZone).toBe('UTC');
    expect(both.trend.days.at(-1)!.date).toBe(dayIn('UTC'));
    expect(acme.trend.timeZone).toBe('Europe/Berlin');
    expect(globex.trend.timeZone).toBe('UTC');
    expect(both.tiles).toEqual({ open: acme.tiles.open + globex.tiles.open, breached: acme.tiles.breached + globex.tiles.breached, escalated: acme.tiles.escalated + globex.tiles.escalated });
    // globex counts in UTC, so its days add up with the all-tenant figures day by day.
    const created = (d: SlaDashboard) => d.trend.days.reduce((n, x) => n + x.created, 0);
    expect(created(both)).toBeGreaterThanOrEqual(created(globex));
    expect(both.recent).toHaveLength(10);
    expect(new Set(both.recent.map((t) => t.tenantId))).toEqual(new Set(['acme', 'globex']));
    const times = both.recent.map((t) => t.updatedAt);
    expect([...times].sort().reverse()).toEqual(times);
    const newest = [...acme.recent, ...globex.recent].map((t) => t.updatedAt).sort().reverse().slice(0, 10);
    expect(times).toEqual(newest);

    const g = await createTicket(ada, 'globex', { subject: 'Dashboard: globex ticket' });
    await idle(api.rt);
    const both2 = await dashboard(ada);
    expect(delta(both2, both)).toEqual({ ...zero, open: 1, created: 1 });
    expect(both2.recent[0]).toMatchObject({ tenantId: 'globex', number: g.number });
  });

  it('answers 404 for another tenant or a queue that is not the tenant’s, 400 for a queue without a tenant or an unknown filter', async () => {
    expectError(await alice.get('/api/dashboard/sla?tenant=globex'), 404, 'not_found');
    expectError(await alice.get('/api/dashboard/sla?tenant=nope'), 404, 'not_found');
    expectError(await alice.get('/api/dashboard/sla?tenant=acme&queue=q-globex-support'), 404, 'not_found');
    expectError(await alice.get('/api/dashboard/sla?tenant=acme&queue=nope'), 404, 'not_found');
    expectError(await alice.get('/api/dashboard/sla?queue=q-acme-billing'), 400, 'validation_failed', ['query.queue']);
    expectError(await alice.get('/api/dashboard/sla?status=open'), 400, 'validation_failed', ['query.status']);
    expectError(await alice.get(`/api/dashboard/sla?tenant=${'x'.repeat(101)}`), 400, 'validation_failed', ['query.tenant']);
  });

  it('answers 401 without a token and 403 to a customer', async () => {
    const anonymous = await fetch(`${api.rt.url}/api/dashboard/sla`);
    expect(anonymous.status).toBe(401);
    expectError(await (await api.as(users.carol)).get('/api/dashboard/sla'), 403, 'forbidden');
  });
});

describe('SLA dashboard table calls', () => {
  it('makes at most three Get/Query calls per tenant with the configuration cached, never a Scan', async () => {
    const calls: string[] = [];
    api.rt.db.client.middlewareStack.add((next, context) => async (args) => (calls.push(String(context.commandName)), next(args)), { step: 'initialize', name: 'dashboardCalls' });
    try {
      const count = async (client: Client, query = '') => {
        await idle(api.rt);
        await dashboard(client, query); // warms the configuration cache
        calls.length = 0;
        await dashboard(client, query);
        return [...calls];
      };
      const one = await count(alice);
      expect(one.length, one.join(', ')).toBeLessThanOrEqual(3);
      expect(one.sort()).toEqual(['GetItemCommand', 'QueryCommand', 'QueryCommand']);
      const queue = await count(alice, '?tenant=acme&queue=q-acme-general');
      expect(queue.length, queue.join(', ')).toBeLessThanOrEqual(3);
      const two = await count(ada);
      expect(two.length, two.join(', ')).toBeLessThanOrEqual(6);
      expect([...one, ...queue, ...two].every((c) => c === 'GetItemCommand' || c === 'QueryCommand')).toBe(true);

      // After a configuration change the cached configuration is read again: one Query more, once.
      expect((await ada.post('/api/tenants/acme/queues', { name: `Budget ${Date.now()}` })).status).toBe(201);
      await idle(api.rt);
      calls.length = 0;
      await dashboard(alice);
      expect([...calls].sort()).toEqual(['GetItemCommand', 'QueryCommand', 'QueryCommand', 'QueryCommand']);
      calls.length = 0;
      await dashboard(alice);
      expect(calls).toHaveLength(3);
    } finally {
      api.rt.db.client.middlewareStack.remove('dashboardCalls');
    }
  });
});

describe('SLA dashboard and the SLA sweep', () => {
  it('a breach found by the sweep (and its escalation) shows on the tiles and on the day of the breach, once', async () => {
    // A queue of its own, so no seeded ticket breaching meanwhile blurs the figures.
    const queue = await ada.post('/api/tenants/globex/queues', { name: `Dashboard sweep ${Date.now()}`, autoAssign: false });
    expect(queue.status, JSON.stringify(queue.body)).toBe(201);
    const filter = `?tenant=globex&queue=${queue.body.id}`;
    const t = await createTicket(ada, 'globex', { queueId: queue.body.id, priority: 'high', requester: { type: 'account', accountId: 'DASH-1' } });
    await idle(api.rt);
    const before = await dashboard(ada, filter);
    expect(before.tiles).toEqual({ open: 1, breached: 0, escalated: 0 });

    await advanceMinutes(api.rt, 61); // globex: around the clock; high: first response in 60 min
    const run = await fetch(`${api.rt.url}/dev/schedules/sla-sweep/run`, { method: 'POST' });
    expect(run.status).toBe(200);
    await idle(api.rt);
    const ticket = (await ada.get(path(t.number, 'globex'))).body;
    expect(ticket.sla).toMatchObject({ breached: 'first_response', escalationLevel: 1 });

    const after = await dashboard(ada, filter);
    expect(after.tiles).toEqual({ open: 1, breached: 1, escalated: 1 });
    const breachDay = ticket.sla.breachedAt.slice(0, 10); // globex counts in UTC
    const breachedOn = (d: SlaDashboard) => d.trend.days.find((x) => x.date === breachDay)?.breached ?? 0;
    expect(breachedOn(after) - breachedOn(before)).toBe(1);
    expect(after.trend.days.reduce((n, x) => n + x.breached, 0)).toBe(1);

    // Another sweep finds nothing new to count.
    expect((await fetch(`${api.rt.url}/dev/schedules/sla-sweep/run`, { method: 'POST' })).status).toBe(200);
    await idle(api.rt);
    expect(await dashboard(ada, filter)).toEqual(after);

    // Resolving the breached, escalated ticket takes it off all three tiles.
    await patchNow(t.number, { status: 'resolved' }, 'globex');
    await idle(api.rt);
    expect((await dashboard(ada, filter)).tiles).toEqual({ open: 0, breached: 0, escalated: 0 });
  });
});

describe('SLA dashboard days', () => {
  // Last: it moves the runtime's clock.
  it('counts a ticket created at 23:30 UTC on the next day in Berlin and on the same day in UTC', async () => {
    const now = api.rt.clock.now();
    const target = new Date(now);
    target.setUTCHours(23, 30, 0, 0);
    if (target <= now) target.setUTCDate(target.getUTCDate() + 1);
    await advanceMinutes(api.rt, Math.ceil((target.getTime() - now.getTime()) / 60_000));
    const at = api.rt.clock.now();
    expect(dayIn('Europe/Berlin', at)).not.toBe(dayIn('UTC', at));

    const [acme, both] = await Promise.all([dashboard(ada, '?tenant=acme'), dashboard(ada)]);
    expect(acme.trend.days.at(-1)!.date).toBe(dayIn('Europe/Berlin', at));
    expect(both.trend.days.at(-1)!.date).toBe(dayIn('UTC', at));
    await createTicket(ada, 'acme');
    await idle(api.rt);
    const [acme2, both2] = await Promise.all([dashboard(ada, '?tenant=acme'), dashboard(ada)]);
    expect(delta(acme2, acme)).toMatchObject({ open: 1, created: 1 });
    expect(delta(both2, both)).toMatchObject({ open: 1, created: 1 });
    // Berlin's day before (the UTC date) did not change: the ticket is on Berlin's new day only.
    expect(acme2.trend.days.at(-2)).toEqual(acme.trend.days.at(-2));
  });
});
