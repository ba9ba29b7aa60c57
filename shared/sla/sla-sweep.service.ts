// The scheduled sweep (SPEC §3 SLA policies): reads only what is due from the sparse, sharded due
// index — its cost follows the due tickets, not all tickets — marks breaches and escalates once per
// breach, and closes resolved tickets after the tenant's auto-close period. Every change is a
// conditional commit on the ticket, so repeated or concurrent runs never escalate twice.
import type { ServiceContext } from '../platform/context.ts';
import { WRITE_ATTEMPTS, backoff } from '../platform/retry.ts';
import { DUE_SHARDS } from '../platform/table.ts';
import type { BusEvent } from '../system/events.ts';
import { loadTenantConfig } from '../tenant/config-cache.ts';
import { policiesOf } from '../tenant/tenant-config.ts';
import type { DueKind, StoredTicket } from '../ticket/ticket.repo.ts';
import type { Changes } from '../ticket/ticket.rules.ts';
import { applyStatus, commit, event, systemEntry, ticketRepos } from '../ticket/ticket.service.ts';
import { dueBreaches, stepUp } from './sla.rules.ts';

export type SweepResult = { read: number; breached: number; closed: number; failed: number };

const PAGE = 100;
/** Tickets handled at once within a page. */
const PARALLEL = 4;

export async function runSlaSweep(ctx: ServiceContext, options: { pageSize?: number } = {}): Promise<SweepResult> {
  const now = ctx.clock.now();
  const repos = ticketRepos(ctx.db);
  const result: SweepResult = { read: 0, breached: 0, closed: 0, failed: 0 };
  for (const kind of ['sla', 'close'] as DueKind[]) {
    for (let shard = 0; shard < DUE_SHARDS; shard++) {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await repos.tickets.listDue(kind, shard, now, options.pageSize ?? PAGE, start);
        result.read += page.items.length;
        for (let i = 0; i < page.items.length; i += PARALLEL) {
          const done = await Promise.all(
            page.items.slice(i, i + PARALLEL).map((t) =>
              (kind === 'sla' ? breach(ctx, t, now) : autoClose(ctx, t, now)).catch((err: unknown) => {
                // One ticket that cannot be written must not hold up every other due ticket, run
                // after run: it stays due and is tried again next minute.
                result.failed++;
                ctx.logger.error('SLA sweep could not handle a ticket', { tenantId: t.tenantId, number: t.number, kind, error: String(err) });
                return false;
              }),
            ),
          );
          for (const d of done) if (d) result[kind === 'sla' ? 'breached' : 'closed']++;
        }
        start = page.next;
      } while (start);
    }
  }
  return result;
}

const TARGET_NAMES = { first_response: 'first response', resolution: 'resolution' } as const;

/** Marks the breach and escalates; false when there is nothing (left) to do. */
async function breach(ctx: ServiceContext, found: StoredTicket, now: Date): Promise<boolean> {
  const repos = ticketRepos(ctx.db);
  let current: StoredTicket | null = found;
  for (let attempt = 1; current && attempt <= WRITE_ATTEMPTS; attempt++) {
    const due = dueBreaches(current.sla, current.slaClock ?? { pausedMinutes: 0 }, now);
    if (!due || current.status === 'resolved' || current.status === 'closed') return false;
    const at = now.toISOString();
    const level = current.sla.escalationLevel + 1;
    const next: StoredTicket = {
      ...current,
      priority: stepUp(current.priority),
      sla: { ...current.sla, breached: due.breach, breachedAt: due.breachedAt, escalationLevel: level, escalatedAt: at },
      version: current.version + 1,
      updatedAt: at,
    };
    const changes: Changes = { sla: { from: current.sla, to: next.sla } };
    if (next.priority !== current.priority) changes.priority = { from: current.priority, to: next.priority };
    const entry = systemEntry(ctx, next, `SLA ${TARGET_NAMES[due.breach]} target breached (due ${due.breachedAt})\nEscalated to level ${level}, priority ${next.priority}`);
    const events: BusEvent[] = [
      event(ctx, 'system', 'ticket.updated', next, { changes }),
      event(ctx, 'system', 'ticket.sla_breached', next, { data: { breach: due.breach } }),
      event(ctx, 'system', 'ticket.escalated', next, { data: { reason: 'sla', level } }),
    ];
    if (await commit(ctx, repos, current, next, events, { entries: [entry] })) return true;
    await repos.tickets.deleteEntries([entry]);
    await backoff(attempt);
    current = await repos.tickets.get(found.tenantId, found.number);
  }
  return false;
}

async function autoClose(ctx: ServiceContext, found: StoredTicket, now: Date): Promise<boolean> {
  const repos = ticketRepos(ctx.db);
  let current: StoredTicket | null = found;
  for (let attempt = 1; current && attempt <= WRITE_ATTEMPTS; attempt++) {
    if (current.status !== 'resolved' || !current.autoCloseAt || current.autoCloseAt > now.toISOString()) return false;
    const policies = policiesOf(await loadTenantConfig(ctx.db, current.tenantId));
    const next: StoredTicket = { ...current, sla: { ...current.sla }, version: current.version + 1, updatedAt: now.toISOString() };
    applyStatus(next, 'closed', now, policies);
    const changes: Changes = { status: { from: 'resolved', to: 'closed' } };
    const entry = systemEntry(ctx, next, `Closed automatically: resolved for ${policies.autoCloseResolvedAfterDays} days without a reply`);
    const events = [event(ctx, 'system', 'ticket.updated', next, { changes }), event(ctx, 'system', 'ticket.status_changed', next, { changes })];
    if (await commit(ctx, repos, current, next, events, { entries: [entry] })) return true;
    await repos.tickets.deleteEntries([entry]);
    await backoff(attempt);
    current = await repos.tickets.get(found.tenantId, found.number);
  }
  return false;
}
