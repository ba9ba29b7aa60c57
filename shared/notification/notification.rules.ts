// What an escalation tells a lead, as pure functions of the event: the reason, the message, and the
// notification's id, which is derived (not drawn) so a redelivered event finds what it created.
import { createHash } from 'node:crypto';
import { encodeTime } from 'ulid';
import type { NotificationReason } from './notification.schema.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID whose time is the escalation's and whose random part is a digest of (eventId, userId). */
export function notificationId(eventId: string, userId: string, createdAt: Date): string {
  const digest = createHash('sha256').update(`${eventId}\n${userId}`).digest();
  let tail = '';
  for (let i = 0; i < 16; i++) tail += CROCKFORD[digest[i]! & 31];
  return encodeTime(createdAt.getTime(), 10) + tail;
}

export function escalationReason(data: { reason: 'rule' | 'sla' }, breached: 'none' | 'first_response' | 'resolution'): NotificationReason {
  if (data.reason === 'rule') return 'rule';
  return breached === 'first_response' ? 'first_response_breach' : 'resolution_breach';
}

const because: Record<Exclude<NotificationReason, 'rule'>, string> = {
  first_response_breach: 'first response target breached',
  resolution_breach: 'resolution target breached',
};

/** `SD-00012 “Printer on fire” escalated to urgent: resolution target breached` (or `… by routing rule “VIP”`). */
export function escalationMessage(ticket: { number: string; subject: string; priority: string }, reason: NotificationReason, ruleName?: string): string {
  const head = `${ticket.number} “${ticket.subject}” escalated to ${ticket.priority}`;
  if (reason !== 'rule') return `${head}: ${because[reason]}`;
  return ruleName ? `${head} by routing rule “${ruleName}”` : `${head} by a routing rule`;
}
