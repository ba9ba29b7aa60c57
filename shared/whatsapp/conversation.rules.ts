// The WhatsApp conversation as a pure state machine (SPEC §3 WhatsApp skills): what an inbound
// message means given the conversation's state, the sender's match and the tenant's menu, and the
// texts and Graph API bodies of the answers. No I/O: the service reads the facts and does the acts.
import type { WhatsAppMessage } from '../platform/ports.ts';
import { type WhatsAppTab, skills } from '../settings/settings.schema.ts';
import { formatNumber, parseNumber } from '../ticket/ticket.rules.ts';
import type { InboundContent } from './webhook.ts';
import { WAIT_IDLE_MINUTES } from './whatsapp-config.ts';

export type Skill = (typeof skills)[number];
/** The skills that ask a question and wait for its answer. */
export type WaitingSkill = Extract<Skill, 'support.create_ticket' | 'support.get_ticket_status'>;

export type ConversationState = {
  /** A skill's open question, and when it was asked (the idle wait counts from then). */
  waiting?: { skill: WaitingSkill; since: string };
};

/** Who wrote: a contact of an active partner (after merges, the survivor), or nobody known. */
export type Match = { kind: 'none' } | { kind: 'matched'; contactId: string; name: string; email?: string; bpId: string; confirmed: boolean };

export type Menu = WhatsAppTab['menu'];

export type Action =
  | { type: 'menu' }
  | { type: 'reply'; text: string }
  | { type: 'create_ticket'; subject: string; description: string }
  | { type: 'ticket_status'; number: string }
  | { type: 'list_tickets' }
  | { type: 'chat_reply'; number: string; text: string };

export type Step = { state: ConversationState; action: Action };

export type StepInput = {
  state: ConversationState;
  content: InboundContent;
  now: Date;
  match: Match;
  menu: Menu;
  /**
   * Two-way chat: the chat ticket (not closed) with the most recent agent reply of the last 24 hours,
   * or null. Looked up only when `needsChatTicket` says the answer matters.
   */
  chatTicket: string | null;
};

// ——— texts ———

const BACK = 'Reply *menu* to see the options.';

export const texts = {
  askDescription: 'Please describe your problem in one message; its first line becomes the subject. (Reply *menu* to cancel.)',
  askNumber: 'Which ticket? Please send its number, like SD-00012. (Reply *menu* to cancel.)',
  notANumber: 'That does not look like a ticket number. Please send one like SD-00012, or reply *menu* to go back.',
  emptyDescription: 'Please describe your problem in a few words. (Reply *menu* to cancel.)',
  textOnly: `Sorry, we can only read text messages here. Please type your message. ${BACK}`,
  unmatchedCreate: `Sorry, this phone number is not registered with us as a customer contact, so we cannot open a ticket from it. Please use the customer portal or ask us to add your number. ${BACK}`,
  unmatchedDetails: `Sorry, this phone number is not registered with us as a customer contact, so we cannot share ticket details with it. ${BACK}`,
  unconfirmed: `Sorry, we share ticket details only with confirmed contacts, and this phone number has not been confirmed yet. Please ask us to confirm it. ${BACK}`,
  createRefused: `Sorry, we cannot open a ticket from WhatsApp for your account right now. Please use the customer portal. ${BACK}`,
  replyRefused: `Sorry, that ticket no longer takes replies here. ${BACK}`,
} as const;

// ——— reading the sender's text ———

const normalized = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

export const isMenuWord = (text: string): boolean => normalized(text) === 'menu';

/** A ticket number in the text (`SD-00012`, `sd-12`, `12`), formatted; null when there is none. */
export function ticketNumberIn(text: string): string | null {
  const whole = parseNumber(text.trim().replace(/^#/, ''));
  if (whole !== null) return formatNumber(whole);
  const m = /\bsd-?\d{1,9}\b/i.exec(text);
  const seq = m ? parseNumber(m[0]) : null;
  return seq === null ? null : formatNumber(seq);
}

/**
 * The skill a text chooses from the menu: a row id (the skill name), a row number or a row title; a
 * status request may carry its number too (`2 SD-00012`). Null when it chooses nothing.
 */
export function chosenSkill(text: string, menu: Menu): { skill: Skill; number?: string } | null {
  const said = normalized(text);
  const rows = menu.rows;
  const byToken = (token: string): Skill | undefined => {
    const n = /^(\d)[.)]?$/.exec(token);
    if (n) return rows[Number(n[1]) - 1]?.skill;
    return rows.find((r) => r.skill === token || normalized(r.title) === token)?.skill;
  };
  const whole = byToken(said);
  if (whole) return { skill: whole };
  // "<choice> <ticket number>": only the status skill takes an argument.
  for (const row of rows) {
    for (const token of [row.skill, normalized(row.title), String(rows.indexOf(row) + 1)]) {
      if (!said.startsWith(`${token} `)) continue;
      const number = row.skill === 'support.get_ticket_status' ? ticketNumberIn(said.slice(token.length)) : null;
      if (number) return { skill: row.skill, number };
    }
  }
  return null;
}

const SUBJECT_MAX = 200;

/** The ticket subject of a description: its first non-empty line, cut to 200 characters (whole code points). */
export function subjectOf(description: string): string {
  const line = description.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '') ?? '';
  let subject = '';
  for (const ch of line) {
    if (subject.length + ch.length > SUBJECT_MAX) break;
    subject += ch;
  }
  return subject.trim();
}

// ——— the machine ———

const waitingNow = (state: ConversationState, now: Date) =>
  state.waiting && now.getTime() - new Date(state.waiting.since).getTime() < WAIT_IDLE_MINUTES * 60_000 ? state.waiting : undefined;

/** Whether the step needs to know the sender's two-way chat ticket (free text, nothing waiting, not `menu`). */
export function needsChatTicket(state: ConversationState, content: InboundContent, now: Date): boolean {
  return content.type === 'text' && !waitingNow(state, now) && !isMenuWord(content.text);
}

const idle: ConversationState = {};

/** The skill's precondition (Phone Matched; Contact Confirmed for the others): its refusal, or null when it holds. */
function refusal(skill: Skill, match: Match): Step | null {
  if (match.kind === 'none') return { state: idle, action: { type: 'reply', text: skill === 'support.create_ticket' ? texts.unmatchedCreate : texts.unmatchedDetails } };
  if (skill !== 'support.create_ticket' && !match.confirmed) return { state: idle, action: { type: 'reply', text: texts.unconfirmed } };
  return null;
}

function startSkill(skill: Skill, match: Match, now: Date, number?: string): Step {
  const refused = refusal(skill, match);
  if (refused) return refused;
  if (skill === 'support.create_ticket') return { state: { waiting: { skill, since: now.toISOString() } }, action: { type: 'reply', text: texts.askDescription } };
  if (skill === 'support.list_my_tickets') return { state: idle, action: { type: 'list_tickets' } };
  if (number) return { state: idle, action: { type: 'ticket_status', number } };
  return { state: { waiting: { skill, since: now.toISOString() } }, action: { type: 'reply', text: texts.askNumber } };
}

function answer(waiting: NonNullable<ConversationState['waiting']>, text: string, now: Date, match: Match): Step {
  // Checked again: the partner may have been closed (or the contact unconfirmed) while it waited.
  const refused = refusal(waiting.skill, match);
  if (refused) return refused;
  const again = { waiting: { skill: waiting.skill, since: now.toISOString() } };
  if (waiting.skill === 'support.create_ticket') {
    const subject = subjectOf(text);
    if (!subject) return { state: again, action: { type: 'reply', text: texts.emptyDescription } };
    return { state: idle, action: { type: 'create_ticket', subject, description: text.trim() } };
  }
  const number = ticketNumberIn(text);
  if (!number) return { state: again, action: { type: 'reply', text: texts.notANumber } };
  return { state: idle, action: { type: 'ticket_status', number } };
}

/**
 * One inbound message, in SPEC §3's order: (1) a skill waiting for an answer (less than 30 minutes
 * idle) takes it; (2) `menu` opens the menu; (3) free text on a two-way chat ticket becomes a reply;
 * (4) a row id, number or title starts that skill; (5) anything else opens the menu. `menu` also
 * cancels a waiting skill: a customer must always find the way back. A tapped list row starts its
 * skill whatever was waiting; anything but text gets "text only, please" and changes nothing.
 */
export function step({ state, content, now, match, menu, chatTicket }: StepInput): Step {
  if (content.type === 'unsupported') return { state, action: { type: 'reply', text: texts.textOnly } };
  if (content.type === 'choice') {
    const skill = skills.find((s) => s === content.id);
    return skill ? startSkill(skill, match, now) : { state: idle, action: { type: 'menu' } };
  }
  const text = content.text;
  if (isMenuWord(text)) return { state: idle, action: { type: 'menu' } };
  const waiting = waitingNow(state, now);
  if (waiting) return answer(waiting, text, now, match);
  if (chatTicket && match.kind === 'matched') return { state: idle, action: { type: 'chat_reply', number: chatTicket, text: text.trim() } };
  const chosen = chosenSkill(text, menu);
  if (chosen) return startSkill(chosen.skill, match, now, chosen.number);
  return { state: idle, action: { type: 'menu' } };
}

// ——— answers ———

export type TicketFacts = { number: string; subject: string; status: string; priority: string; updatedAt: string };

const label = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);
const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

export const createdText = (number: string): string => `Thank you! We opened ticket ${number} for you and will answer here. You can ask for its status any time. ${BACK}`;

export function statusText(number: string, ticket: TicketFacts | null): string {
  if (!ticket) return `We could not find ticket ${number} among your tickets. Please check the number. ${BACK}`;
  return `${ticket.number}: ${ticket.subject}\nStatus: ${label(ticket.status)}\nPriority: ${label(ticket.priority)}\nLast update: ${when(ticket.updatedAt)}\n\n${BACK}`;
}

export function listText(tickets: readonly TicketFacts[]): string {
  if (tickets.length === 0) return `You have no tickets with us yet. ${BACK}`;
  const lines = tickets.map((t) => `• ${t.number}: ${t.subject} (${label(t.status)})`);
  return `Your ${tickets.length === 1 ? 'latest ticket' : `${tickets.length} latest tickets`}:\n${lines.join('\n')}\n\n${BACK}`;
}

const TEXT_MAX = 4096;

/** A Graph API text message. */
export function textMessage(to: string, text: string): WhatsAppMessage {
  const body = text.length > TEXT_MAX ? `${text.slice(0, TEXT_MAX - 1)}…` : text;
  return { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { preview_url: false, body } };
}

/** The menu: a Graph API interactive list message, one row per skill (row id = skill name). */
export function menuMessage(to: string, menu: Menu): WhatsAppMessage {
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'interactive',
    interactive: {
      type: 'list',
      ...(menu.header ? { header: { type: 'text', text: menu.header } } : {}),
      body: { text: menu.body },
      action: {
        button: menu.button,
        sections: [{ rows: menu.rows.map((r) => ({ id: r.skill, title: r.title, ...(r.description ? { description: r.description } : {}) })) }],
      },
    },
  };
}
