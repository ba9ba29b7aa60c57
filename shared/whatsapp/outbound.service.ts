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
import { WorkInProgressError, runOnce } from '../platform/idempotency.ts';
import type { Clock, Ids, QueueSender, WhatsAppMessage, WhatsAppSender } from '../platform/ports.ts';
import { type EventEnvelope, eventDataSchemas, eventRules } from '../system/events.ts';
import { queues } from '../system/queues.ts';
import { ticketRepos } from '../ticket/ticket.service.ts';
import { createDeliveryRepo, type EntryRef } from './delivery.repo.ts';
import { setEntryDelivery } from './delivery.service.ts';
import { OUTSIDE_WINDOW, graphRecipient, replyFromNumber, replyText, textMessage, whatsAppRecipient, withinWindow } from './reply-rules.ts';
import { leaseSecondsFor } from './whatsapp-config.ts';
import { createWindowRepo } from './window.repo.ts';

export const OUTBOUND_QUEUE = 'whatsapp-outbound';

/** Exactly-once effects are remembered this long (Meta and SQS redeliver within days). */
const IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 60 * 60;
const SENT_SCOPE = 'whatsapp-outbound';
const REPLY_SCOPE = 'send-whatsapp-reply';

/** Leases outlive the functions doing the work (their timeouts in shared/system). */
const SEND_LEASE_SECONDS = leaseSecondsFor(queues.find((q) => q.name === OUTBOUND_QUEUE)?.timeoutSeconds ?? 30);
const REPLY_LEASE_SECONDS = leaseSecondsFor(eventRules.find((r) => r.name === 'send-whatsapp-reply')?.timeoutSeconds ?? 30);

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
  msg: {
    tenantId: string;
    phoneNumberId: string;
    to: string;
    message: WhatsAppMessage;
    entry?: { number: string; entryId: string };
    /** Deduplicates sends of a message enqueued again (an inbound message's answers); default: the entry's identity, else a fresh id. */
    id?: string;
  },
): Promise<void> {
  const body: OutboundMessage = {
    id: msg.id ?? (msg.entry ? `${msg.tenantId}#${msg.entry.number}#${msg.entry.entryId}` : ctx.ids.next()),
    tenantId: msg.tenantId,
    phoneNumberId: msg.phoneNumberId,
    message: { ...msg.message, to: graphRecipient(msg.to) },
    ...(msg.entry ? { entry: { number: msg.entry.number, entryId: msg.entry.entryId } } : {}),
    queuedAt: ctx.clock.now().toISOString(),
  };
  await ctx.queue.send(OUTBOUND_QUEUE, body);
}

export type OutboundContext = { db: Db; clock: Clock; whatsapp: WhatsAppSender; logger: ServiceLogger };

/**
 * `retry`: fail the queue record so SQS delivers it again (and dead-letters it after the last receive);
 * `in_progress`: another delivery of it is sending right now — fail the record too, to look again later.
 */
export type OutboundOutcome = 'sent' | 'duplicate' | 'refused' | 'retry' | 'in_progress';

/** A send that may work on another try: its run is released so the redelivery sends it. */
class SendFailed extends Error {
  constructor(readonly error: unknown) {
    super(error instanceof Error ? error.message : String(error));
  }
}

/**
 * Sends one queued message, once per message id (runOnce: a lease while sending, `done` after; a
 * delivery that died mid-send frees it when the lease ends). A sender error whose `retryable` is
 * false (GraphApiError: a 4xx that is not a rate limit, an answer without a message id) will not get
 * better: the entry shows `failed` at once and the record is not retried. Any other error is
 * retried; on the last receive (`receiveCount` ≥ the queue's `maxReceiveCount`) the entry shows
 * `failed` as the record goes to the dead-letter queue.
 */
export async function deliverOutbound(ctx: OutboundContext, msg: OutboundMessage, attempt: { receiveCount: number; maxReceiveCount: number }): Promise<OutboundOutcome> {
  const entry: EntryRef | undefined = msg.entry && { tenantId: msg.tenantId, ...msg.entry };
  let refused = false;
  try {
    const ran = await runOnce(ctx, SENT_SCOPE, msg.id, { leaseSeconds: SEND_LEASE_SECONDS, keepSeconds: IDEMPOTENCY_TTL_SECONDS }, async () => {
      let messageId: string;
      try {
        ({ messageId } = await ctx.whatsapp.send(msg.phoneNumberId, msg.message as WhatsAppMessage));
      } catch (err) {
        if ((err as { retryable?: unknown }).retryable !== false) throw new SendFailed(err);
        ctx.logger.error('WhatsApp refused the message', { tenantId: msg.tenantId, messageId: msg.id, receiveCount: attempt.receiveCount, error: err as Error });
        if (entry) await markFailed(ctx, entry, `WhatsApp refused the message: ${err instanceof Error ? err.message : String(err)}`);
        refused = true;
        return;
      }
      await recordSent(ctx, msg, entry, messageId);
    });
    if (!ran) return 'duplicate';
    return refused ? 'refused' : 'sent';
  } catch (err) {
    if (err instanceof WorkInProgressError) return 'in_progress';
    if (!(err instanceof SendFailed)) throw err;
    // Released: the redelivery (or a redrive from the dead-letter queue) sends it.
    const log = { tenantId: msg.tenantId, messageId: msg.id, receiveCount: attempt.receiveCount, error: err.error as Error };
    if (attempt.receiveCount < attempt.maxReceiveCount) {
      ctx.logger.warn('WhatsApp send failed; SQS retries it', log);
      return 'retry';
    }
    ctx.logger.error('WhatsApp send failed on its last attempt; dead-lettered', log);
    if (entry) await markFailed(ctx, entry, `No answer from WhatsApp after ${attempt.receiveCount} attempts: ${err.message}`);
    return 'retry';
  }
}

/** The message is out: a bookkeeping failure must not send it again, so it is logged, not retried. */
async function recordSent(ctx: OutboundContext, msg: OutboundMessage, entry: EntryRef | undefined, messageId: string): Promise<void> {
  try {
    const deliveries = createDeliveryRepo(ctx.db);
    if (!entry) {
      // Its status callbacks are then known to carry nothing, rather than retried as early ones.
      await deliveries.recordUntracked(messageId, msg.tenantId, ctx.clock.now());
      return;
    }
    await deliveries.record(messageId, entry, ctx.clock.now());
    await setEntryDelivery(ctx, entry, 'sent');
  } catch (err) {
    ctx.logger.error('WhatsApp message sent but not recorded', { tenantId: msg.tenantId, ...entry, wamid: messageId, error: err as Error });
  }
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
  // A lease while it works (a second delivery meanwhile gets WorkInProgressError and is retried);
  // a failure releases it, so the retried event does what was not done.
  let outcome: ReplyOutcome = 'duplicate';
  const ran = await runOnce(ctx, REPLY_SCOPE, event.eventId, { leaseSeconds: REPLY_LEASE_SECONDS, keepSeconds: IDEMPOTENCY_TTL_SECONDS }, async () => {
    outcome = await sendReply(ctx, { tenantId: event.tenantId, number: event.number, entryId: data.entryId }, recipient.contactId);
  });
  return ran ? outcome : 'duplicate';
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
  const numbers = tab?.value.phoneNumberIds ?? [];
  const [first] = numbers;
  if (!first) return notDelivered('no WhatsApp number is set up for this tenant');
  const window = createWindowRepo(ctx.db);
  const inbound = await window.lastInbound(tenantId, contact.phone);
  if (!withinWindow(inbound?.at ?? null, ctx.clock.now())) return notDelivered(OUTSIDE_WINDOW);
  // From the number the customer wrote to (their chat is with it), else the tenant's first.
  const phoneNumberId = replyFromNumber(numbers, inbound?.phoneNumberId) ?? first;

  // Queued before it is enqueued: the worker's `sent` must never be overwritten by it.
  await setEntryDelivery(ctx, ref, 'queued');
  await sendWhatsApp(ctx, { tenantId, phoneNumberId, to: contact.phone, message: textMessage(contact.phone, replyText(number, entry.body)), entry: { number, entryId } });
  await window.recordAgentReply(tenantId, contactId, number, entry.createdAt);
  return 'queued';
}
