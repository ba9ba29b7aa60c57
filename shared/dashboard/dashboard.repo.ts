// The SLA dashboard's counters and daily aggregates in the one table, changed with atomic ADDs by
// the event handler and read without touching tickets.
//
// One partition per (tenant, queue | all queues) holds the tile counters and the daily figures, laid
// out so that the counters and the last days of either zone are ONE contiguous range of sort keys:
//
//   local#2026-03-04 … local#2026-03-10 | tiles | utc#<2026-03-10, digits inverted> … (newest first)
//
// Local days sort up to the counters, UTC days (digits inverted: 9 − d) newest first from them, so the
// dashboard reads one tenant's tiles and trend with a single Query.
import { Entity } from 'electrodb';
import { batchWrite } from '../platform/batch.ts';
import { type Db, SERVICE, perDb } from '../platform/db.ts';
import type { DayFigures, Tiles, TrendDay } from './dashboard.schema.ts';
import { type CountedTicket, type DashboardDelta, type Zone, isEmptyDelta, ticketContribution } from './dashboard.rules.ts';

const ALL_QUEUES = '*';
const TILES = 'tiles';

const dashboardSchema = {
  model: { entity: 'dashboard', version: '1', service: SERVICE },
  attributes: {
    tenantId: { type: 'string', required: true },
    /** A queue id, or every queue of the tenant. */
    scope: { type: 'string', required: true },
    slot: { type: 'string', required: true },
    // The tiles item.
    open: { type: 'number' },
    openBreached: { type: 'number' },
    openEscalated: { type: 'number' },
    /** The tenant's zone when the handler last wrote: the zone of its newest local days. */
    timeZone: { type: 'string' },
    // Day items.
    date: { type: 'string' },
    created: { type: 'number' },
    resolved: { type: 'number' },
    breached: { type: 'number' },
  },
  indexes: {
    bySlot: { pk: { field: 'pk', composite: ['tenantId', 'scope'] }, sk: { field: 'sk', composite: ['slot'] } },
  },
} as const;

const invertDigits = (date: string) => date.replace(/\d/g, (d) => String(9 - Number(d)));
const daySlot = (zone: Zone, date: string) => (zone === 'local' ? `local#${date}` : `utc#${invertDigits(date)}`);
const scopeOf = (queueId: string | null) => queueId ?? ALL_QUEUES;

export type DashboardFigures = {
  tiles: Tiles;
  /** The zone the newest local days were counted in; absent before the first write. */
  timeZone?: string;
  /** Days on or after `from` that have figures (missing days are zero), in no particular order. */
  days: TrendDay[];
};

export type DashboardRepo = {
  /**
   * Adds the delta, one atomic update per item, and stores `timeZone` on the all-queues tiles item.
   * A failure takes back what was added before it is rethrown, so a redelivery adds everything once.
   */
  apply(tenantId: string, delta: DashboardDelta, timeZone: string): Promise<void>;
  /** Adds (`sign` 1) or removes (−1) one existing ticket's whole contribution: the backfill's step. */
  applyTicket(tenantId: string, ticket: CountedTicket, sign: 1 | -1, timeZone: string): Promise<void>;
  /**
   * Writes `figures` as they are (not added): the tiles of all queues and of each of `queueIds`
   * (zero when `figures` has none for it), and each day of `figures`. A recount: running it again
   * writes the same. Days `figures` does not name are left as they are.
   */
  replace(tenantId: string, figures: DashboardDelta, timeZone: string, queueIds: readonly string[]): Promise<void>;
  /** The tiles of a queue (null: all queues) and its days in `zone` from `from` on: one Query. */
  read(tenantId: string, queueId: string | null, zone: Zone, from: string): Promise<DashboardFigures>;
};

type ItemWrite = { scope: string; slot: string; add: Record<string, number>; set: Record<string, string> };

/** The delta as one write per item, fields of the same item merged. */
function itemWrites(delta: DashboardDelta, timeZone: string): ItemWrite[] {
  const writes = new Map<string, ItemWrite>();
  const item = (scope: string, slot: string, set: Record<string, string>) => {
    const key = `${scope}\n${slot}`;
    let w = writes.get(key);
    if (!w) writes.set(key, (w = { scope, slot, add: {}, set }));
    return w;
  };
  const add = (w: ItemWrite, field: string, by: number) => {
    if (by) w.add[field] = (w.add[field] ?? 0) + by;
  };
  // Every write refreshes the tenant's zone, even one that moves no tile.
  item(ALL_QUEUES, TILES, { timeZone });
  for (const t of delta.tiles) {
    const w = item(scopeOf(t.queueId), TILES, { timeZone });
    add(w, 'open', t.open);
    add(w, 'openBreached', t.breached);
    add(w, 'openEscalated', t.escalated);
  }
  for (const d of delta.days) {
    const w = item(scopeOf(d.queueId), daySlot(d.zone, d.date), { date: d.date });
    for (const field of ['created', 'resolved', 'breached'] as const) add(w, field, d[field]);
  }
  return [...writes.values()];
}

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

export const createDashboardRepo = perDb((db: Db): DashboardRepo => {
  const items = new Entity(dashboardSchema, db);

  const send = (tenantId: string, w: ItemWrite) => {
    const update = items.update({ tenantId, scope: w.scope, slot: w.slot }).set(w.set);
    return (Object.keys(w.add).length ? update.add(w.add) : update).go({ response: 'none' });
  };
  const undo = (tenantId: string, w: ItemWrite) =>
    items
      .update({ tenantId, scope: w.scope, slot: w.slot })
      .add(Object.fromEntries(Object.entries(w.add).map(([k, v]) => [k, -v])))
      .go({ response: 'none' });

  const apply: DashboardRepo['apply'] = async (tenantId, delta, timeZone) => {
    if (isEmptyDelta(delta)) return;
    const writes = itemWrites(delta, timeZone);
    const results = await Promise.allSettled(writes.map((w) => send(tenantId, w)));
    const failure = results.find((r) => r.status === 'rejected');
    if (!failure) return;
    // No transactions (dynalite has none): undo the ADDs that landed, then let the caller retry.
    const landed = writes.filter((w, i) => results[i]!.status === 'fulfilled' && Object.keys(w.add).length);
    await Promise.allSettled(landed.map((w) => undo(tenantId, w)));
    throw failure.reason;
  };

  return {
    apply,
    async replace(tenantId, figures, timeZone, queueIds) {
      const tiles = new Map<string | null, Tiles>([[null, { open: 0, breached: 0, escalated: 0 }], ...queueIds.map((q) => [q, { open: 0, breached: 0, escalated: 0 }] as const)]);
      for (const { queueId, ...t } of figures.tiles) tiles.set(queueId, t);
      const puts = [
        ...[...tiles].map(([queueId, t]) =>
          items.put({ tenantId, scope: scopeOf(queueId), slot: TILES, open: t.open, openBreached: t.breached, openEscalated: t.escalated, timeZone }).params(),
        ),
        ...figures.days.map((d) => items.put({ tenantId, scope: scopeOf(d.queueId), slot: daySlot(d.zone, d.date), date: d.date, created: d.created, resolved: d.resolved, breached: d.breached }).params()),
      ];
      await batchWrite(db, puts.map((p) => ({ PutRequest: { Item: p.Item as Record<string, unknown> } })));
    },
    applyTicket: (tenantId, ticket, sign, timeZone) => apply(tenantId, ticketContribution(ticket, timeZone, sign), timeZone),
    async read(tenantId, queueId, zone, from) {
      const [low, high] = zone === 'local' ? [daySlot('local', from), TILES] : [TILES, daySlot('utc', from)];
      const { data } = await items.query.bySlot({ tenantId, scope: scopeOf(queueId) }).between({ slot: low }, { slot: high }).go({ pages: 1 });
      const tiles = data.find((d) => d.slot === TILES);
      const days: TrendDay[] = data
        .filter((d) => d.slot !== TILES && d.date !== undefined)
        .map((d) => ({ date: d.date!, created: num(d.created), resolved: num(d.resolved), breached: num(d.breached) }) satisfies DayFigures & { date: string });
      return {
        tiles: { open: num(tiles?.open), breached: num(tiles?.openBreached), escalated: num(tiles?.openEscalated) },
        ...(tiles?.timeZone ? { timeZone: tiles.timeZone } : {}),
        days,
      };
    },
  };
});
