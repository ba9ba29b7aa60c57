// Pure rules of the outbound WhatsApp channel: WhatsApp's 24-hour customer-service window, which
// thread entries leave for the customer's phone, the text they go out as, and how an entry's
// delivery state may move (never backwards).
import type { WhatsAppMessage } from '../platform/ports.ts';
import type { ThreadEntry } from '../ticket/ticket.schema.ts';

export type Delivery = NonNullable<ThreadEntry['delivery']>;
export type DeliveryStatus = Delivery['status'];

/** Meta lets a business send free-form messages for 24 hours after the customer's last message. */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

export const OUTSIDE_WINDOW = "outside WhatsApp's 24-hour window";

/**
 * Whether a free-form message may go out at `now`: the customer wrote less than 24 hours before.
 * At exactly 24 hours the window has closed (Meta counts it as elapsed). A last message stamped a
 * little after `now` (clocks of two functions) counts as inside.
 */
export function withinWindow(lastInboundAt: string | null, now: Date): boolean {
  if (!lastInboundAt) return false;
  const last = Date.parse(lastInboundAt);
  if (Number.isNaN(last)) return false;
  return now.getTime() - last < WINDOW_MS;
}

/**
 * When a customer's message opens the window: the time the message was sent (Meta's `timestamp`,
 * which the webhook keeps as `sentAt`), not when it was handled — a message Meta redelivers hours
 * later must not stretch the window. A time after `now` (or none) counts as `now`.
 */
export function inboundWindowTime(sentAt: string | undefined, now: Date): string {
  const sent = sentAt ? Date.parse(sentAt) : Number.NaN;
  return Number.isNaN(sent) || sent > now.getTime() ? now.toISOString() : new Date(sent).toISOString();
}

/**
 * The tenant's number an agent reply goes out from: the one the customer last wrote to while it is
 * still one of the tenant's numbers, else the tenant's first; null when the tenant has none.
 */
export function replyFromNumber(tenantNumbers: readonly string[], lastWroteTo: string | undefined): string | null {
  if (lastWroteTo && tenantNumbers.includes(lastWroteTo)) return lastWroteTo;
  return tenantNumbers[0] ?? null;
}

/** What `ticket.replied` carries that decides whether the entry leaves (SPEC §5). */
export type RepliedFacts = {
  data: { kind: 'reply' | 'internal_note'; authorType: 'agent' | 'customer' | 'system' };
  ticket: { fromChat?: unknown; requester?: unknown };
};

/**
 * The contact an entry goes to, or null when it stays in the desk: only an agent's `reply` on a
 * chat ticket whose requester carries a contact. Internal notes never leave; customer replies
 * came from the customer.
 */
export function whatsAppRecipient(facts: RepliedFacts): { contactId: string } | null {
  if (facts.data.kind !== 'reply' || facts.data.authorType !== 'agent') return null;
  if (facts.ticket.fromChat !== true) return null;
  const requester = facts.ticket.requester as { type?: unknown; contactId?: unknown } | undefined;
  if (!requester || (requester.type !== 'bp' && requester.type !== 'account')) return null;
  return typeof requester.contactId === 'string' && requester.contactId !== '' ? { contactId: requester.contactId } : null;
}

/** Graph's limit on a text message body. */
export const MAX_TEXT_LENGTH = 4096;

/**
 * An agent's reply as the text the customer reads: the ticket number first (a customer may have
 * several chat tickets), then the body with its markdown made plain, cut to Graph's limit.
 */
export function replyText(number: string, markdown: string): string {
  const text = `${number}: ${markdownToText(markdown)}`;
  return text.length <= MAX_TEXT_LENGTH ? text : `${text.slice(0, MAX_TEXT_LENGTH - 1).trimEnd()}…`;
}

// Characters markdown lets a backslash escape (CommonMark: ASCII punctuation).
const ESCAPABLE = /\\([!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~])/g;
// Escaped characters stand in the private-use area while the markup around them is removed.
const HIDE_BASE = 0xe000;
const hide = (c: string) => String.fromCharCode(HIDE_BASE + c.charCodeAt(0));
const unhide = (s: string) => s.replace(/[\ue000-\ue07f]/g, (c) => String.fromCharCode(c.charCodeAt(0) - HIDE_BASE));

/**
 * Markdown as readable plain text: emphasis, code and heading marks and escapes dropped, links as
 * `text (url)`, list items as bullets, fences removed (their code kept as is).
 */
export function markdownToText(markdown: string): string {
  const out: string[] = [];
  let fenced = false;
  for (const raw of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s{0,3}(```|~~~)/.test(raw)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) {
      out.push(raw);
      continue;
    }
    out.push(inline(block(raw)));
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function block(line: string): string {
  if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) return '';
  return line
    .replace(/^\s{0,3}#{1,6}\s+(.*?)(\s+#+)?\s*$/, '$1')
    .replace(/^(\s*)>\s?/, '$1')
    .replace(/^(\s*)[-*+]\s+\[([ xX])\]\s+/, (_m, indent: string, done: string) => `${indent}${done === ' ' ? '☐' : '☑'} `)
    .replace(/^(\s*)[-*+]\s+/, '$1• ');
}

function inline(line: string): string {
  let s = line.replace(ESCAPABLE, (_m, c: string) => hide(c));
  // Code spans keep their content verbatim.
  s = s.replace(/(`+)(.+?)\1/g, (_m, _ticks, code: string) => code.trim().replace(/[!-/:-@[-`{-~]/g, hide));
  s = s
    .replace(/!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g, (_m, alt: string, url: string) => (alt ? `${alt} (${url})` : url))
    .replace(/\[([^\]]+)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g, (_m, text: string, url: string) => (text === url ? url : `${text} (${url})`))
    .replace(/<((?:https?:\/\/|mailto:)[^>\s]+)>/g, '$1')
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\w)/g, '$1$2')
    .replace(/(^|[^\w])_(?=\S)(.+?)(?<=\S)_(?!\w)/g, '$1$2')
    .replace(/~~(?=\S)(.+?)(?<=\S)~~/g, '$1')
    // Hard line breaks: two trailing spaces or a trailing backslash.
    .replace(/( {2,}|\\)$/, '');
  return unhide(s);
}

/** Graph's recipient: the number without its '+' (E.164 otherwise). */
export const graphRecipient = (e164: string): string => e164.replace(/^\+/, '');

/** A plain text message, as Graph's request body. */
export function textMessage(to: string, body: string): WhatsAppMessage {
  return { messaging_product: 'whatsapp', recipient_type: 'individual', to: graphRecipient(to), type: 'text', text: { preview_url: false, body } };
}

/** Order of the forward states; `failed` and `not_delivered` are final. */
const RANK: Partial<Record<DeliveryStatus, number>> = { queued: 1, sent: 2, delivered: 3, read: 4 };

/**
 * The states `next` may replace (null: no delivery yet). Delivery moves only forward — a late
 * `sent` after `delivered` changes nothing — and `failed` ends a message that had not reached the
 * phone; nothing replaces `failed`, `not_delivered` or `read`.
 */
export function replaceableBy(next: DeliveryStatus): (DeliveryStatus | null)[] {
  if (next === 'not_delivered') return [null];
  if (next === 'failed') return [null, 'queued', 'sent'];
  const rank = RANK[next]!;
  return [null, ...(Object.keys(RANK) as DeliveryStatus[]).filter((s) => RANK[s]! < rank)];
}

/** Whether `next` may replace `current` (the same rule, for a value in hand). */
export const mayReplace = (current: DeliveryStatus | null, next: DeliveryStatus): boolean => replaceableBy(next).includes(current);
