// `ticket.escalated` → a notification for each lead of the ticket's queue.
import type { EventBridgeEvent } from 'aws-lambda';
import { notifyLeads } from '../../shared/notification/notification.service.ts';
import { parseEnvelope } from '../../shared/system/events.ts';
import { jobHandler } from '../lib/job.ts';

export const handler = jobHandler('notify-leads', async (event: EventBridgeEvent<string, unknown>, deps) => notifyLeads(deps, parseEnvelope('ticket.escalated', event.detail)));
