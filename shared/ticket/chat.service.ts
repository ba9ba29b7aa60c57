// Ticket operations of the WhatsApp chat: create as the matched contact, read a partner's ticket
// or latest tickets (through merges), find the chat tickets that still take replies, reply — and
// find what a create or reply made when its outcome was not recorded (the chat's exactly-once).
import type { Actor } from '../identity/actor.ts';
import { resolvePartner } from '../partner/partner.service.ts';
import type { ServiceContext } from '../platform/context.ts';
import { createTicket, replyToMyTicket, ticketRepos } from './ticket.service.ts';
import type { StoredTicket } from './ticket.repo.ts';
import { formatNumber, parseNumber } from './ticket.rules.ts';
import type { ThreadEntry, Ticket } from './ticket.schema.ts';

export type ChatTicket = Pick<Ticket, 'number' | 'subject' | 'status' | 'priority' | 'updatedAt'>;

const toChatTicket = (t: StoredTicket): ChatTicket => ({ number: t.number, subject: t.subject, status: t.status, priority: t.priority, updatedAt: t.updatedAt });

/** The customer a matched WhatsApp contact acts as (the portal's customer, by contact). */
export function chatActor(tenantId: string, phone: string, contact: { id: string; name: string; email?: string }): Actor {
  return {
    id: `whatsapp:${phone}`,
    name: contact.name,
    email: contact.email ?? '',
    type: 'customer',
    roles: ['service-desk-customer'],
    permissions: [],
    tenants: [tenantId],
    requester: { contactId: contact.id },
  };
}

/** A chat ticket (`source=chat`, `fromChat`) requested by the contact's partner. */
export async function createChatTicket(
  ctx: ServiceContext,
  actor: Actor,
  tenantId: string,
  input: { subject: string; description: string; bpId: string; contactId: string },
): Promise<Ticket> {
  return createTicket(
    ctx,
    actor,
    tenantId,
    { subject: input.subject, description: input.description, source: 'chat', requester: { type: 'bp', bpId: input.bpId, contactId: input.contactId } },
    { fromChat: true },
  );
}

/** The ticket if its requester leads, through merges, to `bpId`; null otherwise (whether or not it exists). */
export async function partnerTicket(ctx: Pick<ServiceContext, 'db'>, tenantId: string, bpId: string, number: string): Promise<ChatTicket | null> {
  const seq = parseNumber(number);
  if (seq === null) return null;
  const repos = ticketRepos(ctx.db);
  const ticket = await repos.tickets.get(tenantId, formatNumber(seq));
  if (!ticket || ticket.requester.type !== 'bp') return null;
  if (ticket.requester.bpId === bpId) return toChatTicket(ticket);
  const resolved = await resolvePartner(repos.partners, tenantId, ticket.requester.bpId);
  return resolved.status !== 'missing' && resolved.partner.id === bpId ? toChatTicket(ticket) : null;
}

/** The partner's `limit` most recently updated tickets, with those of partners merged into it. */
export async function latestPartnerTickets(ctx: Pick<ServiceContext, 'db'>, tenantId: string, bpId: string, limit: number): Promise<ChatTicket[]> {
  const repos = ticketRepos(ctx.db);
  // Merges re-point to the survivor, so one hop finds every merged partner.
  const partners = [bpId, ...(await repos.partners.listMergedInto(tenantId, bpId)).map((p) => p.id)];
  const pages = await Promise.all(partners.map((partnerKey) => repos.tickets.listPage({ by: 'partner', tenantId, partnerKey }, limit)));
  return pages
    .flatMap((p) => p.items)
    .sort((a, b) => (a.updatedAt === b.updatedAt ? b.seq - a.seq : a.updatedAt < b.updatedAt ? 1 : -1))
    .slice(0, limit)
    .map(toChatTicket);
}

/** Of these numbers (in order), the chat tickets that are not closed. */
export async function openChatTickets(ctx: Pick<ServiceContext, 'db'>, tenantId: string, numbers: readonly string[]): Promise<string[]> {
  if (numbers.length === 0) return [];
  const found = new Map((await ticketRepos(ctx.db).tickets.getMany(tenantId, [...new Set(numbers)])).map((t) => [t.number, t]));
  return numbers.filter((n) => {
    const t = found.get(n);
    return t !== undefined && t.fromChat && t.status !== 'closed';
  });
}

/** The customer's free text as a reply on their chat ticket; reopens it if pending or resolved, as the portal does. */
export function replyFromChat(ctx: ServiceContext, actor: Actor, number: string, text: string): Promise<ThreadEntry> {
  return replyToMyTicket(ctx, actor, number, { body: text });
}

/** How far back `findChatTicketCreated` reads the partner's tickets (pages of PAGE_SIZE, newest update first). */
const FIND_PAGES = 20;
const FIND_PAGE_SIZE = 25;

/**
 * The number of a chat ticket the contact created from exactly this subject and description at or
 * after `since`, or null: finds a create whose outcome was not recorded (the function died right
 * after it). Reads the partner's tickets updated since `since`, newest first.
 */
export async function findChatTicketCreated(
  ctx: Pick<ServiceContext, 'db'>,
  tenantId: string,
  input: { bpId: string; contactId: string; subject: string; description: string; since: string },
): Promise<string | null> {
  const { tickets } = ticketRepos(ctx.db);
  let before: { updatedAt: string; seq: number } | undefined;
  for (let page = 0; page < FIND_PAGES; page++) {
    const { items, more } = await tickets.listPage({ by: 'partner', tenantId, partnerKey: input.bpId }, FIND_PAGE_SIZE, before);
    const found = items.find(
      (t) =>
        t.fromChat &&
        t.source === 'chat' &&
        t.requester.type === 'bp' &&
        t.requester.contactId === input.contactId &&
        t.subject === input.subject &&
        t.description === input.description &&
        t.createdAt >= input.since,
    );
    if (found) return found.number;
    const last = items.at(-1);
    // Every later page was updated before `since`: no ticket made since then is on it.
    if (!more || !last || last.updatedAt < input.since) return null;
    before = { updatedAt: last.updatedAt, seq: last.seq };
  }
  return null;
}

/** The id of the actor's reply with exactly this body on the ticket at or after `since`, or null (see findChatTicketCreated). */
export async function findChatReply(ctx: Pick<ServiceContext, 'db'>, actor: Actor, tenantId: string, number: string, input: { body: string; since: string }): Promise<string | null> {
  const detail = await ticketRepos(ctx.db).tickets.getDetail(tenantId, number);
  const entry = detail?.entries.find((e) => e.kind === 'reply' && e.author.id === actor.id && e.body === input.body && e.createdAt >= input.since);
  return entry?.id ?? null;
}
