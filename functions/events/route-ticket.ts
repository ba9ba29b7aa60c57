import type { EventBridgeEvent } from 'aws-lambda';
import { routeTicketEvent } from '../../shared/routing/route-ticket.service.ts';
import { type EventEnvelope, type EventName, parseEnvelope } from '../../shared/system/events.ts';
import { jobHandler } from '../lib/job.ts';

export const handler = jobHandler('route-ticket', async (event: EventBridgeEvent<string, EventEnvelope>, deps) => {
  const name = event['detail-type'] as EventName;
  return routeTicketEvent(deps, name, parseEnvelope(name, event.detail));
});
