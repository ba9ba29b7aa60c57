// What a ticket event says about the ticket: its state after the change (the envelope's `ticket`)
// and before it (the same with each changed field set back to its `from`). Event handlers that keep
// derived figures (agent load, dashboard) work from these two states.
import type { EventEnvelope, EventName } from '../system/events.ts';
import type { Ticket } from './ticket.schema.ts';

export type TicketStates = { before: Ticket | null; after: Ticket };

export function ticketStates(name: EventName, detail: EventEnvelope): TicketStates {
  const after = detail.ticket as unknown as Ticket;
  if (name === 'ticket.created') return { before: null, after };
  const before: Record<string, unknown> = { ...after };
  for (const [field, change] of Object.entries(detail.changes ?? {})) {
    if (change.from === undefined || change.from === null) delete before[field];
    else before[field] = change.from;
  }
  return { before: before as unknown as Ticket, after };
}
