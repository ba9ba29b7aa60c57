// GET /webhooks/whatsapp: Meta's subscription handshake — the challenge echoed as plain text when
// the verify token is ours, 403 otherwise.
import { AppError } from '../../shared/platform/errors.ts';
import { handshakeChallenge } from '../../shared/whatsapp/webhook.ts';
import { WHATSAPP_SECRETS } from '../../shared/whatsapp/whatsapp-config.ts';
import { httpHandler } from '../lib/http.ts';

export const handler = httpHandler({}, async ({ event, deps }) => {
  const challenge = handshakeChallenge(event.queryStringParameters ?? {}, await deps.secrets.get(WHATSAPP_SECRETS.verifyToken));
  if (challenge === null) throw new AppError('forbidden', 'The verification handshake did not match');
  return { status: 200, text: challenge };
});
