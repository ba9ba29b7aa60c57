// WhatsApp out: everything the product sends to a phone goes through the `whatsapp-outbound` queue,
// so a Graph API hiccup is retried (and finally dead-lettered) instead of losing the message.
// - `sendWhatsApp` enqueues (the inbound conversation's answers, agent replies);
// - `deliverOutbound` is the queue worker's step for one message: send, then record which entry
//   the message carries and mark it sent; a refusal marks it failed;
// - `sendReplyToWhatsApp` turns an agent's reply on a chat ticket into a message, inside WhatsApp's
//   24-hour window, and marks the entry not delivered outside it.
import * as z from 'zod';
import type { ServiceLogger } from '../platform/context.ts';
import type { Db } from '../platform/db.ts';
import { createIdempotencyRepo } from '../platform/idempotency.ts';
import type { Clock, Ids, QueueSender, WhatsAppMessage, WhatsAppSender } from '../platform/ports.ts';
import { type EventEnvelope, eventDataSchemas } from '../system/events.ts';
import { ticketRepos } from '../ticket/ticket.service.ts';
import { createDeliveryRepo, type EntryRef } from './delivery.repo.ts';
import { setEntryDelivery } from './delivery.service.ts';
import { OUTSIDE_WINDOW, graphRecipient, replyText, textMessage, whatsAppRecipient, withinWindow } from './reply-rules.ts';
import { createWindowRepo } from './window.repo.ts';

export const OUTBOUND_QUEUE = 'whatsapp-outbound';

/** Exactly-once effects are remembered this long (Meta and SQS redeliver within days). */
const IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 60 * 60;
const SENT_SCOPE = 'whatsapp-outbound';
const REPLY_SCOPE = 'send-whatsapp-reply';

/** A message on the `whatsapp-outbound` queue. */
export const outboundMessageSchema = z.object({
  /** Deduplicates sends: the entry's identity for an entry, else a fresh id. */
  id: z.string().min(1),
  tenantId: z.string().min(1),
  phoneNumberId: z.string().min(1),
  /** The exact Graph API request body (its `to` without '+'). */
  message: z.looseObject({ messaging_product: z.literal('whatsapp'), to: z.string().min(1) }),
  /** The thread entry the message carries: its delivery state follows the message. */
  entry: z.object({ number: z.string().min(1), entryId: z.string().min(1) }).optional(),
  queuedAt: z.string(),
});
export type OutboundMessage = z.infer<typeof outboundMessageSchema>;

/**
 * Enqueues a message for the customer's phone. `to` is E.164 (with '+'); the queued Graph body
 * gets it without the '+', as Graph's examples write it — so the local outbox's `to` (and the
 * body's) is e.g. `15550001001`. The body's own `to` is replaced by it.
 */
export async function sendWhatsApp(
  ctx: { queue: QueueSender; clock: Clock; ids: Ids },
  msg: { tenantId: string; phoneNumberId: string; to: string; message: WhatsAppMessage; entry?: { number: string; entryId: string } },
): Promise<void> {
  const body: OutboundMessage = {
    id: msg.entry ? `${msg.tenantId}#${msg.entry.number}#${msg.entry.entryId}` : ctx.ids.next(),
    tenantId: msg.tenantId,
    phoneNumberId: msg.phoneNumberId,
    message: { ...msg.message, to: graphRecipient(msg.to) },
    ...(msg.entry ? { entry: { number: msg.entry.number, entryId: msg.entry.entryId } } : {}),
    queuedAt: ctx.clock.now().toISOString(),
  };
  await ctx.queue.send(OUTBOUND_QUEUE, body);
}

export type OutboundContext = { db: Db; clock: Clock; whatsapp: WhatsAppSender; logger: ServiceLogger };

/** `retry`: fail the queue record so SQS delivers it again (and dead-letters it after the last receive). */
export type OutboundOutcome = 'sent' | 'duplicate' | 'refused' | 'retry';

/**
 * Sends one queued message. A sender error whose `retryable` is false (GraphApiError: a 4xx that
 * is not a rate limit, an answer without a message id) will not get better: the entry shows
 * `failed` at once and the record is not retried. Any other error is retried; on the last receive
 * (`receiveCount` ≥ the queue's `maxReceiveCount`) the entry shows `failed` as the record goes to
 * the dead-letter queue.
 */
export async function deliverOutbound(ctx: OutboundContext, msg: OutboundMessage, attempt: { receiveCount: number; maxReceiveCount: number }): Promise<OutboundOutcome> {
  const idempotency = createIdempotencyRepo(ctx.db);
  // SQS may deliver a message twice: a claim per message keeps the customer from getting it twice.
  if (!(await idempotency.claim(SENT_SCOPE, msg.id, ctx.clock.now(), IDEMPOTENCY_TTL_SECONDS))) return 'duplicate';
  const entry: EntryRef | undefined = msg.entry && { tenantId: msg.tenantId, ...msg.entry };
  let messageId: string;
  try {
    ({ messageId } = await ctx.whatsapp.send(msg.phoneNumberId, msg.message as WhatsAppMessage));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const retryable = (err as { retryable?: unknown }).retryable !== false;
    const last = attempt.receiveCount >= attempt.maxReceiveCount;
    const log = { tenantId: msg.tenantId, messageId: msg.id, receiveCount: attempt.receiveCount, error: err as Error };
    if (retryable) {
      // Let the redelivery (or a redrive from the dead-letter queue) send it.
      await idempotency.release(SENT_SCOPE, msg.id);
      if (!last) {
        ctx.logger.warn('WhatsApp send failed; SQS retries it', log);
        return 'retry';
      }
    }
    ctx.logger.error(retryable ? 'WhatsApp send failed on its last attempt; dead-lettered' : 'WhatsApp refused the message', log);
    if (entry) await markFailed(ctx, entry, retryable ? `No answer from WhatsApp after ${attempt.receiveCount} attempts: ${reason}` : `WhatsApp refused the message: ${reason}`);
    return retryable ? 'retry' : 'refused';
  }
  if (entry) {
    // The message is out: a bookkeeping failure must not send it again, so it is logged, not retried.
    try {
      await createDeliveryRepo(ctx.db).record(messageId, entry, ctx.clock.now());
      await setEntryDelivery(ctx, entry, 'sent');
    } catch (err) {
      ctx.logger.error('WhatsApp message sent but its entry was not updated', { ...entry, wamid: messageId, error: err as Error });
    }
  }
  return 'sent';
}

async function markFailed(ctx: OutboundContext, entry: EntryRef, reason: string): Promise<void> {
  try {
    await setEntryDelivery(ctx, entry, 'failed', reason);
  } catch (err) {
    ctx.logger.error('Could not mark the entry failed', { ...entry, error: err as Error });
  }
}

export type ReplyContext = { db: Db; clock: Clock; ids: Ids; queue: QueueSender };

export type ReplyOutcome = 'skipped' | 'duplicate' | 'queued' | 'not_delivered';

/**
 * `ticket.replied`: an agent's reply on a chat ticket goes to the phone of the requester's contact
 * if the customer wrote within WhatsApp's 24-hour window; otherwise the entry is marked not
 * delivered. Internal notes and customer replies never leave. Idempotent by eventId.
 */
export async function sendReplyToWhatsApp(ctx: ReplyContext, event: EventEnvelope): Promise<ReplyOutcome> {
  const data = eventDataSchemas['ticket.replied'].parse(event.data);
  const recipient = whatsAppRecipient({ data, ticket: event.ticket });
  if (!recipient) return 'skipped';
  const idempotency = createIdempotencyRepo(ctx.db);
  if (!(await idempotency.claim(REPLY_SCOPE, event.eventId, ctx.clock.now(), IDEMPOTENCY_TTL_SECONDS))) return 'duplicate';
  try {
    return await sendReply(ctx, { tenantId: event.tenantId, number: event.number, entryId: data.entryId }, recipient.contactId);
  } catch (err) {
    // Nothing or only part was done: the retried event does the rest.
    await idempotency.release(REPLY_SCOPE, event.eventId);
    throw err;
  }
}

async function sendReply(ctx: ReplyContext, ref: EntryRef, contactId: string): Promise<ReplyOutcome> {
  const { tenantId, number, entryId } = ref;
  const repos = ticketRepos(ctx.db);
  const [entry, contact, tab] = await Promise.all([
    repos.tickets.getEntry(tenantId, number, entryId),
    repos.partners.getContact(tenantId, contactId),
    repos.settings.get(tenantId, 'whatsapp'),
  ]);
  if (!entry || entry.kind !== 'reply') return 'skipped';
  // Already decided by an earlier delivery of the event; only `queued` may still need its message.
  if (entry.delivery && entry.delivery.status !== 'queued') return 'duplicate';
  const notDelivered = async (reason: string) => {
    await setEntryDelivery(ctx, ref, 'not_delivered', reason);
    return 'not_delivered' as const;
  };
  if (!contact?.phone) return notDelivered("the requester's contact has no phone number");
  const phoneNumberId = tab?.value.phoneNumberIds[0];
  if (!phoneNumberId) return notDelivered('no WhatsApp number is set up for this tenant');
  const window = createWindowRepo(ctx.db);
  if (!withinWindow(await window.lastInboundAt(tenantId, contact.phone), ctx.clock.now())) return notDelivered(OUTSIDE_WINDOW);

  // Queued before it is enqueued: the worker's `sent` must never be overwritten by it.
  await setEntryDelivery(ctx, ref, 'queued');
  await sendWhatsApp(ctx, { tenantId, phoneNumberId, to: contact.phone, message: textMessage(contact.phone, replyText(number, entry.body)), entry: { number, entryId } });
  await window.recordAgentReply(tenantId, contactId, number, entry.createdAt);
  return 'queued';
}
