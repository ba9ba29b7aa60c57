// `ticket.created`, `ticket.updated`, `ticket.sla_breached` → the SLA dashboard's counters and days.
import type { EventBridgeEvent } from 'aws-lambda';
import { type TrackedEvent, trackedEvents } from '../../shared/dashboard/dashboard.rules.ts';
import { trackDashboard } from '../../shared/dashboard/dashboard.service.ts';
import { parseEnvelope } from '../../shared/system/events.ts';
import { jobHandler } from '../lib/job.ts';

export const handler = jobHandler('track-dashboard', async (event: EventBridgeEvent<string, unknown>, deps) => {
  const name = event['detail-type'] as TrackedEvent;
  // A rule sending another event here is a wiring mistake: fail loudly rather than count it.
  if (!trackedEvents.includes(name)) throw new Error(`track-dashboard does not handle ${name}`);
  return trackDashboard(deps, name, parseEnvelope(name, event.detail));
});
