import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable, type TestTable } from '../../infra/local/testing.ts';
import type { StoredTicket } from '../ticket/ticket.repo.ts';
import { createDashboardRepo } from './dashboard.repo.ts';
import { type CountedTicket, dashboardDeltas } from './dashboard.rules.ts';
import { createDashboardRecount } from './dashboard.service.ts';

let db: TestTable;
beforeAll(async () => {
  db = await startTestTable();
});
afterAll(async () => db.stop());

/** A ticket as the service leaves it: a resolved or closed one carries its resolution time. */
const ticket = (over: Partial<CountedTicket> = {}): CountedTicket => ({
  status: 'open',
  queueId: 'q1',
  createdAt: '2026-03-10T09:00:00.000Z',
  ...over,
  sla: { breached: 'none', escalationLevel: 0, ...(over.status === 'resolved' || over.status === 'closed' ? { resolvedAt: '2026-03-10T09:00:00.000Z' } : {}), ...over.sla },
});

/** Counts the table calls made while `fn` runs. */
async function counted<T>(fn: () => Promise<T>): Promise<{ result: T; commands: string[] }> {
  const commands: string[] = [];
  const name = `count-${Math.random()}`;
  db.client.middlewareStack.add((next, context) => async (args) => (commands.push(String(context.commandName)), next(args)), { step: 'initialize', name });
  try {
    return { result: await fn(), commands };
  } finally {
    db.client.middlewareStack.remove(name);
  }
}

const byDate = (days: { date: string }[]) => Object.fromEntries(days.map(({ date, ...f }) => [date, f]));

describe('dashboard figures', () => {
  it('adds deltas atomically and reads a scope’s tiles and days of one zone in one query', async () => {
    const repo = createDashboardRepo(db);
    const berlin = 'Europe/Berlin';
    // Three creates over three days (one late in the evening: the next day in Berlin), a resolve, a breach.
    await repo.apply('t1', dashboardDeltas({ name: 'ticket.created', occurredAt: '2026-03-01T10:00:00.000Z', before: null, after: ticket({ createdAt: '2026-03-01T10:00:00.000Z' }) }, berlin), berlin);
    await repo.apply('t1', dashboardDeltas({ name: 'ticket.created', occurredAt: '2026-03-09T23:30:00.000Z', before: null, after: ticket({ createdAt: '2026-03-09T23:30:00.000Z' }) }, berlin), berlin);
    await repo.apply('t1', dashboardDeltas({ name: 'ticket.created', occurredAt: '2026-03-10T08:00:00.000Z', before: null, after: ticket({ queueId: undefined }) }, berlin), berlin);
    await repo.apply('t1', dashboardDeltas({ name: 'ticket.updated', occurredAt: '2026-03-10T09:00:00.000Z', before: ticket(), after: ticket({ status: 'resolved' }) }, berlin), berlin);
    const breachedSla = { breached: 'first_response', escalationLevel: 1 } as const;
    await repo.apply('t1', dashboardDeltas({ name: 'ticket.updated', occurredAt: '2026-03-10T09:30:00.000Z', before: ticket(), after: ticket({ sla: breachedSla }) }, berlin), berlin);
    await repo.apply('t1', dashboardDeltas({ name: 'ticket.sla_breached', occurredAt: '2026-03-10T09:30:00.000Z', before: ticket(), after: ticket({ sla: breachedSla }) }, berlin), berlin);
    // Another tenant's figures stay apart.
    await repo.apply('t2', dashboardDeltas({ name: 'ticket.created', occurredAt: '2026-03-10T08:00:00.000Z', before: null, after: ticket() }, 'UTC'), 'UTC');

    const all = await counted(() => repo.read('t1', null, 'local', '2026-03-04'));
    expect(all.commands).toEqual(['QueryCommand']);
    expect(all.result.tiles).toEqual({ open: 2, breached: 1, escalated: 1 });
    expect(all.result.timeZone).toBe(berlin);
    // 1 March is before `from`: not read.
    expect(byDate(all.result.days)).toEqual({ '2026-03-10': { created: 2, resolved: 1, breached: 1 } });

    const utc = await counted(() => repo.read('t1', null, 'utc', '2026-03-04'));
    expect(utc.commands).toEqual(['QueryCommand']);
    expect(utc.result.tiles).toEqual({ open: 2, breached: 1, escalated: 1 });
    expect(byDate(utc.result.days)).toEqual({ '2026-03-09': { created: 1, resolved: 0, breached: 0 }, '2026-03-10': { created: 1, resolved: 1, breached: 1 } });
    expect(byDate((await repo.read('t1', null, 'utc', '2026-02-01')).days)['2026-03-01']).toEqual({ created: 1, resolved: 0, breached: 0 });

    const queue = await repo.read('t1', 'q1', 'local', '2026-03-01');
    expect(queue.tiles).toEqual({ open: 1, breached: 1, escalated: 1 });
    expect(byDate(queue.days)).toEqual({ '2026-03-01': { created: 1, resolved: 0, breached: 0 }, '2026-03-10': { created: 1, resolved: 1, breached: 1 } });

    expect((await repo.read('t2', null, 'local', '2026-03-04')).tiles).toEqual({ open: 1, breached: 0, escalated: 0 });
    expect(await repo.read('t3', 'q1', 'utc', '2026-03-04')).toEqual({ tiles: { open: 0, breached: 0, escalated: 0 }, days: [] });
  });

  it('adds and takes back a whole ticket (the backfill’s step)', async () => {
    const repo = createDashboardRepo(db);
    const t = ticket({ queueId: 'q7', createdAt: '2026-03-05T12:00:00.000Z', sla: { breached: 'resolution', escalationLevel: 2, breachedAt: '2026-03-06T12:00:00.000Z' } });
    await repo.applyTicket('bf', t, 1, 'UTC');
    const added = await repo.read('bf', 'q7', 'utc', '2026-03-01');
    expect(added.tiles).toEqual({ open: 1, breached: 1, escalated: 1 });
    expect(byDate(added.days)).toEqual({ '2026-03-05': { created: 1, resolved: 0, breached: 0 }, '2026-03-06': { created: 0, resolved: 0, breached: 1 } });
    await repo.applyTicket('bf', t, -1, 'UTC');
    const back = await repo.read('bf', 'q7', 'utc', '2026-03-01');
    expect(back.tiles).toEqual({ open: 0, breached: 0, escalated: 0 });
    expect(byDate(back.days)).toEqual({ '2026-03-05': { created: 0, resolved: 0, breached: 0 }, '2026-03-06': { created: 0, resolved: 0, breached: 0 } });
  });

  it('a failed update takes back the updates that landed, then throws', async () => {
    const repo = createDashboardRepo(db);
    const delta = dashboardDeltas({ name: 'ticket.created', occurredAt: '2026-03-10T08:00:00.000Z', before: null, after: ticket() }, 'UTC');
    await repo.apply('ft', delta, 'UTC');
    const before = await repo.read('ft', 'q1', 'utc', '2026-03-01');

    // The third update of the next apply fails (e.g. throttled past the SDK's retries).
    let updates = 0;
    db.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (/Update/.test(String(context.commandName)) && ++updates === 3) throw Object.assign(new Error('Throttled'), { name: 'ProvisionedThroughputExceededException' });
        return next(args);
      },
      { step: 'initialize', name: 'fail-third-update' },
    );
    try {
      await expect(repo.apply('ft', delta, 'UTC')).rejects.toThrow('Throttled');
    } finally {
      db.client.middlewareStack.remove('fail-third-update');
    }
    expect(updates).toBeGreaterThan(3); // the undo ran
    expect(await repo.read('ft', 'q1', 'utc', '2026-03-01')).toEqual(before);
    expect((await repo.read('ft', null, 'utc', '2026-03-01')).tiles).toEqual({ open: 1, breached: 0, escalated: 0 });
  });

  it('a recount writes what the tickets imply, the same however often it runs, and zeroes queues with no open ticket', async () => {
    const repo = createDashboardRepo(db);
    // Left over from events: a queue figure the tickets no longer imply.
    await repo.apply('rc', dashboardDeltas({ name: 'ticket.created', occurredAt: '2026-03-01T10:00:00.000Z', before: null, after: ticket({ queueId: 'gone' }) }, 'UTC'), 'UTC');
    const stored = (over: Partial<CountedTicket> & { number: string }) => ({ tenantId: 'rc', ...ticket(over), number: over.number }) as unknown as StoredTicket;
    const tickets = [
      stored({ number: 'SD-00001', createdAt: '2026-03-02T10:00:00.000Z' }),
      stored({ number: 'SD-00002', createdAt: '2026-03-02T11:00:00.000Z', queueId: 'q2', sla: { breached: 'resolution', escalationLevel: 1, breachedAt: '2026-03-03T10:00:00.000Z' } }),
      stored({ number: 'SD-00003', status: 'resolved', createdAt: '2026-03-02T12:00:00.000Z', sla: { breached: 'none', escalationLevel: 0, resolvedAt: '2026-03-04T10:00:00.000Z' } }),
    ];
    for (let run = 0; run < 2; run++) {
      const recount = createDashboardRecount();
      await recount.perPage({ db }, tickets.slice(0, 2));
      await recount.perPage({ db }, tickets.slice(2));
      await recount.finish({ db });
      const all = await repo.read('rc', null, 'utc', '2026-03-01');
      expect(all.tiles).toEqual({ open: 2, breached: 1, escalated: 1 });
      expect(all.timeZone).toBe('UTC'); // no Policies tab saved: SPEC's default
      expect(byDate(all.days)).toEqual({
        '2026-03-01': { created: 1, resolved: 0, breached: 0 }, // not implied by any ticket: left as it was
        '2026-03-02': { created: 3, resolved: 0, breached: 0 },
        '2026-03-03': { created: 0, resolved: 0, breached: 1 },
        '2026-03-04': { created: 0, resolved: 1, breached: 0 },
      });
      expect((await repo.read('rc', 'q1', 'utc', '2026-03-01')).tiles).toEqual({ open: 1, breached: 0, escalated: 0 });
      expect((await repo.read('rc', 'q2', 'local', '2026-03-01')).tiles).toEqual({ open: 1, breached: 1, escalated: 1 });
    }
    // A queue the tenant does not list keeps its figures: the recount zeroes the queues it is given.
    expect((await repo.read('rc', 'gone', 'utc', '2026-03-01')).tiles).toEqual({ open: 1, breached: 0, escalated: 0 });
    await repo.replace('rc', { tiles: [], days: [] }, 'UTC', ['gone']);
    expect((await repo.read('rc', 'gone', 'utc', '2026-03-01')).tiles).toEqual({ open: 0, breached: 0, escalated: 0 });
  });
});
