import type { EventBridgeEvent } from 'aws-lambda';
import { trackAgentLoad } from '../../shared/routing/agent-load.service.ts';
import { type EventEnvelope, type EventName, parseEnvelope } from '../../shared/system/events.ts';
import { jobHandler } from '../lib/job.ts';

export const handler = jobHandler('track-agent-load', async (event: EventBridgeEvent<string, EventEnvelope>, deps) => {
  const name = event['detail-type'] as EventName;
  return trackAgentLoad(deps, name, parseEnvelope(name, event.detail));
});
