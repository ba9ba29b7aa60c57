// What a ticket change does to the SLA dashboard's figures (SPEC §3 "SLA dashboard"): pure deltas of
// the tiles per queue and for all queues, and of the daily figures per day in the tenant's time zone
// and in UTC. The store adds them; nothing here reads or counts tickets.
import { DateTime } from 'luxon';
import type { Ticket } from '../ticket/ticket.schema.ts';
import type { DayFigures, Tiles } from './dashboard.schema.ts';

/** The events the dashboard follows. Tiles move on created/updated; `breached` days only on sla_breached. */
export const trackedEvents = ['ticket.created', 'ticket.updated', 'ticket.sla_breached'] as const;
export type TrackedEvent = (typeof trackedEvents)[number];

export type Zone = 'local' | 'utc';

/** `queueId` null: the figures of all the tenant's queues together (tickets without a queue count only there). */
export type TileDelta = { queueId: string | null } & Tiles;
export type DayDelta = { queueId: string | null; zone: Zone; date: string } & DayFigures;
export type DashboardDelta = { tiles: TileDelta[]; days: DayDelta[] };

/** The part of a ticket the figures depend on. */
export type CountedTicket = Pick<Ticket, 'status' | 'queueId' | 'createdAt'> & { sla: Pick<Ticket['sla'], 'breached' | 'escalationLevel' | 'breachedAt' | 'resolvedAt'> };

export type DashboardEvent = { name: TrackedEvent; occurredAt: string; before: CountedTicket | null; after: CountedTicket };

const noTiles = (): Tiles => ({ open: 0, breached: 0, escalated: 0 });
const noDay = (): DayFigures => ({ created: 0, resolved: 0, breached: 0 });

export const isOpen = (t: Pick<Ticket, 'status'>): boolean => t.status === 'open' || t.status === 'pending';

/** A ticket's own contribution to the tiles: 0 or 1 each. */
export function tilesOf(t: CountedTicket | null): Tiles {
  if (!t || !isOpen(t)) return noTiles();
  return { open: 1, breached: t.sla.breached !== 'none' ? 1 : 0, escalated: t.sla.escalationLevel > 0 ? 1 : 0 };
}

const scopesOf = (t: Pick<Ticket, 'queueId'>): (string | null)[] => [null, ...(t.queueId ? [t.queueId] : [])];

/** The tiles' change from `before` to `after` (null: the ticket is not there); a queue move shows as a minus in one queue and a plus in the other. */
export function tileDeltas(before: CountedTicket | null, after: CountedTicket | null): TileDelta[] {
  const sums = new Map<string | null, Tiles>();
  const add = (t: CountedTicket | null, sign: number) => {
    if (!t) return;
    const own = tilesOf(t);
    for (const queueId of scopesOf(t)) {
      const s = sums.get(queueId) ?? noTiles();
      sums.set(queueId, { open: s.open + sign * own.open, breached: s.breached + sign * own.breached, escalated: s.escalated + sign * own.escalated });
    }
  };
  add(before, -1);
  add(after, 1);
  return [...sums].filter(([, t]) => t.open || t.breached || t.escalated).map(([queueId, t]) => ({ queueId, ...t }));
}

/** The calendar day of an instant in the tenant's time zone and in UTC (`YYYY-MM-DD`). */
export function dayKeys(at: string, timeZone: string): Record<Zone, string> {
  const instant = DateTime.fromISO(at, { zone: 'utc' });
  if (!instant.isValid) throw new Error(`Not an ISO time: ${at}`);
  const local = instant.setZone(timeZone);
  // Zones are validated when the Policies tab is saved; a bad one must not lose the event.
  return { local: (local.isValid ? local : instant).toISODate()!, utc: instant.toISODate()! };
}

/** `date` plus `days` (negative: earlier), as `YYYY-MM-DD`. */
export const addDays = (date: string, days: number): string => DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate()!;

/** The `count` days ending on `last`, oldest first. */
export const daysEnding = (last: string, count: number): string[] => Array.from({ length: count }, (_, i) => addDays(last, i - count + 1));

/** Sums day figures per (queue scope, zone, date). */
function dayAccumulator() {
  const sums = new Map<string, DayDelta>();
  return {
    add(queueIds: (string | null)[], day: Record<Zone, string>, field: keyof DayFigures, by: number) {
      for (const queueId of queueIds) {
        for (const zone of ['local', 'utc'] as const) {
          const key = JSON.stringify([queueId, zone, day[zone]]);
          const d = sums.get(key) ?? { queueId, zone, date: day[zone], ...noDay() };
          d[field] += by;
          sums.set(key, d);
        }
      }
    },
    list: (): DayDelta[] => [...sums.values()].filter((d) => d.created || d.resolved || d.breached),
  };
}

/**
 * The figures' change for one event, days counted in `timeZone` (the Policies tab's at the time of
 * the event) and in UTC:
 * - `created` on ticket.created, in the day it happened. Routing puts most tickets into a queue only
 *   after ticket.created, so a queue's `created` follows the ticket: a queue change moves it, on the
 *   ticket's creation day, from the old queue to the new one (the all-queues figure stays).
 * - `resolved` when the status changes to resolved, in the queue the ticket is in then;
 * - `breached` on ticket.sla_breached only (its ticket.updated twin moves just the tiles).
 */
export function dashboardDeltas(event: DashboardEvent, timeZone: string): DashboardDelta {
  const { before, after } = event;
  const days = dayAccumulator();
  const today = dayKeys(event.occurredAt, timeZone);
  switch (event.name) {
    case 'ticket.created':
      days.add(scopesOf(after), today, 'created', 1);
      return { tiles: tileDeltas(null, after), days: days.list() };
    case 'ticket.sla_breached':
      days.add(scopesOf(after), today, 'breached', 1);
      return { tiles: [], days: days.list() };
    case 'ticket.updated': {
      // Resolved when the resolution time appears: a move to resolved, or straight to closed (as the recount sees it).
      if (!before?.sla.resolvedAt && after.sla.resolvedAt) days.add(scopesOf(after), today, 'resolved', 1);
      if (before && (before.queueId ?? null) !== (after.queueId ?? null)) {
        const born = dayKeys(after.createdAt, timeZone);
        if (before.queueId) days.add([before.queueId], born, 'created', -1);
        if (after.queueId) days.add([after.queueId], born, 'created', 1);
      }
      return { tiles: tileDeltas(before, after), days: days.list() };
    }
  }
}

/**
 * Everything one existing ticket adds to the figures, times `sign`: its tiles, its creation day, and
 * the days of its resolution and breach as far as its current state tells them. A backfill adds each
 * ticket that existed before the dashboard was tracked once.
 */
export function ticketContribution(t: CountedTicket, timeZone: string, sign: 1 | -1 = 1): DashboardDelta {
  const days = dayAccumulator();
  const scopes = scopesOf(t);
  days.add(scopes, dayKeys(t.createdAt, timeZone), 'created', sign);
  if ((t.status === 'resolved' || t.status === 'closed') && t.sla.resolvedAt) days.add(scopes, dayKeys(t.sla.resolvedAt, timeZone), 'resolved', sign);
  if (t.sla.breached !== 'none' && t.sla.breachedAt) days.add(scopes, dayKeys(t.sla.breachedAt, timeZone), 'breached', sign);
  return { tiles: sign === 1 ? tileDeltas(null, t) : tileDeltas(t, null), days: days.list() };
}

export const isEmptyDelta = (d: DashboardDelta): boolean => d.tiles.length === 0 && d.days.length === 0;

/** Several deltas as one (a recount sums every ticket's contribution). */
export function sumDeltas(deltas: readonly DashboardDelta[]): DashboardDelta {
  const tiles = new Map<string | null, TileDelta>();
  const days = new Map<string, DayDelta>();
  for (const d of deltas) {
    for (const t of d.tiles) {
      const s = tiles.get(t.queueId) ?? { queueId: t.queueId, ...noTiles() };
      tiles.set(t.queueId, { queueId: t.queueId, open: s.open + t.open, breached: s.breached + t.breached, escalated: s.escalated + t.escalated });
    }
    for (const x of d.days) {
      const key = JSON.stringify([x.queueId, x.zone, x.date]);
      const s = days.get(key) ?? { queueId: x.queueId, zone: x.zone, date: x.date, ...noDay() };
      days.set(key, { ...s, created: s.created + x.created, resolved: s.resolved + x.resolved, breached: s.breached + x.breached });
    }
  }
  return { tiles: [...tiles.values()], days: [...days.values()] };
}
