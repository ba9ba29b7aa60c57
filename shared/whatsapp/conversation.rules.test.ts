import { describe, expect, it } from 'vitest';
import { settingsDefaults } from '../settings/settings.schema.ts';
import {
  type ConversationState,
  type Match,
  type Menu,
  type StepInput,
  chosenSkill,
  listText,
  menuMessage,
  needsChatTicket,
  statusText,
  step,
  subjectOf,
  textMessage,
  texts,
  ticketNumberIn,
} from './conversation.rules.ts';
import type { InboundContent } from './webhook.ts';

const menu: Menu = settingsDefaults.whatsapp.menu;
const now = new Date('2026-03-02T10:00:00.000Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();

const none: Match = { kind: 'none' };
const unconfirmed: Match = { kind: 'matched', contactId: 'C-1003', name: 'Pat Lee', bpId: 'BP-1002', confirmed: false };
const confirmed: Match = { kind: 'matched', contactId: 'C-1001', name: 'Carol Chen', email: 'carol@customer.test', bpId: 'BP-1001', confirmed: true };

const text = (t: string): InboundContent => ({ type: 'text', text: t });
const row = (id: string): InboundContent => ({ type: 'choice', id });
const idle: ConversationState = {};
const waitingFor = (skill: 'support.create_ticket' | 'support.get_ticket_status', minutes = 1): ConversationState => ({ waiting: { skill, since: minutesAgo(minutes) } });

const run = (content: InboundContent, over: Partial<StepInput> = {}) => step({ state: idle, content, now, match: confirmed, menu, chatTicket: null, ...over });
const waitingNow = { waiting: { skill: 'support.create_ticket', since: now.toISOString() } };
const askingNumber = { waiting: { skill: 'support.get_ticket_status', since: now.toISOString() } };

describe('the menu', () => {
  it('opens on any first message that chooses nothing, and on the word menu', () => {
    for (const t of ['hi', 'Hello there', 'help me', '7', 'support.unknown']) expect(run(text(t))).toEqual({ state: {}, action: { type: 'menu' } });
    for (const t of ['menu', 'Menu', '  MENU  ']) expect(run(text(t))).toEqual({ state: {}, action: { type: 'menu' } });
    expect(run(text('hi'), { match: none })).toEqual({ state: {}, action: { type: 'menu' } });
  });

  it('a tapped row of an unknown id opens the menu again', () => {
    expect(run(row('support.delete_everything'))).toEqual({ state: {}, action: { type: 'menu' } });
  });

  it('is an interactive list message: header, body, button, one row per skill (id = skill name)', () => {
    expect(menuMessage('+15550001001', menu)).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+15550001001',
      type: 'interactive',
      interactive: {
        type: 'list',
        header: { type: 'text', text: 'Support' },
        body: { text: 'How can we help? Choose an option.' },
        action: {
          button: 'Options',
          sections: [
            {
              rows: [
                { id: 'support.create_ticket', title: 'Open a ticket', description: 'Tell us what went wrong' },
                { id: 'support.get_ticket_status', title: 'Ticket status', description: 'Look up a ticket by its number' },
                { id: 'support.list_my_tickets', title: 'My tickets', description: 'Your five latest tickets' },
              ],
            },
          ],
        },
      },
    });
    const custom: Menu = { body: 'Wie können wir helfen?', button: 'Optionen', rows: [{ skill: 'support.list_my_tickets', title: 'Meine Tickets' }, ...menu.rows.slice(0, 2)] };
    const message = menuMessage('+4915112345678', custom) as unknown as { interactive: Record<string, unknown> & { action: { sections: { rows: { id: string }[] }[] } } };
    expect(message.interactive.header).toBeUndefined();
    expect(message.interactive.action.sections[0]!.rows.map((r) => r.id)).toEqual(['support.list_my_tickets', 'support.create_ticket', 'support.get_ticket_status']);
  });
});

describe('choosing a skill', () => {
  it('by row id (tapped or typed), row number or row title', () => {
    for (const t of ['support.list_my_tickets', 'SUPPORT.LIST_MY_TICKETS', '3', '3.', '3)', 'my tickets', ' My  Tickets ']) expect(chosenSkill(t, menu), t).toEqual({ skill: 'support.list_my_tickets' });
    expect(chosenSkill('1', menu)).toEqual({ skill: 'support.create_ticket' });
    expect(chosenSkill('ticket status', menu)).toEqual({ skill: 'support.get_ticket_status' });
    expect(chosenSkill('4', menu)).toBeNull();
    expect(chosenSkill('0', menu)).toBeNull();
    expect(chosenSkill('my tickets please', menu)).toBeNull();
  });

  it('follows the tenant’s row order for numbers', () => {
    const reordered: Menu = { ...menu, rows: [menu.rows[2]!, menu.rows[0]!, menu.rows[1]!] };
    expect(chosenSkill('1', reordered)).toEqual({ skill: 'support.list_my_tickets' });
  });

  it('status may carry its number', () => {
    expect(chosenSkill('2 SD-00012', menu)).toEqual({ skill: 'support.get_ticket_status', number: 'SD-00012' });
    expect(chosenSkill('ticket status sd-7', menu)).toEqual({ skill: 'support.get_ticket_status', number: 'SD-00007' });
    expect(chosenSkill('support.get_ticket_status 12', menu)).toEqual({ skill: 'support.get_ticket_status', number: 'SD-00012' });
    // Other skills take no argument: free text that starts with a number chooses nothing.
    expect(chosenSkill('1 printer broken', menu)).toBeNull();
    expect(chosenSkill('2 please', menu)).toBeNull();
  });
});

describe('support.create_ticket (Phone Matched)', () => {
  it('asks for a description, then creates with the first line as subject and the whole text', () => {
    for (const start of [row('support.create_ticket'), text('1'), text('Open a ticket')]) {
      expect(run(start, { match: unconfirmed })).toEqual({ state: waitingNow, action: { type: 'reply', text: texts.askDescription } });
    }
    const description = '  Printer on floor 2 is offline\nIt shows error 42.\n';
    expect(run(text(description), { state: waitingFor('support.create_ticket') })).toEqual({
      state: {},
      action: { type: 'create_ticket', subject: 'Printer on floor 2 is offline', description: 'Printer on floor 2 is offline\nIt shows error 42.' },
    });
  });

  it('refuses an unknown phone politely, with the way back to the menu', () => {
    const result = run(row('support.create_ticket'), { match: none });
    expect(result).toEqual({ state: {}, action: { type: 'reply', text: texts.unmatchedCreate } });
    expect(texts.unmatchedCreate).toMatch(/menu/);
  });

  it('asks again for an empty description, and the wait restarts', () => {
    expect(run(text(' \n \n'), { state: waitingFor('support.create_ticket', 20) })).toEqual({ state: waitingNow, action: { type: 'reply', text: texts.emptyDescription } });
  });

  it('takes the answer up to 30 minutes; after that the wait is cancelled and the text read afresh', () => {
    expect(run(text('Broken'), { state: waitingFor('support.create_ticket', 29) }).action.type).toBe('create_ticket');
    expect(run(text('Broken'), { state: waitingFor('support.create_ticket', 30) })).toEqual({ state: {}, action: { type: 'menu' } });
    expect(run(text('3'), { state: waitingFor('support.create_ticket', 31) })).toEqual({ state: {}, action: { type: 'list_tickets' } });
  });

  it('checks the precondition again when the answer comes (the partner may have been closed meanwhile)', () => {
    expect(run(text('Broken'), { state: waitingFor('support.create_ticket'), match: none })).toEqual({ state: {}, action: { type: 'reply', text: texts.unmatchedCreate } });
    expect(run(text('SD-00012'), { state: waitingFor('support.get_ticket_status'), match: unconfirmed })).toEqual({ state: {}, action: { type: 'reply', text: texts.unconfirmed } });
  });

  it('the waiting skill takes free text before two-way chat and before row numbers', () => {
    expect(run(text('2'), { state: waitingFor('support.create_ticket'), chatTicket: 'SD-00020' })).toEqual({ state: {}, action: { type: 'create_ticket', subject: '2', description: '2' } });
  });
});

describe('support.get_ticket_status (Contact Confirmed)', () => {
  it('asks for a number, then looks it up', () => {
    expect(run(row('support.get_ticket_status'))).toEqual({ state: askingNumber, action: { type: 'reply', text: texts.askNumber } });
    for (const answer of ['SD-00012', 'sd-12', '12', '#12', 'it is SD-00012 thanks']) {
      expect(run(text(answer), { state: waitingFor('support.get_ticket_status') }), answer).toEqual({ state: {}, action: { type: 'ticket_status', number: 'SD-00012' } });
    }
  });

  it('takes the number given with the choice at once', () => {
    expect(run(text('2 SD-00003'))).toEqual({ state: {}, action: { type: 'ticket_status', number: 'SD-00003' } });
  });

  it('keeps waiting (and restarts the wait) when the answer is no number', () => {
    expect(run(text('the printer one'), { state: waitingFor('support.get_ticket_status', 10) })).toEqual({ state: askingNumber, action: { type: 'reply', text: texts.notANumber } });
  });

  it('refuses an unconfirmed contact and an unknown phone without asking for a number', () => {
    expect(run(row('support.get_ticket_status'), { match: unconfirmed })).toEqual({ state: {}, action: { type: 'reply', text: texts.unconfirmed } });
    expect(run(text('2 SD-00001'), { match: unconfirmed })).toEqual({ state: {}, action: { type: 'reply', text: texts.unconfirmed } });
    expect(run(row('support.get_ticket_status'), { match: none })).toEqual({ state: {}, action: { type: 'reply', text: texts.unmatchedDetails } });
  });

  it('a wait of 30 minutes or more is cancelled', () => {
    expect(run(text('SD-00012'), { state: waitingFor('support.get_ticket_status', 45) })).toEqual({ state: {}, action: { type: 'menu' } });
  });
});

describe('support.list_my_tickets (Contact Confirmed)', () => {
  it('lists at once for a confirmed contact', () => {
    for (const start of [row('support.list_my_tickets'), text('3'), text('my tickets')]) expect(run(start)).toEqual({ state: {}, action: { type: 'list_tickets' } });
  });

  it('refuses an unconfirmed contact and an unknown phone', () => {
    expect(run(row('support.list_my_tickets'), { match: unconfirmed })).toEqual({ state: {}, action: { type: 'reply', text: texts.unconfirmed } });
    expect(run(text('3'), { match: none })).toEqual({ state: {}, action: { type: 'reply', text: texts.unmatchedDetails } });
  });
});

describe('menu, rows and media while a skill waits', () => {
  it('menu cancels the wait and opens the menu', () => {
    for (const skill of ['support.create_ticket', 'support.get_ticket_status'] as const) expect(run(text('menu'), { state: waitingFor(skill) })).toEqual({ state: {}, action: { type: 'menu' } });
  });

  it('a tapped row starts its skill whatever was waiting', () => {
    expect(run(row('support.list_my_tickets'), { state: waitingFor('support.create_ticket') })).toEqual({ state: {}, action: { type: 'list_tickets' } });
  });

  it('media get "text only, please" and leave the state as it was', () => {
    const state = waitingFor('support.create_ticket', 5);
    expect(run({ type: 'unsupported', messageType: 'image' }, { state })).toEqual({ state, action: { type: 'reply', text: texts.textOnly } });
    expect(run({ type: 'unsupported', messageType: 'location' }, { match: none })).toEqual({ state: {}, action: { type: 'reply', text: texts.textOnly } });
  });
});

describe('two-way chat', () => {
  it('free text becomes a reply on the chat ticket when nothing waits', () => {
    expect(run(text('  It works again, thanks! '), { chatTicket: 'SD-00020' })).toEqual({ state: {}, action: { type: 'chat_reply', number: 'SD-00020', text: 'It works again, thanks!' } });
    // before row numbers and names (SPEC §3 order: 3 before 4)
    expect(run(text('1'), { chatTicket: 'SD-00020' })).toEqual({ state: {}, action: { type: 'chat_reply', number: 'SD-00020', text: '1' } });
  });

  it('menu still opens the menu; a tapped row still starts its skill', () => {
    expect(run(text('menu'), { chatTicket: 'SD-00020' })).toEqual({ state: {}, action: { type: 'menu' } });
    expect(run(row('support.list_my_tickets'), { chatTicket: 'SD-00020' })).toEqual({ state: {}, action: { type: 'list_tickets' } });
  });

  it('is looked up only for free text with nothing waiting', () => {
    expect(needsChatTicket(idle, text('hello'), now)).toBe(true);
    expect(needsChatTicket(idle, text('Menu'), now)).toBe(false);
    expect(needsChatTicket(idle, row('support.create_ticket'), now)).toBe(false);
    expect(needsChatTicket(idle, { type: 'unsupported', messageType: 'audio' }, now)).toBe(false);
    expect(needsChatTicket(waitingFor('support.create_ticket', 5), text('hello'), now)).toBe(false);
    expect(needsChatTicket(waitingFor('support.create_ticket', 31), text('hello'), now)).toBe(true);
  });
});

describe('texts and values', () => {
  it('subject: the first non-empty line, cut to 200 characters without splitting a character', () => {
    expect(subjectOf('\n\n  Printer broken  \nmore')).toBe('Printer broken');
    expect(subjectOf('x'.repeat(250))).toHaveLength(200);
    const emoji = `${'a'.repeat(199)}😀tail`;
    expect(subjectOf(emoji)).toBe('a'.repeat(199));
    expect(subjectOf('   ')).toBe('');
  });

  it('ticket numbers as people type them', () => {
    expect(ticketNumberIn('SD-00012')).toBe('SD-00012');
    expect(ticketNumberIn('sd12')).toBe('SD-00012');
    expect(ticketNumberIn('123456')).toBe('SD-123456');
    expect(ticketNumberIn('the one from Monday')).toBeNull();
    expect(ticketNumberIn('0')).toBeNull();
  });

  it('status answers show status, priority and last update — or "not found" alike for missing and foreign', () => {
    const found = statusText('SD-00012', { number: 'SD-00012', subject: 'SSO loops', status: 'pending', priority: 'high', updatedAt: '2026-03-01T08:15:00.000Z' });
    expect(found).toContain('SD-00012: SSO loops');
    expect(found).toContain('Status: Pending');
    expect(found).toContain('Priority: High');
    expect(found).toContain('Last update: 2026-03-01 08:15 UTC');
    expect(statusText('SD-00099', null)).toBe(statusText('SD-00099', null));
    expect(statusText('SD-00099', null)).toMatch(/could not find ticket SD-00099/);
  });

  it('lists number, subject and status of each ticket', () => {
    const list = listText([
      { number: 'SD-00003', subject: 'Password reset', status: 'pending', priority: 'low', updatedAt: '2026-03-01T08:15:00.000Z' },
      { number: 'SD-00001', subject: 'Invoice', status: 'open', priority: 'high', updatedAt: '2026-02-01T08:15:00.000Z' },
    ]);
    expect(list).toContain('• SD-00003: Password reset (Pending)\n• SD-00001: Invoice (Open)');
    expect(listText([])).toMatch(/no tickets/);
  });

  it('text messages are Graph text bodies, cut to 4096 characters', () => {
    expect(textMessage('+15550001001', 'hi')).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: '+15550001001', type: 'text', text: { preview_url: false, body: 'hi' } });
    expect((textMessage('+1', 'x'.repeat(5000)) as unknown as { text: { body: string } }).text.body).toHaveLength(4096);
  });

  it('every refusal offers the way back to the menu', () => {
    for (const t of [texts.unmatchedCreate, texts.unmatchedDetails, texts.unconfirmed, texts.textOnly, texts.createRefused, texts.replyRefused]) expect(t).toMatch(/\*menu\*/);
  });
});
