// The inbound WhatsApp worker's use cases: each queued message is handled once by its `wamid`
// (runOnce: a lease while it runs, so a delivery that dies mid-work frees it when the lease ends,
// and a concurrent delivery is told to come back), mapped to its tenant and sender, run through the
// conversation (conversation.rules.ts), and answered through the `whatsapp-outbound` queue.
// The conversation moves by conditional writes (conversation.repo.ts): an action with an effect (a
// ticket create, a chat reply) is decided and saved first, then done exactly once per wamid
// (message-effect.repo.ts), then its answers are saved and sent. Status callbacks go to the
// outbound side's delivery states.
import type { PartnerRepo } from '../partner/partner.repo.ts';
import { resolvePartner } from '../partner/partner.service.ts';
import type { ServiceContext } from '../platform/context.ts';
import type { Db } from '../platform/db.ts';
import { type ErrorCode, isAppError } from '../platform/errors.ts';
import { WorkInProgressError, runOnce } from '../platform/idempotency.ts';
import type { QueueSender, WhatsAppMessage } from '../platform/ports.ts';
import type { SettingsRepo } from '../settings/settings.repo.ts';
import { settingsDefaults } from '../settings/settings.schema.ts';
import { queues } from '../system/queues.ts';
import {
  chatActor,
  createChatTicket,
  findChatReply,
  findChatTicketCreated,
  latestPartnerTickets,
  openChatTickets,
  partnerTicket,
  replyFromChat,
} from '../ticket/chat.service.ts';
import { ticketRepos } from '../ticket/ticket.service.ts';
import { type PhoneNumberRepo, createPhoneNumberRepo } from './phone-number.repo.ts';
import {
  type Action,
  type ConversationState,
  type Match,
  type Menu,
  createdText,
  listText,
  menuMessage,
  needsChatTicket,
  statusText,
  step,
  textMessage,
  texts,
} from './conversation.rules.ts';
import { type Conversation, type ConversationRepo, type Effect, type HandledMessage, RECENT_MESSAGES, createConversationRepo } from './conversation.repo.ts';
import { StatusBeforeMappingError, applyDeliveryStatus } from './delivery.service.ts';
import { type EffectRecord, type MessageEffectRepo, createMessageEffectRepo } from './message-effect.repo.ts';
import { sendWhatsApp } from './outbound.service.ts';
import { inboundWindowTime } from './reply-rules.ts';
import { type InboundItem, type InboundMessage, inboundItemSchema } from './webhook.ts';
import { CHAT_WINDOW_HOURS, INBOUND_QUEUE, LIST_LIMIT, MESSAGE_SCOPE, MESSAGE_TTL_SECONDS, leaseSecondsFor } from './whatsapp-config.ts';
import { type WindowRepo, createWindowRepo } from './window.repo.ts';

export type InboundContext = ServiceContext & { queue: QueueSender };

const REFUSALS = new Set<ErrorCode>(['unprocessable', 'forbidden', 'not_found', 'validation_failed', 'payload_too_large']);

/** A message's lease outlives the worker's timeout (shared/system/queues.ts). */
const INBOUND_LEASE_SECONDS = leaseSecondsFor(queues.find((q) => q.name === INBOUND_QUEUE)?.timeoutSeconds ?? 30);

type InboundRepos = {
  phones: PhoneNumberRepo;
  conversations: ConversationRepo;
  effects: MessageEffectRepo;
  window: WindowRepo;
  partners: PartnerRepo;
  settings: SettingsRepo;
};

// Building ElectroDB entities costs milliseconds: once per table client (a warm function), not per message.
const reposByDb = new WeakMap<Db, InboundRepos>();
function inboundRepos(db: Db): InboundRepos {
  let repos = reposByDb.get(db);
  if (!repos) {
    const { partners, settings } = ticketRepos(db);
    repos = { phones: createPhoneNumberRepo(db), conversations: createConversationRepo(db), effects: createMessageEffectRepo(db), window: createWindowRepo(db), partners, settings };
    reposByDb.set(db, repos);
  }
  return repos;
}

export type InboundOutcome = 'handled' | 'duplicate' | 'unknown_number' | 'status';

/** The sender's contact, if the phone is claimed by one whose partner (after merges) is active. */
export async function matchPhone(db: Db, tenantId: string, phone: string): Promise<Match> {
  const { partners } = inboundRepos(db);
  const claim = await partners.phoneClaimOf(tenantId, phone);
  const contact = claim ? await partners.getContact(tenantId, claim.contactId) : null;
  if (!contact || contact.phone !== phone) return { kind: 'none' };
  // Closed: no match at all; merged: the survivor's.
  const resolved = await resolvePartner(partners, tenantId, contact.bpId);
  if (resolved.status !== 'active') return { kind: 'none' };
  return { kind: 'matched', contactId: contact.id, name: contact.name, ...(contact.email ? { email: contact.email } : {}), bpId: resolved.partner.id, confirmed: contact.confirmed };
}

async function menuOf(db: Db, tenantId: string): Promise<Menu> {
  return (await inboundRepos(db).settings.get(tenantId, 'whatsapp'))?.value.menu ?? settingsDefaults.whatsapp.menu;
}

/** The not-closed chat ticket with the contact's most recent agent reply of the last 24 hours. */
async function chatTicketOf(ctx: InboundContext, tenantId: string, contactId: string, now: Date): Promise<string | null> {
  const since = now.getTime() - CHAT_WINDOW_HOURS * 3600_000;
  const recent = (await inboundRepos(ctx.db).window.latestAgentReplies(tenantId, contactId)).filter((r) => Date.parse(r.at) > since);
  return (await openChatTickets(ctx, tenantId, recent.map((r) => r.number)))[0] ?? null;
}

/** The conversation's state moved while this message was being handled (another delivery of the sender's). */
export class ConversationChangedError extends Error {
  constructor(tenantId: string, phone: string) {
    super(`The conversation of ${phone} in ${tenantId} changed meanwhile; the message is handled again`);
    this.name = 'ConversationChangedError';
  }
}

const isEffect = (action: Action): action is Effect => action.type === 'create_ticket' || action.type === 'chat_reply';

/** The answers of an action without effect: the menu, a text, a ticket's status, the partner's tickets. */
async function answer(ctx: InboundContext, tenantId: string, phone: string, match: Match, menu: Menu, action: Exclude<Action, Effect>): Promise<WhatsAppMessage[]> {
  const text = (body: string) => [textMessage(phone, body)];
  if (action.type === 'menu') return [menuMessage(phone, menu)];
  if (action.type === 'reply') return text(action.text);
  // The machine acts on tickets only for a matched sender.
  if (match.kind !== 'matched') return [menuMessage(phone, menu)];
  if (action.type === 'ticket_status') return text(statusText(action.number, await partnerTicket(ctx, tenantId, match.bpId, action.number)));
  return text(listText(await latestPartnerTickets(ctx, tenantId, match.bpId, LIST_LIMIT)));
}

/**
 * Does the effect decided for message `wamid` at `decidedAt`, once: the effect record is written
 * before it and completed after it, so a redelivery finds what an earlier attempt made — from the
 * record, or, when the attempt died between the effect and the record, among what the contact made
 * since `decidedAt` — and answers the same instead of creating or posting again.
 */
async function performEffect(ctx: InboundContext, tenantId: string, msg: InboundMessage, match: Match, menu: Menu, effect: Effect, decidedAt: string): Promise<WhatsAppMessage[]> {
  const phone = msg.from;
  const text = (body: string) => [textMessage(phone, body)];
  const { effects } = inboundRepos(ctx.db);
  const earlier = await effects.begin(tenantId, msg.wamid, effect, decidedAt, MESSAGE_TTL_SECONDS);
  if (earlier?.result && effect.type === 'create_ticket') return text(createdText(earlier.result.number));
  if (earlier?.result) return [];
  if (match.kind !== 'matched') return [menuMessage(phone, menu)];
  const actor = chatActor(tenantId, phone, { id: match.contactId, name: match.name, ...(match.email ? { email: match.email } : {}) });
  const refused = (err: unknown, what: string, body: string) => {
    // A rule of the desk said no (partner closed meanwhile, chat source disabled, reopen window
    // passed); anything else (a lost race, an outage) is retried by SQS.
    if (!isAppError(err) || !REFUSALS.has(err.code)) throw err;
    ctx.logger.warn(`WhatsApp ${what} refused`, { tenantId, code: err.code, reason: err.message });
    return text(body);
  };
  if (effect.type === 'create_ticket') {
    const input = { subject: effect.subject, description: effect.description, bpId: match.bpId, contactId: match.contactId };
    let number = earlier ? await findChatTicketCreated(ctx, tenantId, { ...input, since: decidedAt }) : null;
    if (!number) {
      try {
        number = (await createChatTicket(ctx, actor, tenantId, input)).number;
      } catch (err) {
        return refused(err, 'ticket create', texts.createRefused);
      }
    }
    await effects.done(tenantId, msg.wamid, { number });
    return text(createdText(number));
  }
  let entryId = earlier ? await findChatReply(ctx, actor, tenantId, effect.number, { body: effect.text, since: decidedAt }) : null;
  if (!entryId) {
    try {
      entryId = (await replyFromChat(ctx, actor, effect.number, effect.text)).id;
    } catch (err) {
      return refused(err, 'chat reply', texts.replyRefused);
    }
  }
  await effects.done(tenantId, msg.wamid, { number: effect.number, entryId });
  return [];
}

/**
 * Writes the conversation if nobody wrote it since it was read (else ConversationChangedError: the
 * message is handled again from a fresh read). A decided effect the write pushes out of the
 * conversation's memory is parked in its effect record first, so its message still finds it.
 */
async function saveConversation(ctx: InboundContext, tenantId: string, phone: string, read: Conversation, next: ConversationState & { recent: HandledMessage[] }, now: Date): Promise<Conversation> {
  const { conversations, effects } = inboundRepos(ctx.db);
  const kept = next.recent.slice(0, RECENT_MESSAGES);
  for (const pushedOut of next.recent.slice(RECENT_MESSAGES)) {
    if (pushedOut.effect && !pushedOut.replies) await effects.begin(tenantId, pushedOut.wamid, pushedOut.effect, pushedOut.at, MESSAGE_TTL_SECONDS);
  }
  const state = { ...(next.waiting ? { waiting: next.waiting } : {}), recent: kept };
  if (!(await conversations.put(tenantId, phone, state, read.revision, now))) throw new ConversationChangedError(tenantId, phone);
  return { ...state, revision: read.revision + 1 };
}

type Facts = { conversation: Conversation; parked: EffectRecord | null; match: Match; menu: Menu };

/** The answers to message `msg`, after its action was decided (once) and done (once). */
async function answersTo(ctx: InboundContext, tenantId: string, msg: InboundMessage, now: Date, { conversation, parked, match, menu }: Facts): Promise<WhatsAppMessage[]> {
  const phone = msg.from;
  const own = conversation.recent.find((h) => h.wamid === msg.wamid);
  // Handled before, but its answers did not all go out: only send them again.
  if (own?.replies) return own.replies;
  if (own?.effect) {
    // Decided before, its effect not known done: do it (once), then keep its answers.
    const replies = await performEffect(ctx, tenantId, msg, match, menu, own.effect, own.at);
    const recent = conversation.recent.map((h) => (h.wamid === msg.wamid ? { wamid: h.wamid, at: h.at, replies } : h));
    await saveConversation(ctx, tenantId, phone, conversation, { ...conversation, recent }, now);
    return replies;
  }
  // Decided before and parked (later messages filled the conversation's memory).
  if (parked) return performEffect(ctx, tenantId, msg, match, menu, parked.effect, parked.decidedAt);

  const chatTicket = match.kind === 'matched' && needsChatTicket(conversation, msg.content, now) ? await chatTicketOf(ctx, tenantId, match.contactId, now) : null;
  const { state, action } = step({ state: conversation, content: msg.content, now, match, menu, chatTicket });
  const at = now.toISOString();
  if (!isEffect(action)) {
    const replies = await answer(ctx, tenantId, phone, match, menu, action);
    await saveConversation(ctx, tenantId, phone, conversation, { ...state, recent: [{ wamid: msg.wamid, at, replies }, ...conversation.recent] }, now);
    return replies;
  }
  // The decision is saved before the effect: a delivery that lost a race did nothing yet.
  const decided = await saveConversation(ctx, tenantId, phone, conversation, { ...state, recent: [{ wamid: msg.wamid, at, effect: action }, ...conversation.recent] }, now);
  const replies = await performEffect(ctx, tenantId, msg, match, menu, action, at);
  const recent = decided.recent.map((h) => (h.wamid === msg.wamid ? { wamid: h.wamid, at: h.at, replies } : h));
  await saveConversation(ctx, tenantId, phone, decided, { ...decided, recent }, now);
  return replies;
}

async function converse(ctx: InboundContext, tenantId: string, msg: InboundMessage, now: Date): Promise<void> {
  const { conversations, effects, window } = inboundRepos(ctx.db);
  const [conversation, parked, match, menu] = await Promise.all([
    conversations.get(tenantId, msg.from),
    effects.get(tenantId, msg.wamid),
    matchPhone(ctx.db, tenantId, msg.from),
    menuOf(ctx.db, tenantId),
    // WhatsApp's 24-hour window counts from when the customer wrote, to the number they wrote to.
    window.recordInbound(tenantId, msg.from, inboundWindowTime(msg.sentAt, now), msg.phoneNumberId),
  ]);
  const replies = await answersTo(ctx, tenantId, msg, now, { conversation, parked, match, menu });
  // Ids of their own: answers enqueued again (a redelivery) are sent once.
  for (const [i, message] of replies.entries()) {
    await sendWhatsApp(ctx, { tenantId, phoneNumberId: msg.phoneNumberId, to: msg.from, message, id: `${tenantId}#${msg.wamid}#${i}` });
  }
}

/** One inbound message, exactly once by its `wamid`; WorkInProgressError while another delivery handles it. */
export async function handleInboundMessage(ctx: InboundContext, msg: InboundMessage): Promise<InboundOutcome> {
  const { phones } = inboundRepos(ctx.db);
  const tenantId = await phones.findTenantByPhoneNumberId(msg.phoneNumberId);
  if (!tenantId) {
    ctx.logger.warn('WhatsApp message for a phone number id no tenant has; dropped', { phoneNumberId: msg.phoneNumberId, wamid: msg.wamid });
    return 'unknown_number';
  }
  const ran = await runOnce(ctx, MESSAGE_SCOPE, msg.wamid, { leaseSeconds: INBOUND_LEASE_SECONDS, keepSeconds: MESSAGE_TTL_SECONDS }, () => converse(ctx, tenantId, msg, ctx.clock.now()));
  return ran ? 'handled' : 'duplicate';
}

export async function handleInboundItem(ctx: InboundContext, item: InboundItem): Promise<InboundOutcome> {
  if (item.kind === 'message') return handleInboundMessage(ctx, item);
  await applyDeliveryStatus(ctx, { wamid: item.wamid, status: item.status, at: item.at, ...(item.error ? { reason: item.error } : {}) });
  return 'status';
}

/** Failures that are part of the design (another delivery is at it, a status came early): retried without a warning. */
const retryLater = (err: unknown): boolean => err instanceof WorkInProgressError || err instanceof StatusBeforeMappingError;

/**
 * A batch from the queue: the ids of the records to deliver again. One sender's messages are
 * handled in order (their conversation moves step by step); different senders in parallel. A
 * sender's first failure stops its lane: its later messages fail too, so the redelivery keeps
 * their order.
 */
export async function handleInboundBatch(ctx: InboundContext, records: readonly { id: string; body: string }[]): Promise<string[]> {
  const failed: string[] = [];
  const lanes = new Map<string, { id: string; item: InboundItem }[]>();
  for (const record of records) {
    let item: InboundItem;
    try {
      item = inboundItemSchema.parse(JSON.parse(record.body));
    } catch {
      // No retry makes it readable: dropped and logged rather than received five times for nothing.
      ctx.logger.error('Unreadable whatsapp-inbound message dropped', { messageId: record.id });
      continue;
    }
    const lane = item.kind === 'message' ? `${item.phoneNumberId}#${item.from}` : `status#${record.id}`;
    lanes.set(lane, [...(lanes.get(lane) ?? []), { id: record.id, item }]);
  }
  await Promise.all(
    [...lanes.values()].map(async (lane) => {
      for (const [index, { id, item }] of lane.entries()) {
        try {
          await handleInboundItem(ctx, item);
        } catch (err) {
          if (!retryLater(err)) ctx.logger.warn('whatsapp-inbound message failed; SQS delivers it again', { messageId: id, kind: item.kind, error: String(err) });
          failed.push(...lane.slice(index).map((r) => r.id));
          return;
        }
      }
    }),
  );
  return failed;
}
