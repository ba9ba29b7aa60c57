/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies of the API under test */
// The WhatsApp channel's inbound half over real HTTP, on the seeded runtime: Meta's handshake, the
// signed webhook (forged, oversized, base64), exactly-once per message id, the three skills for
// carol's confirmed phone, refusals for an unconfirmed contact, an unknown phone and a closed
// partner, "text only", and the dev sender. Time-moving tests are in whatsapp-time.test.ts.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signBody } from '../../shared/whatsapp/signature.ts';
import { type SimulatedMessage, messagePayload } from '../../shared/whatsapp/webhook.ts';
import { type Api, type Client, startApi, users } from '../http/api-testing.ts';
import { CAROL_PHONE as CAROL, type OutboxItem, bodyOf, newReplies as newRepliesOf, postWebhook as post, signedHeaders } from '../http/whatsapp-testing.ts';

let api: Api;
let ada: Client;
/** The outbox items since the last call. */
let newReplies: () => Promise<OutboxItem[]>;
beforeAll(async () => {
  api = await startApi();
  ada = await api.as(users.ada);
  newReplies = newRepliesOf(api.rt);
});
afterAll(async () => api.rt.stop());

const PAT = '+15550001003'; // unconfirmed contact of BP-1002
const DAVE = '+15550001002'; // confirmed contact of BP-1002
const STRANGER = '+15557654321';
const ACME = '100000001';

let n = 0;
const wamid = () => `wamid.test.${Date.now()}.${++n}`;

const postWebhook = (raw: string | Buffer, headers: Record<string, string>) => post(api.rt, raw, headers);

const signed = (payload: unknown) => {
  const raw = JSON.stringify(payload);
  return { raw, headers: signedHeaders(raw) };
};

type Content = { text: string } | { listReplyId: string } | { mediaType: 'image' | 'audio' | 'location' };
const payloadOf = (from: string, content: Content, id = wamid(), phoneNumberId = ACME) =>
  messagePayload({ phoneNumberId, from, id, at: api.rt.clock.now(), ...content } as SimulatedMessage);

/** Meta posting one message; answers the replies it caused. */
async function say(from: string, content: Content | string): Promise<OutboxItem[]> {
  const { raw, headers } = signed(payloadOf(from, typeof content === 'string' ? { text: content } : content));
  expect((await postWebhook(raw, headers)).status).toBe(200);
  return newReplies();
}

async function ticketsWithSubject(subject: string): Promise<any[]> {
  const res = await ada.get(`/api/tickets?tenant=acme&source=chat&limit=100`);
  expect(res.status).toBe(200);
  return res.body.items.filter((t: any) => t.subject === subject);
}

/** Records what is sent to any queue (the webhook's enqueue). */
function spyQueue(): unknown[] {
  const sends: unknown[] = [];
  const send = api.rt.queues.send.bind(api.rt.queues);
  api.rt.queues.send = async (queue, body, options) => {
    sends.push({ queue, body });
    return send(queue, body, options);
  };
  return sends;
}

beforeEach(async () => {
  await newReplies();
});

describe('GET /webhooks/whatsapp: the handshake', () => {
  const get = (query: string) => fetch(`${api.rt.url}/webhooks/whatsapp?${query}`);

  it('echoes hub.challenge as plain text for subscribe with the verify token', async () => {
    const res = await get('hub.mode=subscribe&hub.verify_token=dev-verify-token&hub.challenge=1158201444');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('1158201444');
  });

  it('answers 403 for a wrong token, another mode or no parameters', async () => {
    for (const q of ['hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1', 'hub.mode=unsubscribe&hub.verify_token=dev-verify-token&hub.challenge=1', '']) {
      const res = await get(q);
      expect(res.status, q).toBe(403);
      expect(((await res.json()) as any).error.code).toBe('forbidden');
    }
  });
});

describe('POST /webhooks/whatsapp: signature, size, enqueue', () => {
  it('refuses a forged, missing or malformed signature with 401 and queues nothing', async () => {
    const sends = spyQueue();
    const { raw, headers } = signed(payloadOf(CAROL, { text: 'menu' }));
    const forged = { 'x-hub-signature-256': signBody(raw, 'guessed-secret') };
    const tampered = raw.replace('menu', 'MENU');
    for (const [body, h] of [[raw, forged], [raw, {}], [raw, { 'x-hub-signature-256': 'sha256=xyz' }], [tampered, headers]] as const) {
      const res = await postWebhook(body, h);
      expect(res.status).toBe(401);
      expect(JSON.parse(res.text).error.code).toBe('unauthorized');
    }
    expect(sends).toEqual([]);
    expect(await newReplies()).toEqual([]);
  });

  it('answers 200 and enqueues the message on whatsapp-inbound', async () => {
    const sends = spyQueue();
    const payload = payloadOf(CAROL, { text: 'hello' });
    const { raw, headers } = signed(payload);
    expect(await postWebhook(raw, headers)).toEqual({ status: 200, text: 'EVENT_RECEIVED' });
    expect(sends[0]).toMatchObject({ queue: 'whatsapp-inbound', body: { kind: 'message', from: CAROL, phoneNumberId: ACME, content: { type: 'text', text: 'hello' } } });
    const replies = await newReplies();
    expect(replies).toHaveLength(1);
    expect(replies[0]!.message.type).toBe('interactive');
  });

  it('verifies the raw bytes of a body API Gateway passed base64-encoded', async () => {
    const { raw, headers } = signed(payloadOf(CAROL, { text: 'menu' }));
    // A content type the gateway does not treat as text: the handler gets the body base64-encoded.
    expect((await postWebhook(Buffer.from(raw), { ...headers, 'content-type': 'application/octet-stream' })).status).toBe(200);
    expect((await newReplies()).map((r) => r.message.type)).toEqual(['interactive']);
  });

  it('refuses a body over 1 MiB with 413', async () => {
    const huge = JSON.stringify({ object: 'whatsapp_business_account', entry: [], pad: 'x'.repeat(1024 * 1024) });
    const res = await postWebhook(huge, signedHeaders(huge));
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text).error.code).toBe('payload_too_large');
  });

  it('answers 200 to a signed payload carrying nothing to do, and to statuses of messages it does not know', async () => {
    const nothing = signed({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'account_update', value: {} }] }] });
    expect((await postWebhook(nothing.raw, nothing.headers)).status).toBe(200);
    const status = signed({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages', value: { metadata: { phone_number_id: ACME }, statuses: [{ id: 'wamid.nobody', status: 'read', timestamp: '1749416400', recipient_id: '15550001001' }] } }] }] });
    expect((await postWebhook(status.raw, status.headers)).status).toBe(200);
    expect(await newReplies()).toEqual([]);
  });

  it('drops (logs) a message to a phone number id no tenant has', async () => {
    const { raw, headers } = signed(payloadOf(CAROL, { text: 'menu' }, wamid(), '999000999'));
    expect((await postWebhook(raw, headers)).status).toBe(200);
    expect(await newReplies()).toEqual([]);
  });
});

describe('exactly once per message id', () => {
  it('the same message posted three times makes one ticket and one reply', async () => {
    await say(CAROL, { listReplyId: 'support.create_ticket' });
    const subject = `Projector in room 4 is dead ${Date.now()}`;
    const { raw, headers } = signed(payloadOf(CAROL, { text: `${subject}\nNo picture at all.` }));
    for (let i = 0; i < 3; i++) expect((await postWebhook(raw, headers)).status).toBe(200);
    const replies = await newReplies();
    expect(replies).toHaveLength(1);
    const tickets = await ticketsWithSubject(subject);
    expect(tickets).toHaveLength(1);
    expect(bodyOf(replies[0])).toContain(tickets[0].number);
  });
});

describe('the skills for carol’s confirmed phone', () => {
  it('any first message gets the menu: an interactive list of the three skills from the WhatsApp tab', async () => {
    const [menu] = await say(CAROL, 'good morning');
    expect(menu).toMatchObject({ phoneNumberId: ACME });
    expect(menu!.to.replace('+', '')).toBe('15550001001');
    expect(menu!.message).toMatchObject({
      messaging_product: 'whatsapp',
      type: 'interactive',
      interactive: { type: 'list', body: { text: 'How can we help? Choose an option.' }, action: { button: 'Options' } },
    });
    expect(menu!.message.interactive.action.sections[0].rows.map((r: any) => r.id)).toEqual(['support.create_ticket', 'support.get_ticket_status', 'support.list_my_tickets']);
  });

  it('uses the tenant’s own menu texts once saved', async () => {
    const tab = (await ada.get('/api/tenants/acme/settings/whatsapp')).body;
    const rows = tab.menu.rows.map((r: any) => (r.skill === 'support.list_my_tickets' ? { ...r, title: 'Meine Tickets' } : r));
    const res = await ada.call('PUT', '/api/tenants/acme/settings/whatsapp', { phoneNumberIds: tab.phoneNumberIds, menu: { ...tab.menu, body: 'Wie können wir helfen?', rows } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    try {
      const [menu] = await say(CAROL, 'menu');
      expect(menu!.message.interactive.body.text).toBe('Wie können wir helfen?');
      expect(menu!.message.interactive.action.sections[0].rows[2]).toMatchObject({ id: 'support.list_my_tickets', title: 'Meine Tickets' });
      // a typed row title of the tenant's menu starts that skill
      expect(bodyOf((await say(CAROL, 'meine tickets'))[0])).toMatch(/latest tickets/);
    } finally {
      const current = (await ada.get('/api/tenants/acme/settings/whatsapp')).body;
      await ada.call('PUT', '/api/tenants/acme/settings/whatsapp', { phoneNumberIds: current.phoneNumberIds, menu: tab.menu });
    }
  });

  it('create → status → list', async () => {
    expect(bodyOf((await say(CAROL, { listReplyId: 'support.create_ticket' }))[0])).toMatch(/describe your problem/);
    const subject = `Badge printer jams on every card ${Date.now()}`;
    const [created] = await say(CAROL, `${subject}\nSince Monday, model BP-400.`);
    const number = /SD-\d{5,}/.exec(bodyOf(created))![0];

    const ticket = (await ada.get(`/api/tenants/acme/tickets/${number}`)).body;
    expect(ticket).toMatchObject({
      subject,
      description: `${subject}\nSince Monday, model BP-400.`,
      source: 'chat',
      fromChat: true,
      status: 'open',
      requester: { type: 'bp', bpId: 'BP-1001', contactId: 'C-1001' },
    });
    // The agents' list marks it as a chat ticket.
    expect((await ticketsWithSubject(subject))[0]).toMatchObject({ number, fromChat: true, source: 'chat' });

    expect(bodyOf((await say(CAROL, '2'))[0])).toMatch(/Which ticket/);
    const status = bodyOf((await say(CAROL, number.toLowerCase()))[0]);
    expect(status).toContain(`${number}: ${subject}`);
    expect(status).toContain('Status: Open');
    expect(status).toContain('Priority: Medium');
    expect(status).toMatch(/Last update: \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);

    const list = bodyOf((await say(CAROL, { listReplyId: 'support.list_my_tickets' }))[0]);
    const numbers = [...list.matchAll(/SD-\d{5,}/g)].map((m) => m[0]);
    expect(numbers).toHaveLength(5);
    expect(numbers[0]).toBe(number);
    // the five most recently updated of BP-1001's tickets (and those of BP-1004, merged into it)
    const carol = await api.as(users.carol);
    const mine = (await carol.get('/api/my/tickets?limit=100')).body.items.map((t: any) => t.number);
    expect(numbers).toEqual(mine.slice(0, 5));
  });

  it('status answers "not found" alike for a missing ticket and another partner’s', async () => {
    const dave = (await (await api.as(users.dave)).get('/api/my/tickets')).body.items[0].number;
    const foreign = bodyOf((await say(CAROL, `2 ${dave}`))[0]);
    const missing = bodyOf((await say(CAROL, '2 SD-99999'))[0]);
    expect(foreign).toBe(`We could not find ticket ${dave} among your tickets. Please check the number. Reply *menu* to see the options.`);
    expect(missing).toBe(foreign.replace(dave, 'SD-99999'));
  });

  it('images, audio and locations get "text only, please"', async () => {
    for (const mediaType of ['image', 'audio', 'location'] as const) expect(bodyOf((await say(CAROL, { mediaType }))[0])).toMatch(/only read text/);
  });
});

describe('refusals: never another customer’s data', () => {
  const noNumbers = (replies: OutboxItem[]) => {
    expect(replies).toHaveLength(1);
    expect(bodyOf(replies[0])).not.toMatch(/SD-\d+/);
    expect(bodyOf(replies[0])).toMatch(/\*menu\*/);
  };

  it('an unconfirmed contact may open a ticket but gets no status and no list', async () => {
    const status = await say(PAT, { listReplyId: 'support.get_ticket_status' });
    noNumbers(status);
    expect(bodyOf(status[0])).toMatch(/not been confirmed/);
    noNumbers(await say(PAT, '2 SD-00002'));
    noNumbers(await say(PAT, { listReplyId: 'support.list_my_tickets' }));
    expect(bodyOf((await say(PAT, '1'))[0])).toMatch(/describe your problem/);
    expect(bodyOf((await say(PAT, 'Cannot log in to the shop'))[0])).toMatch(/We opened ticket SD-\d+/);
  });

  it('an unknown phone gets refusals for every skill and no ticket', async () => {
    const before = (await ada.get('/api/tickets?tenant=acme&source=chat&limit=100')).body.items.length;
    for (const choice of ['support.create_ticket', 'support.get_ticket_status', 'support.list_my_tickets']) {
      const replies = await say(STRANGER, { listReplyId: choice });
      noNumbers(replies);
      expect(bodyOf(replies[0])).toMatch(/not registered/);
    }
    noNumbers(await say(STRANGER, '2 SD-00001'));
    // free text after a refusal opens the menu; it never becomes a ticket
    expect((await say(STRANGER, 'Please just open a ticket'))[0]!.message.type).toBe('interactive');
    expect((await ada.get('/api/tickets?tenant=acme&source=chat&limit=100')).body.items.length).toBe(before);
  });

  it('a closed partner’s phone cannot create (closed through the admin API)', async () => {
    const before = (await ada.get('/api/tickets?tenant=acme&source=chat&limit=100')).body.items.length;
    expect(bodyOf((await say(DAVE, '1'))[0])).toMatch(/describe your problem/);
    const closed = await ada.post('/api/tenants/acme/business-partners/BP-1002/close', {});
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    // The wait started before the close: its answer is refused, no ticket.
    const refused = await say(DAVE, 'Our invoices are wrong');
    expect(bodyOf(refused[0])).toMatch(/not registered/);
    expect(bodyOf(refused[0])).not.toMatch(/SD-\d+/);
    const fresh = await say(DAVE, { listReplyId: 'support.create_ticket' });
    expect(bodyOf(fresh[0])).toMatch(/not registered/);
    expect(bodyOf((await say(DAVE, { listReplyId: 'support.list_my_tickets' }))[0])).not.toMatch(/SD-\d+/);
    expect((await ada.get('/api/tickets?tenant=acme&source=chat&limit=100')).body.items.length).toBe(before);
  });
});

describe('POST /dev/whatsapp/send', () => {
  it('signs and posts a real webhook payload (text or a list reply) to the webhook', async () => {
    const res = await fetch(`${api.rt.url}/dev/whatsapp/send`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: '15550001001', listReplyId: 'support.list_my_tickets' }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ webhookStatus: 200, messageId: expect.stringMatching(/^wamid\./) });
    expect(bodyOf((await newReplies())[0])).toMatch(/latest tickets/);

    const again = await fetch(`${api.rt.url}/dev/whatsapp/send`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: CAROL, text: 'menu', messageId: body.messageId }) });
    expect(((await again.json()) as any).webhookStatus).toBe(200);
    expect(await newReplies()).toEqual([]);
  });

  it('refuses a body without text or list reply, or with both', async () => {
    for (const b of [{ from: CAROL }, { from: CAROL, text: 'a', listReplyId: 'b' }, { from: 'nope', text: 'a' }]) {
      const res = await fetch(`${api.rt.url}/dev/whatsapp/send`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(b) });
      expect(res.status).toBe(400);
    }
  });
});
