/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies of the API under test */
// The SLA engine over the real runtime with product time moved by /dev/clock: due times on create,
// pauses, priority changes, breaches exactly at the due time, one escalation per breach however
// often (or concurrently) the sweep runs, lead notifications, and auto-close.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBusinessMinutes } from '../../shared/sla/business-time.ts';
import { seedPolicies } from '../../infra/local/seed-data.ts';
import { type Api, type Client, advanceMinutes, createTicket, idOf, idle, startApi, users } from '../http/api-testing.ts';

let api: Api;
let ada: Client;
let gina: Client;

beforeAll(async () => {
  api = await startApi();
  [ada, gina] = await Promise.all([api.as(users.ada), api.as(users.gina)]);
  await idle(api.rt);
  // The seeded tickets are back-dated: let a first sweep deal with them before the tests measure.
  await sweep();
});
afterAll(() => api.rt.stop());

const MIN = 60_000;

async function sweep(): Promise<any> {
  const res = await fetch(`${api.rt.url}/dev/schedules/sla-sweep/run`, { method: 'POST' });
  expect(res.status).toBe(200);
  await idle(api.rt);
  return ((await res.json()) as any).result;
}

const read = async (tenant: string, number: string) => (await ada.get(`/api/tenants/${tenant}/tickets/${number}`)).body;

async function globexTicket(overrides: Record<string, unknown> = {}) {
  const created = await createTicket(gina, 'globex', { requester: { type: 'account', accountId: 'SLA-1' }, ...overrides });
  await idle(api.rt);
  return read('globex', created.number);
}

describe('due times on create', () => {
  it('sets first-response and resolution targets from the Policies tab (globex: around the clock)', async () => {
    const t = await globexTicket({ priority: 'high' });
    const created = new Date(t.createdAt).getTime();
    expect(new Date(t.sla.firstResponseDueAt).getTime() - created).toBe(60 * MIN);
    expect(new Date(t.sla.dueAt).getTime() - created).toBe(480 * MIN);
    expect(t.sla).toMatchObject({ breached: 'none', escalationLevel: 0 });
  });

  it('counts business minutes in the tenant’s calendar (acme: weekdays 08–18 in Berlin)', async () => {
    const created = await createTicket(ada, 'acme', { priority: 'medium' });
    const t = await read('acme', created.number);
    const calendar = seedPolicies.acme!;
    expect(t.sla.firstResponseDueAt).toBe(addBusinessMinutes(new Date(t.createdAt), 240, calendar).toISOString());
    expect(t.sla.dueAt).toBe(addBusinessMinutes(new Date(t.createdAt), 1440, calendar).toISOString());
  });

  it('takes a help topic’s due offset in business hours, and an explicit dueAt over both', async () => {
    const topic = await createTicket(ada, 'acme', { helpTopicId: 'ht-acme-outage' });
    const t = await read('acme', topic.number);
    expect(t.sla.dueAt).toBe(addBusinessMinutes(new Date(t.createdAt), 4 * 60, seedPolicies.acme!).toISOString());
    const dueAt = new Date(api.rt.clock.now().getTime() + 3 * 24 * 60 * MIN).toISOString();
    const explicit = await createTicket(ada, 'acme', { helpTopicId: 'ht-acme-outage', dueAt });
    expect((await read('acme', explicit.number)).sla.dueAt).toBe(dueAt);
  });

  it('recomputes unmet targets from createdAt when a person changes the priority', async () => {
    const t = await globexTicket({ priority: 'low' });
    await advanceMinutes(api.rt, 10);
    const res = await ada.patch(`/api/tenants/globex/tickets/${t.number}`, { priority: 'high' }, t.version);
    expect(res.status).toBe(200);
    const created = new Date(t.createdAt).getTime();
    expect(new Date(res.body.sla.firstResponseDueAt).getTime() - created).toBe(60 * MIN);
    expect(new Date(res.body.sla.dueAt).getTime() - created).toBe(480 * MIN);
  });
});

describe('the sweep', () => {
  it('breaches at exactly the due time, not a minute before, and escalates once however often it runs', async () => {
    const t = await globexTicket({ priority: 'high' });
    const due = new Date(t.sla.firstResponseDueAt).getTime();
    // The last whole minute before the due time.
    await advanceMinutes(api.rt, Math.ceil((due - api.rt.clock.now().getTime()) / MIN) - 1);
    expect(api.rt.clock.now().getTime()).toBeLessThan(due);
    await sweep();
    expect((await read('globex', t.number)).sla.breached).toBe('none');
    await advanceMinutes(api.rt, 1);
    expect(api.rt.clock.now().getTime()).toBeGreaterThanOrEqual(due);
    await sweep();
    const breached = await read('globex', t.number);
    expect(breached.sla).toMatchObject({ breached: 'first_response', breachedAt: t.sla.firstResponseDueAt, escalationLevel: 1 });
    expect(breached.priority).toBe('urgent');
    expect(breached.thread.filter((e: any) => e.kind === 'system' && e.body.includes('first response target breached'))).toHaveLength(1);

    await sweep();
    await Promise.all([sweep(), sweep()]);
    const again = await read('globex', t.number);
    expect(again.sla.escalationLevel).toBe(1);
    expect(again.version).toBe(breached.version);

    // The resolution target breaches later, once, even with two runs at the same moment.
    await advanceMinutes(api.rt, Math.ceil((new Date(t.sla.dueAt).getTime() - api.rt.clock.now().getTime()) / MIN));
    await Promise.all([sweep(), sweep()]);
    const resolution = await read('globex', t.number);
    expect(resolution.sla).toMatchObject({ breached: 'resolution', breachedAt: t.sla.dueAt, escalationLevel: 2 });
    expect(resolution.priority).toBe('urgent');
  });

  it('records `resolution` when one run finds both targets passed', async () => {
    const t = await globexTicket({ priority: 'high' });
    await advanceMinutes(api.rt, 8 * 60 + 1);
    await sweep();
    const after = await read('globex', t.number);
    expect(after.sla).toMatchObject({ breached: 'resolution', breachedAt: t.sla.dueAt, escalationLevel: 1 });
  });

  it('does not count time in pending, and never breaches a paused ticket', async () => {
    const t = await globexTicket({ priority: 'medium' });
    await advanceMinutes(api.rt, 30);
    const pending = await ada.patch(`/api/tenants/globex/tickets/${t.number}`, { status: 'pending' }, t.version);
    expect(pending.status).toBe(200);
    await advanceMinutes(api.rt, 600);
    await sweep();
    expect((await read('globex', t.number)).sla.breached).toBe('none');
    const open = await ada.patch(`/api/tenants/globex/tickets/${t.number}`, { status: 'open' }, pending.body.version);
    expect(open.status).toBe(200);
    const shift = (field: string) => new Date(open.body.sla[field]).getTime() - new Date(t.sla[field]).getTime();
    // Pushed by the 600 paused minutes (plus the wall-clock milliseconds between the two requests).
    for (const field of ['firstResponseDueAt', 'dueAt']) {
      expect(shift(field)).toBeGreaterThanOrEqual(600 * MIN);
      expect(shift(field)).toBeLessThan(600 * MIN + 5000);
    }
  });

  it('stops watching a target once it is met', async () => {
    const t = await globexTicket({ priority: 'high' });
    const reply = await ada.post(`/api/tenants/globex/tickets/${t.number}/entries`, { kind: 'reply', body: 'On it.' });
    expect(reply.status).toBe(201);
    await advanceMinutes(api.rt, 61);
    await sweep();
    const after = await read('globex', t.number);
    expect(after.sla.firstRespondedAt).toBeDefined();
    expect(after.sla.breached).toBe('none');
  });

  it('closes a resolved ticket after the auto-close period, and not before', async () => {
    const t = await globexTicket({});
    const resolved = await ada.patch(`/api/tenants/globex/tickets/${t.number}`, { status: 'resolved' }, t.version);
    expect(resolved.status).toBe(200);
    await advanceMinutes(api.rt, 7 * 24 * 60 - 1);
    await sweep();
    expect((await read('globex', t.number)).status).toBe('resolved');
    await advanceMinutes(api.rt, 1);
    await sweep();
    const closed = await read('globex', t.number);
    expect(closed.status).toBe('closed');
    expect(closed.thread.at(-1)).toMatchObject({ kind: 'system', author: { type: 'system' } });
    expect(closed.thread.at(-1).body).toContain('Closed automatically');
  });

  it('notifies each lead of the ticket’s queue once per escalation', async () => {
    const t = await globexTicket({ priority: 'high' });
    expect(t.queueId).toBe('q-globex-support');
    await advanceMinutes(api.rt, 61);
    await sweep();
    await sweep();
    const mine = async (client: Client) => (await client.get('/api/me/notifications?limit=100')).body.items.filter((n: any) => n.number === t.number && n.tenantId === 'globex');
    const forAda = await mine(ada);
    expect(forAda).toHaveLength(1);
    expect(forAda[0]).toMatchObject({ kind: 'escalation', reason: 'first_response_breach' });
    // Gina is a member, not a lead, of that queue.
    expect(await mine(gina)).toHaveLength(0);
    expect(idOf(users.ada)).toBeTruthy();
  });

  it('goes on past a ticket it cannot write, and handles it on a later run', async () => {
    const stuck = await globexTicket({ priority: 'high' });
    const fine = await globexTicket({ priority: 'high' });
    // The store refuses every write of one ticket's item.
    const middleware = 'failOneTicket';
    api.rt.db.client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = args.input as { Item?: { number?: string; tenantId?: string } };
        if (context.commandName === 'PutItemCommand' && input.Item?.number === stuck.number && input.Item?.tenantId === 'globex') throw new Error('store refuses this item');
        return next(args);
      },
      { step: 'initialize', name: middleware },
    );
    try {
      await advanceMinutes(api.rt, 61);
      const result = await sweep();
      expect(result.failed).toBeGreaterThanOrEqual(1);
      expect((await read('globex', fine.number)).sla.breached).toBe('first_response');
      expect((await read('globex', stuck.number)).sla.breached).toBe('none');
    } finally {
      api.rt.db.client.middlewareStack.remove(middleware);
    }
    await sweep();
    expect((await read('globex', stuck.number)).sla.breached).toBe('first_response');
  });
});
