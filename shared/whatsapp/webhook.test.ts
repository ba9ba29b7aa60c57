import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import type { QueueSender } from '../platform/ports.ts';
import { signBody } from './signature.ts';
import { handshakeChallenge, inboundItemSchema, messagePayload, receiveWebhook, splitPayload, statusPayload, toE164 } from './webhook.ts';

const at = new Date('2026-03-02T10:00:00.000Z');
const receivedAt = new Date('2026-03-02T10:00:05.000Z');

/** A payload as Meta documents it: two messages and a status in one change, a second change. */
const metaPayload = {
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '102290129340398',
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
            contacts: [{ profile: { name: 'Sheena Nelson' }, wa_id: '16505551234' }],
            messages: [
              { from: '16505551234', id: 'wamid.A', timestamp: '1749416383', type: 'text', text: { body: 'Does it come in another color?' } },
              { from: '16505551234', id: 'wamid.B', timestamp: '1749416390', type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'support.list_my_tickets', title: 'My tickets' } } },
              { from: '16505551234', id: 'wamid.C', timestamp: '1749416391', type: 'image', image: { id: 'm1', mime_type: 'image/jpeg' } },
              { from: '16505551234', id: 'wamid.D', timestamp: '1749416392', type: 'reaction', reaction: { message_id: 'wamid.X', emoji: '👍' } },
              { from: '16505551234', id: 'wamid.E', timestamp: '1749416393', type: 'button', button: { payload: 'support.create_ticket', text: 'Open a ticket' } },
            ],
            statuses: [{ id: 'wamid.OUT', status: 'delivered', timestamp: '1749416400', recipient_id: '16505551234' }],
          },
        },
        { field: 'account_update', value: { whatever: true } },
      ],
    },
    {
      id: '2',
      changes: [
        {
          field: 'messages',
          value: {
            metadata: { phone_number_id: '100000002' },
            statuses: [
              { id: 'wamid.F', status: 'failed', timestamp: '1749416500', recipient_id: '4915112345678', errors: [{ code: 131047, title: 'Re-engagement message' }] },
              { id: 'wamid.G', status: 'deleted', timestamp: '1749416500' },
            ],
          },
        },
      ],
    },
  ],
};

describe('splitPayload', () => {
  it('makes one item per message and status, from in E.164, Meta’s timestamps as ISO', () => {
    const { items, skipped } = splitPayload(metaPayload, receivedAt);
    expect(skipped).toBe(0);
    expect(items).toEqual([
      { kind: 'message', wamid: 'wamid.A', phoneNumberId: '106540352242922', from: '+16505551234', sentAt: '2025-06-08T20:59:43.000Z', profileName: 'Sheena Nelson', content: { type: 'text', text: 'Does it come in another color?' } },
      { kind: 'message', wamid: 'wamid.B', phoneNumberId: '106540352242922', from: '+16505551234', sentAt: '2025-06-08T20:59:50.000Z', profileName: 'Sheena Nelson', content: { type: 'choice', id: 'support.list_my_tickets', title: 'My tickets' } },
      { kind: 'message', wamid: 'wamid.C', phoneNumberId: '106540352242922', from: '+16505551234', sentAt: '2025-06-08T20:59:51.000Z', profileName: 'Sheena Nelson', content: { type: 'unsupported', messageType: 'image' } },
      // the reaction asks for no answer: not an item
      { kind: 'message', wamid: 'wamid.E', phoneNumberId: '106540352242922', from: '+16505551234', sentAt: '2025-06-08T20:59:53.000Z', profileName: 'Sheena Nelson', content: { type: 'choice', id: 'support.create_ticket', title: 'Open a ticket' } },
      { kind: 'status', wamid: 'wamid.OUT', phoneNumberId: '106540352242922', status: 'delivered', at: '2025-06-08T21:00:00.000Z', recipient: '16505551234' },
      { kind: 'status', wamid: 'wamid.F', phoneNumberId: '100000002', status: 'failed', at: '2025-06-08T21:01:40.000Z', recipient: '4915112345678', error: 'Re-engagement message (131047)' },
    ]);
    for (const item of items) expect(inboundItemSchema.parse(item)).toEqual(item);
  });

  it('skips what does not parse, one item at a time, and keeps the rest', () => {
    const payload = messagePayload({ phoneNumberId: '100000001', from: '+15550001001', id: 'wamid.ok', at, text: 'hello' }) as typeof metaPayload;
    const value = payload.entry[0]!.changes[0]!.value as unknown as { messages: unknown[] };
    value.messages.push({ from: 'not-a-phone', id: 'wamid.bad', type: 'text', text: { body: 'x' } }, { id: 'wamid.nofrom', type: 'text' }, 'garbage');
    const { items, skipped } = splitPayload(payload, receivedAt);
    expect(items.map((i) => i.wamid)).toEqual(['wamid.ok']);
    expect(skipped).toBe(3);
  });

  it('answers nothing for another object, another field or a shape that is not Meta’s', () => {
    expect(splitPayload({ ...metaPayload, object: 'page' }, receivedAt)).toEqual({ items: [], skipped: 0 });
    expect(splitPayload({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'account_review_update', value: {} }] }] }, receivedAt)).toEqual({ items: [], skipped: 0 });
    expect(splitPayload([1, 2], receivedAt)).toEqual({ items: [], skipped: 0 });
    expect(splitPayload(null, receivedAt)).toEqual({ items: [], skipped: 0 });
  });

  it('uses the receive time when Meta’s timestamp is missing or not a number', () => {
    const payload = { object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { metadata: { phone_number_id: '1' }, messages: [{ from: '15550001001', id: 'w', type: 'text', text: { body: 'x' }, timestamp: 'soon' }] } }] }] };
    expect(splitPayload(payload, receivedAt).items[0]).toMatchObject({ sentAt: receivedAt.toISOString() });
  });

  it('round-trips the payloads the dev sender builds', () => {
    const text = splitPayload(messagePayload({ phoneNumberId: '100000001', from: '15550001001', id: 'w1', at, text: 'hi' }), receivedAt).items;
    expect(text).toEqual([{ kind: 'message', wamid: 'w1', phoneNumberId: '100000001', from: '+15550001001', sentAt: at.toISOString(), profileName: 'WhatsApp user', content: { type: 'text', text: 'hi' } }]);
    const row = splitPayload(messagePayload({ phoneNumberId: '100000001', from: '+15550001001', id: 'w2', at, listReplyId: 'support.create_ticket' }), receivedAt).items;
    expect(row[0]).toMatchObject({ content: { type: 'choice', id: 'support.create_ticket' } });
    for (const mediaType of ['image', 'audio', 'location'] as const) {
      const media = splitPayload(messagePayload({ phoneNumberId: '1', from: '+15550001001', id: 'w3', at, mediaType }), receivedAt).items;
      expect(media[0]).toMatchObject({ content: { type: 'unsupported', messageType: mediaType } });
    }
    const status = splitPayload(statusPayload({ phoneNumberId: '1', wamid: 'out.1', status: 'read', recipient: '+15550001001', at }), receivedAt).items;
    expect(status).toEqual([{ kind: 'status', wamid: 'out.1', phoneNumberId: '1', status: 'read', at: at.toISOString(), recipient: '15550001001' }]);
  });
});

describe('toE164', () => {
  it('adds the + to Meta’s digits and refuses what is not a phone number', () => {
    expect(toE164('15550001001')).toBe('+15550001001');
    expect(toE164('+4915112345678')).toBe('+4915112345678');
    expect(toE164('0123456789')).toBeNull();
    expect(toE164('12')).toBeNull();
    expect(toE164('1555abc1001')).toBeNull();
    expect(toE164('1234567890123456')).toBeNull();
  });
});

describe('handshakeChallenge', () => {
  const ok = { 'hub.mode': 'subscribe', 'hub.verify_token': 'dev-verify-token', 'hub.challenge': '1158201444' };
  it('echoes the challenge for subscribe with our token', () => {
    expect(handshakeChallenge(ok, 'dev-verify-token')).toBe('1158201444');
  });
  it('refuses a wrong or missing token, another mode, a missing or odd challenge', () => {
    expect(handshakeChallenge({ ...ok, 'hub.verify_token': 'guess' }, 'dev-verify-token')).toBeNull();
    expect(handshakeChallenge({ ...ok, 'hub.verify_token': undefined }, 'dev-verify-token')).toBeNull();
    expect(handshakeChallenge({ ...ok, 'hub.mode': 'unsubscribe' }, 'dev-verify-token')).toBeNull();
    expect(handshakeChallenge({ ...ok, 'hub.challenge': undefined }, 'dev-verify-token')).toBeNull();
    expect(handshakeChallenge({ ...ok, 'hub.challenge': '<script>alert(1)</script>' }, 'dev-verify-token')).toBeNull();
    expect(handshakeChallenge({}, 'dev-verify-token')).toBeNull();
  });
});

describe('receiveWebhook', () => {
  const secret = 'dev-app-secret';
  const clock = { now: () => receivedAt };
  const raw = Buffer.from(JSON.stringify(metaPayload));
  const recorder = (fail?: (body: { wamid: string }) => boolean) => {
    const sent: { queue: string; body: { wamid: string } }[] = [];
    const queue: QueueSender = {
      async send(name, body) {
        if (fail?.(body as { wamid: string })) throw new Error('SQS is down');
        sent.push({ queue: name, body: body as { wamid: string } });
      },
    };
    return { sent, queue };
  };

  it('enqueues every message and status on whatsapp-inbound once the signature holds', async () => {
    const { sent, queue } = recorder();
    expect(await receiveWebhook({ queue, clock }, raw, signBody(raw, secret), secret)).toEqual({ messages: 4, statuses: 2, skipped: 0 });
    expect(sent.map((s) => [s.queue, s.body.wamid])).toEqual(['wamid.A', 'wamid.B', 'wamid.C', 'wamid.E', 'wamid.OUT', 'wamid.F'].map((w) => ['whatsapp-inbound', w]));
  });

  it('refuses a missing, forged or malformed signature with 401 and enqueues nothing', async () => {
    const { sent, queue } = recorder();
    for (const signature of [undefined, signBody(raw, 'wrong'), 'sha256=nothex', signBody(Buffer.concat([raw, Buffer.from(' ')]), secret)]) {
      const err = await receiveWebhook({ queue, clock }, raw, signature, secret).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('unauthorized');
    }
    expect(sent).toEqual([]);
  });

  it('answers 400 for a signed body that is not JSON, and nothing for one that is not Meta’s', async () => {
    const { sent, queue } = recorder();
    const notJson = Buffer.from('not json');
    await expect(receiveWebhook({ queue, clock }, notJson, signBody(notJson, secret), secret)).rejects.toMatchObject({ code: 'bad_request' });
    const other = Buffer.from('{"object":"page","entry":[]}');
    expect(await receiveWebhook({ queue, clock }, other, signBody(other, secret), secret)).toEqual({ messages: 0, statuses: 0, skipped: 0 });
    expect(sent).toEqual([]);
  });

  it('throws when an item cannot be enqueued, so the webhook answers 500 and Meta retries', async () => {
    const { queue } = recorder((b) => b.wamid === 'wamid.C');
    await expect(receiveWebhook({ queue, clock }, raw, signBody(raw, secret), secret)).rejects.toThrow('SQS is down');
  });
});
