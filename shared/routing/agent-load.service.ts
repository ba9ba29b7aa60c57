// Keeps each agent's open/pending count from ticket events of people and the API. Routing and the
// sweep (actor `system`) keep the loads of their own changes, so their events are not counted here.
import { runOnce } from '../platform/idempotency.ts';
import type { ServiceContext } from '../platform/context.ts';
import type { EventEnvelope, EventName } from '../system/events.ts';
import { ticketStates } from '../ticket/ticket.events.ts';
import type { Ticket } from '../ticket/ticket.schema.ts';
import { createAgentLoadRepo } from './agent-load.repo.ts';

const WEEK_SECONDS = 7 * 24 * 3600;
/** Longer than the handler's timeout (events.ts): a delivery that died frees the event by then. */
const LEASE_SECONDS = 45;

/** The agent whose load the ticket counts in, if any. */
export const loadHolder = (t: Pick<Ticket, 'status' | 'assigneeId'> | null): string | undefined =>
  t && t.assigneeId && (t.status === 'open' || t.status === 'pending') ? t.assigneeId : undefined;

export async function trackAgentLoad(ctx: Pick<ServiceContext, 'db' | 'clock'>, name: EventName, detail: EventEnvelope): Promise<'counted' | 'unchanged' | 'duplicate'> {
  if (detail.actor.type === 'system') return 'unchanged';
  const { before, after } = ticketStates(name, detail);
  const was = loadHolder(before);
  const is = loadHolder(after);
  if (was === is) return 'unchanged';
  const loads = createAgentLoadRepo(ctx.db);
  const ran = await runOnce(ctx, 'agent-load', detail.eventId, { leaseSeconds: LEASE_SECONDS, keepSeconds: WEEK_SECONDS }, async () => {
    if (was) await loads.add(detail.tenantId, was, -1);
    if (is) await loads.add(detail.tenantId, is, 1);
  });
  return ran ? 'counted' : 'duplicate';
}
