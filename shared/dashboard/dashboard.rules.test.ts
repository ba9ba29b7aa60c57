import { describe, expect, it } from 'vitest';
import { type CountedTicket, type DashboardDelta, addDays, dashboardDeltas, dayKeys, daysEnding, sumDeltas, ticketContribution, tileDeltas, tilesOf } from './dashboard.rules.ts';

/** A ticket as the service leaves it: a resolved or closed one carries its resolution time. */
const ticket = (over: Partial<CountedTicket> = {}): CountedTicket => ({
  status: 'open',
  queueId: 'q1',
  createdAt: '2026-03-10T09:00:00.000Z',
  ...over,
  sla: { breached: 'none', escalationLevel: 0, ...(over.status === 'resolved' || over.status === 'closed' ? { resolvedAt: '2026-03-10T23:30:00.000Z' } : {}), ...over.sla },
});

/** Deltas as a stable, readable map: "queue|zone|date" → figures. */
const days = (d: DashboardDelta) => Object.fromEntries(d.days.map(({ queueId, zone, date, ...f }) => [`${queueId ?? '*'}|${zone}|${date}`, f]));
const tiles = (d: Pick<DashboardDelta, 'tiles'>) => Object.fromEntries(d.tiles.map(({ queueId, ...t }) => [queueId ?? '*', t]));

describe('tiles', () => {
  it('count open and pending tickets, and of those the breached and the escalated', () => {
    expect(tilesOf(ticket())).toEqual({ open: 1, breached: 0, escalated: 0 });
    expect(tilesOf(ticket({ status: 'pending', sla: { breached: 'first_response', escalationLevel: 2 } }))).toEqual({ open: 1, breached: 1, escalated: 1 });
    for (const status of ['resolved', 'closed'] as const) {
      expect(tilesOf(ticket({ status, sla: { breached: 'resolution', escalationLevel: 1 } }))).toEqual({ open: 0, breached: 0, escalated: 0 });
    }
    expect(tilesOf(null)).toEqual({ open: 0, breached: 0, escalated: 0 });
  });

  it('a create adds the ticket to its queue and to all queues; without a queue to all queues only', () => {
    expect(tiles({ tiles: tileDeltas(null, ticket()) })).toEqual({ '*': { open: 1, breached: 0, escalated: 0 }, q1: { open: 1, breached: 0, escalated: 0 } });
    expect(tiles({ tiles: tileDeltas(null, ticket({ queueId: undefined })) })).toEqual({ '*': { open: 1, breached: 0, escalated: 0 } });
  });

  it('open ↔ pending changes nothing; resolve and close take the ticket out; reopen puts it back', () => {
    expect(tileDeltas(ticket(), ticket({ status: 'pending' }))).toEqual([]);
    const breached = { breached: 'resolution', escalationLevel: 1 } as const;
    const out = tiles({ tiles: tileDeltas(ticket({ status: 'pending', sla: breached }), ticket({ status: 'resolved', sla: breached })) });
    expect(out).toEqual({ '*': { open: -1, breached: -1, escalated: -1 }, q1: { open: -1, breached: -1, escalated: -1 } });
    expect(tileDeltas(ticket({ status: 'resolved' }), ticket({ status: 'closed' }))).toEqual([]);
    expect(tiles({ tiles: tileDeltas(ticket({ status: 'closed' }), ticket()) })).toEqual({ '*': { open: 1, breached: 0, escalated: 0 }, q1: { open: 1, breached: 0, escalated: 0 } });
  });

  it('a breach and an escalation count once, only while the ticket is open', () => {
    const breach = tileDeltas(ticket(), ticket({ sla: { breached: 'first_response', escalationLevel: 0 } }));
    expect(tiles({ tiles: breach })).toEqual({ '*': { open: 0, breached: 1, escalated: 0 }, q1: { open: 0, breached: 1, escalated: 0 } });
    // first_response → resolution is still one breached ticket.
    expect(tileDeltas(ticket({ sla: { breached: 'first_response', escalationLevel: 1 } }), ticket({ sla: { breached: 'resolution', escalationLevel: 2 } }))).toEqual([]);
    const escalate = tileDeltas(ticket(), ticket({ sla: { breached: 'none', escalationLevel: 1 } }));
    expect(tiles({ tiles: escalate })).toEqual({ '*': { open: 0, breached: 0, escalated: 1 }, q1: { open: 0, breached: 0, escalated: 1 } });
    expect(tileDeltas(ticket({ status: 'resolved' }), ticket({ status: 'resolved', sla: { breached: 'resolution', escalationLevel: 1 } }))).toEqual([]);
  });

  it('a queue move moves the counts between queues and leaves all queues alone', () => {
    const sla = { breached: 'resolution', escalationLevel: 1 } as const;
    expect(tiles({ tiles: tileDeltas(ticket({ sla }), ticket({ queueId: 'q2', sla })) })).toEqual({ q1: { open: -1, breached: -1, escalated: -1 }, q2: { open: 1, breached: 1, escalated: 1 } });
    expect(tiles({ tiles: tileDeltas(ticket({ queueId: undefined }), ticket({ queueId: 'q2' })) })).toEqual({ q2: { open: 1, breached: 0, escalated: 0 } });
    expect(tiles({ tiles: tileDeltas(ticket(), ticket({ queueId: undefined })) })).toEqual({ q1: { open: -1, breached: 0, escalated: 0 } });
  });
});

describe('days', () => {
  it('are the calendar dates of the instant in the tenant’s zone and in UTC', () => {
    expect(dayKeys('2026-03-10T09:00:00.000Z', 'Europe/Berlin')).toEqual({ local: '2026-03-10', utc: '2026-03-10' });
    // 23:30 UTC is already tomorrow in Berlin, and still yesterday in Los Angeles at 05:00 UTC.
    expect(dayKeys('2026-03-10T23:30:00.000Z', 'Europe/Berlin')).toEqual({ local: '2026-03-11', utc: '2026-03-10' });
    expect(dayKeys('2026-03-10T05:00:00.000Z', 'America/Los_Angeles')).toEqual({ local: '2026-03-09', utc: '2026-03-10' });
    expect(dayKeys('2026-03-10T12:00:00.000Z', 'Pacific/Kiritimati')).toEqual({ local: '2026-03-11', utc: '2026-03-10' });
    // An offset in the input is honoured; an unknown zone falls back to UTC rather than losing the event.
    expect(dayKeys('2026-03-11T00:30:00+02:00', 'UTC')).toEqual({ local: '2026-03-10', utc: '2026-03-10' });
    expect(dayKeys('2026-03-10T23:30:00.000Z', 'Mars/Olympus')).toEqual({ local: '2026-03-10', utc: '2026-03-10' });
    expect(() => dayKeys('yesterday', 'UTC')).toThrow();
  });

  it('count back across months and years', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysEnding('2026-01-03', 7)).toEqual(['2025-12-28', '2025-12-29', '2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02', '2026-01-03']);
  });
});

describe('event deltas', () => {
  const berlin = 'Europe/Berlin';
  const late = '2026-03-10T23:30:00.000Z'; // 11 March in Berlin

  it('ticket.created: the tiles and `created` in both zones, for the queue and all queues', () => {
    const d = dashboardDeltas({ name: 'ticket.created', occurredAt: late, before: null, after: ticket({ createdAt: late }) }, berlin);
    expect(tiles(d)).toEqual({ '*': { open: 1, breached: 0, escalated: 0 }, q1: { open: 1, breached: 0, escalated: 0 } });
    const one = { created: 1, resolved: 0, breached: 0 };
    expect(days(d)).toEqual({ '*|local|2026-03-11': one, '*|utc|2026-03-10': one, 'q1|local|2026-03-11': one, 'q1|utc|2026-03-10': one });
  });

  it('a resolve counts `resolved` once and takes the ticket off the tiles; a close after it counts nothing more', () => {
    const resolve = dashboardDeltas({ name: 'ticket.updated', occurredAt: late, before: ticket(), after: ticket({ status: 'resolved' }) }, berlin);
    expect(tiles(resolve)).toEqual({ '*': { open: -1, breached: 0, escalated: 0 }, q1: { open: -1, breached: 0, escalated: 0 } });
    expect(days(resolve)['q1|local|2026-03-11']).toEqual({ created: 0, resolved: 1, breached: 0 });
    expect(Object.keys(days(resolve))).toHaveLength(4);
    const close = dashboardDeltas({ name: 'ticket.updated', occurredAt: late, before: ticket({ status: 'resolved' }), after: ticket({ status: 'closed' }) }, berlin);
    expect(close).toEqual({ tiles: [], days: [] });
  });

  it('a close straight from open counts `resolved` too, as the recount does', () => {
    const close = dashboardDeltas({ name: 'ticket.updated', occurredAt: late, before: ticket(), after: ticket({ status: 'closed' }) }, berlin);
    expect(days(close)['q1|local|2026-03-11']).toEqual({ created: 0, resolved: 1, breached: 0 });
    const counted = ticketContribution(ticket({ status: 'closed' }), berlin);
    expect(days(counted)['q1|local|2026-03-11']).toMatchObject({ resolved: 1 });
  });

  it('a reopen puts the ticket back on the tiles and counts no day', () => {
    const reopen = dashboardDeltas({ name: 'ticket.updated', occurredAt: late, before: ticket({ status: 'resolved' }), after: ticket() }, berlin);
    expect(tiles(reopen)).toEqual({ '*': { open: 1, breached: 0, escalated: 0 }, q1: { open: 1, breached: 0, escalated: 0 } });
    expect(reopen.days).toEqual([]);
  });

  it('a breach: the tiles move with ticket.updated, the day’s `breached` with ticket.sla_breached, so nothing counts twice', () => {
    const sla = { breached: 'first_response', escalationLevel: 1 } as const;
    const updated = dashboardDeltas({ name: 'ticket.updated', occurredAt: late, before: ticket(), after: ticket({ sla }) }, berlin);
    expect(tiles(updated)).toEqual({ '*': { open: 0, breached: 1, escalated: 1 }, q1: { open: 0, breached: 1, escalated: 1 } });
    expect(updated.days).toEqual([]);
    const breached = dashboardDeltas({ name: 'ticket.sla_breached', occurredAt: late, before: ticket(), after: ticket({ sla }) }, berlin);
    expect(breached.tiles).toEqual([]);
    expect(days(breached)).toEqual({
      '*|local|2026-03-11': { created: 0, resolved: 0, breached: 1 },
      '*|utc|2026-03-10': { created: 0, resolved: 0, breached: 1 },
      'q1|local|2026-03-11': { created: 0, resolved: 0, breached: 1 },
      'q1|utc|2026-03-10': { created: 0, resolved: 0, breached: 1 },
    });
  });

  it('a queue move moves the tiles and the ticket’s `created` (on its creation day) between the queues', () => {
    const created = '2026-03-08T22:30:00.000Z'; // 8 March UTC, 8 March 23:30 in Berlin
    const move = dashboardDeltas({ name: 'ticket.updated', occurredAt: late, before: ticket({ createdAt: created, queueId: undefined }), after: ticket({ createdAt: created, queueId: 'q2' }) }, berlin);
    expect(tiles(move)).toEqual({ q2: { open: 1, breached: 0, escalated: 0 } });
    expect(days(move)).toEqual({ 'q2|local|2026-03-08': { created: 1, resolved: 0, breached: 0 }, 'q2|utc|2026-03-08': { created: 1, resolved: 0, breached: 0 } });
    const again = dashboardDeltas({ name: 'ticket.updated', occurredAt: late, before: ticket({ createdAt: late, queueId: 'q2' }), after: ticket({ createdAt: late, queueId: 'q3' }) }, berlin);
    expect(days(again)).toEqual({
      'q2|local|2026-03-11': { created: -1, resolved: 0, breached: 0 },
      'q2|utc|2026-03-10': { created: -1, resolved: 0, breached: 0 },
      'q3|local|2026-03-11': { created: 1, resolved: 0, breached: 0 },
      'q3|utc|2026-03-10': { created: 1, resolved: 0, breached: 0 },
    });
  });

  it('a change that touches no figure yields nothing (no write, no claim)', () => {
    expect(dashboardDeltas({ name: 'ticket.updated', occurredAt: late, before: ticket(), after: ticket() }, berlin)).toEqual({ tiles: [], days: [] });
  });
});

describe('a ticket’s whole contribution (backfill)', () => {
  it('adds tiles, the creation day, and the resolution and breach days its state records; the minus sign takes it all back', () => {
    const t = ticket({
      status: 'closed',
      createdAt: '2026-03-01T10:00:00.000Z',
      sla: { breached: 'resolution', escalationLevel: 1, breachedAt: '2026-03-02T23:30:00.000Z', resolvedAt: '2026-03-03T08:00:00.000Z' },
    });
    const plus = ticketContribution(t, 'Europe/Berlin');
    expect(plus.tiles).toEqual([]);
    expect(days(plus)).toMatchObject({
      'q1|local|2026-03-01': { created: 1, resolved: 0, breached: 0 },
      'q1|local|2026-03-03': { created: 0, resolved: 1, breached: 1 },
      'q1|utc|2026-03-02': { created: 0, resolved: 0, breached: 1 },
      'q1|utc|2026-03-03': { created: 0, resolved: 1, breached: 0 },
    });
    const open = ticketContribution(ticket({ queueId: undefined }), 'UTC', -1);
    expect(tiles(open)).toEqual({ '*': { open: -1, breached: 0, escalated: 0 } });
    expect(days(open)).toEqual({ '*|local|2026-03-10': { created: -1, resolved: 0, breached: 0 }, '*|utc|2026-03-10': { created: -1, resolved: 0, breached: 0 } });
  });

  it('sums over many tickets per queue, zone and day (a recount)', () => {
    const a = ticketContribution(ticket(), 'UTC');
    const b = ticketContribution(ticket({ queueId: 'q2', sla: { breached: 'resolution', escalationLevel: 0 } }), 'UTC');
    const sum = sumDeltas([a, b, a]);
    expect(tiles(sum)).toEqual({ '*': { open: 3, breached: 1, escalated: 0 }, q1: { open: 2, breached: 0, escalated: 0 }, q2: { open: 1, breached: 1, escalated: 0 } });
    expect(days(sum)['*|utc|2026-03-10']).toEqual({ created: 3, resolved: 0, breached: 0 });
    expect(days(sum)['q2|local|2026-03-10']).toEqual({ created: 1, resolved: 0, breached: 0 });
    expect(sumDeltas([])).toEqual({ tiles: [], days: [] });
  });
});
