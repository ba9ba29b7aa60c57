// POST /dev/whatsapp/send {from, text | listReplyId, phoneNumberId?, messageId?}: builds the Cloud
// API webhook payload Meta would send for that message, signs it with the app secret and posts it
// to this runtime's webhook — the channel tried by hand, through the same path as Meta's calls.
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { httpHandler } from '../../../functions/lib/http.ts';
import { e164 } from '../../../shared/partner/partner.schema.ts';
import { SIGNATURE_HEADER, signBody } from '../../../shared/whatsapp/signature.ts';
import { messagePayload } from '../../../shared/whatsapp/webhook.ts';
import { DEV_PHONE_NUMBER_ID, WHATSAPP_SECRETS } from '../../../shared/whatsapp/whatsapp-config.ts';
import { currentRuntime } from '../current.ts';

const body = z
  .strictObject({
    /** The customer's phone, E.164 (`+15550001001`) or Meta's bare digits. */
    from: z.string().trim().transform((v) => (v.startsWith('+') ? v : `+${v}`)).pipe(e164),
    text: z.string().min(1).max(4096).optional(),
    /** A tapped menu row: its id (a skill name). */
    listReplyId: z.string().min(1).max(200).optional(),
    phoneNumberId: z.string().regex(/^\d{1,32}$/).default(DEV_PHONE_NUMBER_ID),
    /** Meta's message id; send one twice to see a redelivery ignored. */
    messageId: z.string().min(1).max(200).optional(),
    profileName: z.string().min(1).max(200).optional(),
  })
  .refine((b) => (b.text === undefined) !== (b.listReplyId === undefined), { message: 'Send exactly one of text and listReplyId', path: ['text'] });

export const handler = httpHandler({ body }, async ({ body, deps }) => {
  const runtime = currentRuntime();
  const id = body.messageId ?? `wamid.dev.${randomUUID()}`;
  const content = body.text !== undefined ? { text: body.text } : { listReplyId: body.listReplyId! };
  const payload = JSON.stringify(
    messagePayload({ phoneNumberId: body.phoneNumberId, from: body.from, id, at: runtime.clock.now(), ...(body.profileName ? { profileName: body.profileName } : {}), ...content }),
  );
  const res = await fetch(`${runtime.url}/webhooks/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signBody(payload, await deps.secrets.get(WHATSAPP_SECRETS.appSecret)) },
    body: payload,
  });
  await res.arrayBuffer();
  return { status: 200, body: { messageId: id, webhookStatus: res.status } };
});
