// Ticket operations of the WhatsApp chat: create as the matched contact, read a partner's ticket
// or latest tickets (through merges), find the chat tickets that still take replies, reply.
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
