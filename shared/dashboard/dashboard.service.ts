// The SLA dashboard: figures kept on ticket events (trackDashboard) and the read of them with the
// recent tickets (getSlaDashboard). Neither ever scans or counts tickets.
import type { Actor } from '../identity/actor.ts';
import type { ServiceContext } from '../platform/context.ts';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { runOnce } from '../platform/idempotency.ts';
import type { EventEnvelope } from '../system/events.ts';
import { loadTenantConfig } from '../tenant/config-cache.ts';
import { policiesOf } from '../tenant/tenant-config.ts';
import { ticketStates } from '../ticket/ticket.events.ts';
import { listItem } from '../ticket/ticket-list.service.ts';
import { createTicketRepo, type StoredTicket } from '../ticket/ticket.repo.ts';
import { createDashboardRepo } from './dashboard.repo.ts';
import { RECENT_TICKETS, type SlaDashboard, type SlaDashboardQuery, TREND_DAYS, type TrendDay } from './dashboard.schema.ts';
import { type DashboardDelta, type TrackedEvent, addDays, dashboardDeltas, dayKeys, daysEnding, isEmptyDelta, sumDeltas, ticketContribution } from './dashboard.rules.ts';

/** Long past any redelivery (EventBridge retries for up to a day; the outbox republishes within minutes). */
const CLAIM_TTL_SECONDS = 7 * 24 * 60 * 60;
/** Longer than the handler's timeout (events.ts): a delivery that died frees the event by then. */
const CLAIM_LEASE_SECONDS = 45;
const CLAIM_SCOPE = 'dashboard';

const reposByDb = new WeakMap<Db, { dashboard: ReturnType<typeof createDashboardRepo>; tickets: ReturnType<typeof createTicketRepo> }>();
function repos(db: Db) {
  let r = reposByDb.get(db);
  if (!r) reposByDb.set(db, (r = { dashboard: createDashboardRepo(db), tickets: createTicketRepo(db) }));
  return r;
}

/**
 * Applies one event to the figures, once per `eventId` (runOnce: a lease while writing, released when
 * the write fails so the bus's retry applies it; the repo undoes a partial write).
 */
export async function trackDashboard(ctx: Pick<ServiceContext, 'db' | 'clock'>, name: TrackedEvent, detail: EventEnvelope): Promise<'applied' | 'duplicate' | 'nothing'> {
  const { before, after } = ticketStates(name, detail);
  // The Policies tab's zone at the time of the event (the configuration is cached per warm function).
  const timeZone = policiesOf(await loadTenantConfig(ctx.db, detail.tenantId)).timeZone;
  const delta = dashboardDeltas({ name, occurredAt: detail.occurredAt, before, after }, timeZone);
  if (isEmptyDelta(delta)) return 'nothing';

  const ran = await runOnce(ctx, CLAIM_SCOPE, detail.eventId, { leaseSeconds: CLAIM_LEASE_SECONDS, keepSeconds: CLAIM_TTL_SECONDS }, () =>
    repos(ctx.db).dashboard.apply(detail.tenantId, delta, timeZone),
  );
  return ran ? 'applied' : 'duplicate';
}

/**
 * The dashboard's step of the data backfill (`runBackfill(ctx, createDashboardRecount())`): sums every
 * ticket's contribution per tenant over the pages, then writes the figures as they are, so running it
 * again writes the same. Run it before events flow (a recount overwrites what events add meanwhile).
 */
export function createDashboardRecount() {
  const totals = new Map<string, DashboardDelta>();
  return {
    async perPage(ctx: Pick<ServiceContext, 'db'>, tickets: readonly StoredTicket[]): Promise<void> {
      for (const tenantId of new Set(tickets.map((t) => t.tenantId))) {
        const timeZone = policiesOf(await loadTenantConfig(ctx.db, tenantId)).timeZone;
        const mine = tickets.filter((t) => t.tenantId === tenantId).map((t) => ticketContribution(t, timeZone));
        totals.set(tenantId, sumDeltas([totals.get(tenantId) ?? { tiles: [], days: [] }, ...mine]));
      }
    },
    async finish(ctx: Pick<ServiceContext, 'db'>): Promise<void> {
      for (const [tenantId, figures] of totals) {
        const config = await loadTenantConfig(ctx.db, tenantId);
        await repos(ctx.db).dashboard.replace(tenantId, figures, policiesOf(config).timeZone, config.queues.map((q) => q.id));
      }
    },
  };
}

const newestFirst = (a: StoredTicket, b: StoredTicket) => (a.updatedAt !== b.updatedAt ? (a.updatedAt < b.updatedAt ? 1 : -1) : a.tenantId.localeCompare(b.tenantId) || b.seq - a.seq);

/**
 * SPEC `GET /api/dashboard/sla`. Per tenant in scope, three table calls at once: the configuration's
 * stamp (names, the queue check, the zone; cached per warm function, one more Query when it changed),
 * one Query for the tiles and the trend days, one Query for the newest tickets.
 */
export async function getSlaDashboard(ctx: Pick<ServiceContext, 'db' | 'clock'>, actor: Actor, q: SlaDashboardQuery): Promise<SlaDashboard> {
  if (q.tenant && !actor.tenants.includes(q.tenant)) throw new AppError('not_found', 'No such tenant');
  const tenants = q.tenant ? [q.tenant] : [...actor.tenants].sort();
  const { dashboard, tickets } = repos(ctx.db);
  // One tenant: its own calendar days; several: UTC days, which add up across tenants.
  const zone = tenants.length === 1 ? 'local' : 'utc';
  const now = ctx.clock.now().toISOString();
  const utcToday = dayKeys(now, 'UTC').utc;
  // A local "today" is within a day of UTC's, so from six days back we read from seven back in UTC.
  const from = addDays(utcToday, zone === 'local' ? -TREND_DAYS : -(TREND_DAYS - 1));

  const perTenant = await Promise.all(
    tenants.map(async (tenantId) => {
      const [config, figures, recent] = await Promise.all([
        loadTenantConfig(ctx.db, tenantId),
        dashboard.read(tenantId, q.queue ?? null, zone, from),
        tickets.listPage(q.queue ? { by: 'queue', tenantId, queueKey: q.queue } : { by: 'tenant', tenantId }, RECENT_TICKETS),
      ]);
      if (q.queue && !config.queues.some((queue) => queue.id === q.queue)) throw new AppError('not_found', `No queue ${q.queue}`);
      return { config, figures, recent: recent.items };
    }),
  );

  const timeZone = zone === 'local' ? policiesOf(perTenant[0]!.config).timeZone : 'UTC';
  const dates = daysEnding(dayKeys(now, timeZone).local, TREND_DAYS);
  const days = new Map<string, TrendDay>(dates.map((date) => [date, { date, created: 0, resolved: 0, breached: 0 }]));
  const tiles = { open: 0, breached: 0, escalated: 0 };
  for (const { figures } of perTenant) {
    tiles.open += figures.tiles.open;
    tiles.breached += figures.tiles.breached;
    tiles.escalated += figures.tiles.escalated;
    for (const d of figures.days) {
      const day = days.get(d.date);
      if (!day) continue;
      day.created += d.created;
      day.resolved += d.resolved;
      day.breached += d.breached;
    }
  }

  const configs = new Map(tenants.map((t, i) => [t, perTenant[i]!.config]));
  const recent = perTenant
    .flatMap((p) => p.recent)
    .sort(newestFirst)
    .slice(0, RECENT_TICKETS)
    .map((t) => listItem(t, configs.get(t.tenantId)!));
  return { tiles, trend: { timeZone, days: [...days.values()] }, recent };
}
