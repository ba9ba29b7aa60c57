// Stored data catches up with code that adds derived items (ARCHITECTURE, "Consistency without
// transactions"): when the data's schema version is older than the code's, an idempotent backfill
// runs once — tickets get their SLA clock and due-index item, agents their load counts.
import { createDashboardRecount } from '../dashboard/dashboard.service.ts';
import { createMetaRepo } from '../platform/meta.ts';
import { WRITE_ATTEMPTS, backoff } from '../platform/retry.ts';
import type { ServiceContext } from '../platform/context.ts';
import { createAgentLoadRepo } from '../routing/agent-load.repo.ts';
import { loadHolder } from '../routing/agent-load.service.ts';
import { initialSla, pauseSla, policyOf } from '../sla/sla.rules.ts';
import { loadTenantConfig } from '../tenant/config-cache.ts';
import { policiesOf } from '../tenant/tenant-config.ts';
import type { StoredTicket } from './ticket.repo.ts';
import { ticketRepos } from './ticket.service.ts';

/** 1: tickets, configuration, partners. 2: SLA clocks and due items, agent loads, dashboard aggregates. */
export const DATA_SCHEMA_VERSION = 2;
const SCHEMA_KEY = 'schema-version';

export type BackfillStep = (ctx: ServiceContext, tickets: StoredTicket[]) => Promise<void>;

export type BackfillResult = { ran: boolean; tickets: number; updated: number };

/**
 * Runs when the stored schema version is older; `extra` steps see every page of tickets too (by
 * default the dashboard's recount). Safe to run again: each step writes what the tickets imply, not
 * increments — so on AWS, events handled while it runs may be overwritten by the recount (it runs
 * once, minutes after the deploy that needs it).
 */
export async function runBackfill(ctx: ServiceContext, extra: { perPage?: BackfillStep; finish?: (ctx: ServiceContext) => Promise<void> } = createDashboardRecount()): Promise<BackfillResult> {
  const meta = createMetaRepo(ctx.db);
  const stored = Number((await meta.get(SCHEMA_KEY)) ?? '1');
  if (stored >= DATA_SCHEMA_VERSION) return { ran: false, tickets: 0, updated: 0 };
  const repos = ticketRepos(ctx.db);
  const loads = new Map<string, number>();
  let cursor: string | undefined;
  let seen = 0;
  let updated = 0;
  do {
    const page = await repos.tickets.scanPage(200, cursor);
    seen += page.items.length;
    // A ticket written before SLA due times existed has none (a person's change since may have
    // given it a clock, but never targets); several at once, each retried when it loses a race.
    const old = page.items.filter((t) => !t.sla.firstResponseDueAt && !t.sla.dueAt);
    for (let i = 0; i < old.length; i += PARALLEL) updated += (await Promise.all(old.slice(i, i + PARALLEL).map((t) => addSlaClock(ctx, t)))).filter(Boolean).length;
    for (const ticket of page.items) {
      const holder = loadHolder(ticket);
      if (holder) loads.set(`${ticket.tenantId}\n${holder}`, (loads.get(`${ticket.tenantId}\n${holder}`) ?? 0) + 1);
    }
    if (extra.perPage) await extra.perPage(ctx, page.items);
    cursor = page.cursor;
  } while (cursor);
  const loadRepo = createAgentLoadRepo(ctx.db);
  for (const [key, open] of loads) {
    const [tenantId, userId] = key.split('\n') as [string, string];
    await loadRepo.set(tenantId, userId, open);
  }
  if (extra.finish) await extra.finish(ctx);
  await meta.set(SCHEMA_KEY, String(DATA_SCHEMA_VERSION), ctx.clock.now());
  return { ran: true, tickets: seen, updated };
}

const PARALLEL = 16;

/** SLA targets as if the ticket had been created under today's policies; met and breached fields kept. */
async function addSlaClock(ctx: ServiceContext, found: StoredTicket): Promise<boolean> {
  let ticket: StoredTicket | null = found;
  for (let attempt = 1; ticket && attempt <= WRITE_ATTEMPTS; attempt++) {
    if (ticket.sla.firstResponseDueAt || ticket.sla.dueAt) return false;
    if (await writeSlaClock(ctx, ticket)) return true;
    await backoff(attempt);
    ticket = await repos(ctx).tickets.get(found.tenantId, found.number);
  }
  return false;
}

async function writeSlaClock(ctx: ServiceContext, ticket: StoredTicket): Promise<boolean> {
  const policies = policiesOf(await loadTenantConfig(ctx.db, ticket.tenantId));
  const policy = policyOf(policies);
  const { sla, clock } = initialSla(new Date(ticket.createdAt), ticket.priority, policy, ticket.sla.dueAt ? { dueAt: new Date(ticket.sla.dueAt) } : {});
  const next: StoredTicket = { ...ticket, sla: { ...sla, ...ticket.sla, firstResponseDueAt: ticket.sla.firstResponseDueAt ?? sla.firstResponseDueAt, dueAt: ticket.sla.dueAt ?? sla.dueAt }, slaClock: clock };
  // A pending ticket's pause is taken to start at its last update.
  if (ticket.status === 'pending' && policies.pauseOnPending) next.slaClock = pauseSla(next.sla, clock, new Date(ticket.updatedAt), policy.calendar);
  if (ticket.status === 'resolved') next.autoCloseAt = new Date(new Date(ticket.lastClosedAt ?? ticket.updatedAt).getTime() + policies.autoCloseResolvedAfterDays * 86_400_000).toISOString();
  // The same version: nothing a person sees changed, only what was derived.
  return repos(ctx).tickets.commit({ ...next, revision: ticket.revision + 1 }, ticket.revision);
}

const repos = (ctx: Pick<ServiceContext, 'db'>) => ticketRepos(ctx.db);
