// `ticket.replied` → an agent's reply on a chat ticket goes to the customer's WhatsApp (or is marked
// not delivered outside the 24-hour window).
import type { EventBridgeEvent } from 'aws-lambda';
import { sendReplyToWhatsApp } from '../../shared/whatsapp/outbound.service.ts';
import { parseEnvelope } from '../../shared/system/events.ts';
import { jobHandler } from '../lib/job.ts';

export const handler = jobHandler('send-whatsapp-reply', async (event: EventBridgeEvent<string, unknown>, deps) =>
  sendReplyToWhatsApp(deps, parseEnvelope('ticket.replied', event.detail)),
);
