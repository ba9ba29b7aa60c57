// The inbound WhatsApp worker's use cases: each queued message is handled exactly once by its
// `wamid` (an idempotency claim, released when handling fails so the redelivery can do it), mapped to
// its tenant and sender, run through the conversation (conversation.rules.ts), and answered through
// the `whatsapp-outbound` queue. Status callbacks go to the outbound side's delivery states.
import type { PartnerRepo } from '../partner/partner.repo.ts';
import { resolvePartner } from '../partner/partner.service.ts';
import type { ServiceContext } from '../platform/context.ts';
import type { Db } from '../platform/db.ts';
import { type ErrorCode, isAppError } from '../platform/errors.ts';
import { type IdempotencyRepo, createIdempotencyRepo } from '../platform/idempotency.ts';
import type { QueueSender, WhatsAppMessage } from '../platform/ports.ts';
import type { SettingsRepo } from '../settings/settings.repo.ts';
import { settingsDefaults } from '../settings/settings.schema.ts';
import { chatActor, createChatTicket, latestPartnerTickets, openChatTickets, partnerTicket, replyFromChat } from '../ticket/chat.service.ts';
import { ticketRepos } from '../ticket/ticket.service.ts';
import { type PhoneNumberRepo, createPhoneNumberRepo } from './phone-number.repo.ts';
import {
  type Action,
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
import { type ConversationRepo, createConversationRepo } from './conversation.repo.ts';
import { applyDeliveryStatus } from './delivery.service.ts';
import { sendWhatsApp } from './outbound.service.ts';
import { type InboundItem, type InboundMessage, inboundItemSchema } from './webhook.ts';
import { CHAT_WINDOW_HOURS, LIST_LIMIT, MESSAGE_SCOPE, MESSAGE_TTL_SECONDS } from './whatsapp-config.ts';
import { type WindowRepo, createWindowRepo } from './window.repo.ts';

export type InboundContext = ServiceContext & { queue: QueueSender };

const REFUSALS = new Set<ErrorCode>(['unprocessable', 'forbidden', 'not_found', 'validation_failed', 'payload_too_large']);

type InboundRepos = {
  phones: PhoneNumberRepo;
  seen: IdempotencyRepo;
  conversations: ConversationRepo;
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
    repos = { phones: createPhoneNumberRepo(db), seen: createIdempotencyRepo(db), conversations: createConversationRepo(db), window: createWindowRepo(db), partners, settings };
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

/** Does what the step decided; answers the messages to send back. */
async function perform(ctx: InboundContext, tenantId: string, phone: string, match: Match, menu: Menu, action: Action): Promise<WhatsAppMessage[]> {
  const text = (body: string) => [textMessage(phone, body)];
  if (action.type === 'menu') return [menuMessage(phone, menu)];
  if (action.type === 'reply') return text(action.text);
  // The machine acts on tickets only for a matched sender.
  if (match.kind !== 'matched') return [menuMessage(phone, menu)];
  const actor = chatActor(tenantId, phone, { id: match.contactId, name: match.name, ...(match.email ? { email: match.email } : {}) });
  const refused = (err: unknown, what: string, body: string) => {
    // A rule of the desk said no (partner closed meanwhile, chat source disabled, reopen window
    // passed); anything else (a lost race, an outage) is retried by SQS.
    if (!isAppError(err) || !REFUSALS.has(err.code)) throw err;
    ctx.logger.warn(`WhatsApp ${what} refused`, { tenantId, code: err.code, reason: err.message });
    return text(body);
  };
  switch (action.type) {
    case 'create_ticket':
      try {
        const ticket = await createChatTicket(ctx, actor, tenantId, { subject: action.subject, description: action.description, bpId: match.bpId, contactId: match.contactId });
        return text(createdText(ticket.number));
      } catch (err) {
        return refused(err, 'ticket create', texts.createRefused);
      }
    case 'ticket_status':
      return text(statusText(action.number, await partnerTicket(ctx, tenantId, match.bpId, action.number)));
    case 'list_tickets':
      return text(listText(await latestPartnerTickets(ctx, tenantId, match.bpId, LIST_LIMIT)));
    case 'chat_reply':
      try {
        await replyFromChat(ctx, actor, action.number, action.text);
        return [];
      } catch (err) {
        return refused(err, 'chat reply', texts.replyRefused);
      }
  }
}

async function converse(ctx: InboundContext, tenantId: string, msg: InboundMessage, now: Date): Promise<void> {
  const { conversations, window } = inboundRepos(ctx.db);
  const [conversation, match, menu] = await Promise.all([
    conversations.get(tenantId, msg.from),
    matchPhone(ctx.db, tenantId, msg.from),
    menuOf(ctx.db, tenantId),
    window.recordInbound(tenantId, msg.from, now.toISOString()),
  ]);
  let replies: WhatsAppMessage[];
  if (conversation.last?.wamid === msg.wamid) {
    // Handled before, but its answers did not all go out: only send them again.
    replies = conversation.last.replies;
  } else {
    const chatTicket = match.kind === 'matched' && needsChatTicket(conversation, msg.content, now) ? await chatTicketOf(ctx, tenantId, match.contactId, now) : null;
    const { state, action } = step({ state: conversation, content: msg.content, now, match, menu, chatTicket });
    replies = await perform(ctx, tenantId, msg.from, match, menu, action);
    await conversations.put(tenantId, msg.from, { ...state, last: { wamid: msg.wamid, replies } }, now);
  }
  for (const message of replies) await sendWhatsApp(ctx, { tenantId, phoneNumberId: msg.phoneNumberId, to: msg.from, message });
}

/** One inbound message, exactly once by its `wamid`. */
export async function handleInboundMessage(ctx: InboundContext, msg: InboundMessage): Promise<InboundOutcome> {
  const { phones, seen } = inboundRepos(ctx.db);
  const tenantId = await phones.findTenantByPhoneNumberId(msg.phoneNumberId);
  if (!tenantId) {
    ctx.logger.warn('WhatsApp message for a phone number id no tenant has; dropped', { phoneNumberId: msg.phoneNumberId, wamid: msg.wamid });
    return 'unknown_number';
  }
  const now = ctx.clock.now();
  if (!(await seen.claim(MESSAGE_SCOPE, msg.wamid, now, MESSAGE_TTL_SECONDS))) return 'duplicate';
  try {
    await converse(ctx, tenantId, msg, now);
    return 'handled';
  } catch (err) {
    await seen.release(MESSAGE_SCOPE, msg.wamid).catch((releaseErr: unknown) =>
      ctx.logger.error('WhatsApp message failed and its claim could not be released', { wamid: msg.wamid, error: String(releaseErr) }),
    );
    throw err;
  }
}

export async function handleInboundItem(ctx: InboundContext, item: InboundItem): Promise<InboundOutcome> {
  if (item.kind === 'message') return handleInboundMessage(ctx, item);
  await applyDeliveryStatus(ctx, { wamid: item.wamid, status: item.status, at: item.at, ...(item.error ? { reason: item.error } : {}) });
  return 'status';
}

/**
 * A batch from the queue: the ids of the records to deliver again. One sender's messages are
 * handled in order (their conversation moves step by step); different senders in parallel.
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
      for (const { id, item } of lane) {
        try {
          await handleInboundItem(ctx, item);
        } catch (err) {
          ctx.logger.warn('whatsapp-inbound message failed; SQS delivers it again', { messageId: id, kind: item.kind, error: String(err) });
          failed.push(id);
        }
      }
    }),
  );
  return failed;
}
