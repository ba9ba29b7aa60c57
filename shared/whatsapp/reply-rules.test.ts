import { describe, expect, it } from 'vitest';
import {
  MAX_TEXT_LENGTH,
  type DeliveryStatus,
  graphRecipient,
  inboundWindowTime,
  markdownToText,
  mayReplace,
  replaceableBy,
  replyFromNumber,
  replyText,
  textMessage,
  whatsAppRecipient,
  withinWindow,
} from './reply-rules.ts';

describe('withinWindow (24 hours since the customer last wrote)', () => {
  const last = '2025-03-10T08:00:00.000Z';
  const at = (iso: string) => new Date(iso);

  it('is open right after the message and up to the last millisecond before 24 hours', () => {
    expect(withinWindow(last, at('2025-03-10T08:00:00.000Z'))).toBe(true);
    expect(withinWindow(last, at('2025-03-10T20:00:00.000Z'))).toBe(true);
    expect(withinWindow(last, at('2025-03-11T07:59:59.999Z'))).toBe(true);
  });

  it('is closed at exactly 24 hours and after', () => {
    expect(withinWindow(last, at('2025-03-11T08:00:00.000Z'))).toBe(false);
    expect(withinWindow(last, at('2025-03-11T08:01:00.000Z'))).toBe(false);
  });

  it('is closed when the customer never wrote (or the time is unreadable)', () => {
    expect(withinWindow(null, at('2025-03-10T08:00:00.000Z'))).toBe(false);
    expect(withinWindow('yesterday', at('2025-03-10T08:00:00.000Z'))).toBe(false);
  });

  it('counts a message stamped slightly after now (another function’s clock) as inside', () => {
    expect(withinWindow('2025-03-10T08:00:01.000Z', at('2025-03-10T08:00:00.000Z'))).toBe(true);
  });
});

describe('inboundWindowTime (when a customer message opens the window)', () => {
  const now = new Date('2025-03-10T12:00:00.000Z');
  it("is the message's own time, however long ago it was handled; a time after now (or none) counts as now", () => {
    expect(inboundWindowTime('2025-03-09T10:00:00.000Z', now)).toBe('2025-03-09T10:00:00.000Z');
    expect(inboundWindowTime('2025-03-10T12:00:05.000Z', now)).toBe(now.toISOString());
    expect(inboundWindowTime('not a time', now)).toBe(now.toISOString());
    expect(inboundWindowTime(undefined, now)).toBe(now.toISOString());
  });
});

describe('replyFromNumber (which of the tenant\'s numbers an agent reply goes out from)', () => {
  it('the one the customer wrote to while it is the tenant\'s, else the first; none without numbers', () => {
    expect(replyFromNumber(['1', '2'], '2')).toBe('2');
    expect(replyFromNumber(['1', '2'], '3')).toBe('1');
    expect(replyFromNumber(['1', '2'], undefined)).toBe('1');
    expect(replyFromNumber([], '2')).toBeNull();
  });
});

describe('whatsAppRecipient (which entries leave)', () => {
  const chat = { fromChat: true, requester: { type: 'bp', bpId: 'BP-1001', contactId: 'C-1001' } };

  it("sends an agent's reply on a chat ticket to the requester's contact", () => {
    expect(whatsAppRecipient({ data: { kind: 'reply', authorType: 'agent' }, ticket: chat })).toEqual({ contactId: 'C-1001' });
    expect(whatsAppRecipient({ data: { kind: 'reply', authorType: 'agent' }, ticket: { fromChat: true, requester: { type: 'account', accountId: 'A-1', contactId: 'C-9' } } })).toEqual({ contactId: 'C-9' });
  });

  it('never sends internal notes, customer or system replies', () => {
    expect(whatsAppRecipient({ data: { kind: 'internal_note', authorType: 'agent' }, ticket: chat })).toBeNull();
    expect(whatsAppRecipient({ data: { kind: 'reply', authorType: 'customer' }, ticket: chat })).toBeNull();
    expect(whatsAppRecipient({ data: { kind: 'reply', authorType: 'system' }, ticket: chat })).toBeNull();
  });

  it('sends nothing for tickets not from the chat or without a contact', () => {
    expect(whatsAppRecipient({ data: { kind: 'reply', authorType: 'agent' }, ticket: { ...chat, fromChat: false } })).toBeNull();
    expect(whatsAppRecipient({ data: { kind: 'reply', authorType: 'agent' }, ticket: { fromChat: true, requester: { type: 'bp', bpId: 'BP-1001' } } })).toBeNull();
    expect(whatsAppRecipient({ data: { kind: 'reply', authorType: 'agent' }, ticket: { fromChat: true, requester: { type: 'manual', name: 'X', phone: '+15550001001' } } })).toBeNull();
    expect(whatsAppRecipient({ data: { kind: 'reply', authorType: 'agent' }, ticket: { fromChat: true } })).toBeNull();
  });
});

describe('markdownToText', () => {
  it('drops emphasis, strike and code marks, keeping the words', () => {
    expect(markdownToText('We are **on it** and _nearly_ done, *really*. ~~Not~~ `npm ci` works.')).toBe('We are on it and nearly done, really. Not npm ci works.');
    expect(markdownToText('__bold__ and ***both***')).toBe('bold and both');
  });

  it('strips markdown escapes to the characters they protect', () => {
    expect(markdownToText('2 \\* 3 \\= 6, not \\*bold\\*; C:\\\\temp \\# \\_x\\_ \\[a\\](b)')).toBe('2 * 3 = 6, not *bold*; C:\\temp # _x_ [a](b)');
  });

  it('leaves lone symbols and words with underscores alone', () => {
    expect(markdownToText('2 * 3 * 4 and snake_case_name and 5 * x')).toBe('2 * 3 * 4 and snake_case_name and 5 * x');
  });

  it('writes links as text (url) and autolinks as the url', () => {
    expect(markdownToText('See [the guide](https://example.test/guide "Guide") or <https://example.test>.')).toBe(
      'See the guide (https://example.test/guide) or https://example.test.',
    );
    expect(markdownToText('[https://a.test](https://a.test) ![screen](https://a.test/s.png)')).toBe('https://a.test screen (https://a.test/s.png)');
  });

  it('turns headings, quotes, lists and rules into plain lines', () => {
    const md = ['# Next steps', '', '> You wrote: it is broken', '', '- restart it', '* then **check**', '1. one', '- [x] done', '- [ ] todo', '', '---', 'Thanks'].join('\n');
    expect(markdownToText(md)).toBe(['Next steps', '', 'You wrote: it is broken', '', '• restart it', '• then check', '1. one', '☑ done', '☐ todo', '', 'Thanks'].join('\n'));
  });

  it('keeps fenced code as it is, without the fences', () => {
    expect(markdownToText('Run:\n```sh\nnpm run **build**\n```\nDone.')).toBe('Run:\nnpm run **build**\nDone.');
  });

  it('keeps markup inside code spans', () => {
    expect(markdownToText('Use `a*b*c` or `__init__`.')).toBe('Use a*b*c or __init__.');
  });

  it('normalizes line ends, hard breaks and blank runs', () => {
    expect(markdownToText('one  \r\ntwo\\\r\n\r\n\r\n\r\nthree\n')).toBe('one\ntwo\n\nthree');
  });
});

describe('replyText and textMessage', () => {
  it('prefixes the ticket number and makes the body plain', () => {
    expect(replyText('SD-00012', 'Your printer is **fixed**.')).toBe('SD-00012: Your printer is fixed.');
  });

  it("cuts at Graph's 4096 characters", () => {
    const text = replyText('SD-00012', 'x'.repeat(10_000));
    expect(text).toHaveLength(MAX_TEXT_LENGTH);
    expect(text.endsWith('…')).toBe(true);
  });

  it("builds Graph's text body with the number without '+'", () => {
    expect(graphRecipient('+15550001001')).toBe('15550001001');
    expect(graphRecipient('15550001001')).toBe('15550001001');
    expect(textMessage('+15550001001', 'Hi')).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '15550001001',
      type: 'text',
      text: { preview_url: false, body: 'Hi' },
    });
  });
});

describe('delivery moves only forward', () => {
  const all: (DeliveryStatus | null)[] = [null, 'queued', 'sent', 'delivered', 'read', 'failed', 'not_delivered'];
  const allowed = (next: DeliveryStatus) => all.filter((current) => mayReplace(current, next));

  it('read after delivered after sent after queued', () => {
    expect(allowed('queued')).toEqual([null]);
    expect(allowed('sent')).toEqual([null, 'queued']);
    expect(allowed('delivered')).toEqual([null, 'queued', 'sent']);
    expect(allowed('read')).toEqual([null, 'queued', 'sent', 'delivered']);
  });

  it('failed ends a message that had not reached the phone; nothing replaces a final state', () => {
    expect(allowed('failed')).toEqual([null, 'queued', 'sent']);
    expect(allowed('not_delivered')).toEqual([null]);
    for (const next of all.filter((s): s is DeliveryStatus => s !== null)) {
      expect(mayReplace('failed', next)).toBe(false);
      expect(mayReplace('not_delivered', next)).toBe(false);
      expect(mayReplace('read', next)).toBe(false);
    }
  });

  it('repeating a state changes nothing', () => {
    for (const s of ['queued', 'sent', 'delivered', 'read', 'failed', 'not_delivered'] as const) expect(replaceableBy(s)).not.toContain(s);
  });
});
