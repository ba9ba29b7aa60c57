// POST /webhooks/whatsapp: Meta's webhook. The signature is checked over the raw bytes (base64
// decoded when API Gateway encoded them), every message and status update is enqueued, and Meta
// gets its 200 at once; a failed enqueue answers 500 so Meta sends the payload again.
import { SIGNATURE_HEADER } from '../../shared/whatsapp/signature.ts';
import { receiveWebhook } from '../../shared/whatsapp/webhook.ts';
import { WHATSAPP_SECRETS } from '../../shared/whatsapp/whatsapp-config.ts';
import { bodyBytes, header, httpHandler } from '../lib/http.ts';

export const handler = httpHandler({}, async ({ event, deps, correlationId }) => {
  const result = await receiveWebhook(deps, bodyBytes(event), header(event, SIGNATURE_HEADER), await deps.secrets.get(WHATSAPP_SECRETS.appSecret));
  if (result.skipped) deps.logger.warn('WhatsApp webhook items skipped', { correlationId, ...result });
  return { status: 200, text: 'EVENT_RECEIVED' };
});
