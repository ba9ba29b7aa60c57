// The inbound worker's use cases against dynalite (the real repos), with in-memory ports: exactly
// once per wamid, release on failure, the tenant and partner lookups, two-way chat, batches.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMovableClock } from '../../infra/local/clock.ts';
import { startTestTable, type TestTable } from '../../infra/local/testing.ts';
import { createPartnerRepo, type Contact, type Partner } from '../partner/partner.repo.ts';
import { createIds } from '../platform/clock.ts';
import { WorkInProgressError, createIdempotencyRepo } from '../platform/idempotency.ts';
import type { BlobStore, EventPublisher, QueueSender } from '../platform/ports.ts';
import type { Actor } from '../identity/actor.ts';
import { createTicket, ticketRepos } from '../ticket/ticket.service.ts';
import { type InboundContext, handleInboundBatch, handleInboundItem, matchPhone } from './conversation.service.ts';
import { createPhoneNumberRepo } from './phone-number.repo.ts';
import type { InboundMessage } from './webhook.ts';
import { createWindowRepo } from './window.repo.ts';

let db: TestTable;
const clock = createMovableClock();
const sent: { queue: string; body: { tenantId: string; phoneNumberId: string; message: { to: string; type: string; text?: { body: string } } } }[] = [];
let failSends = 0;
/** Sends to this phone (E.164 digits) fail once each, for the next `failSendsTo.count` sends. */
const failSendsTo = { phone: '', count: 0 };
let hangSends = 0;
let hung = 0;
const queue: QueueSender = {
  async send(name, body) {
    if (hangSends > 0) {
      hangSends--;
      hung++;
      // The function timed out here: the call never returns.
      return new Promise<never>(() => undefined);
    }
    const to = (body as { message: { to: string } }).message.to;
    if (failSends > 0 || (failSendsTo.count > 0 && to === failSendsTo.phone.replace('+', ''))) {
      if (failSends > 0) failSends--;
      else failSendsTo.count--;
      throw new Error('SQS throttled');
    }
    sent.push({ queue: name, body: body as (typeof sent)[number]['body'] });
  },
};
const events: EventPublisher = { publish: async (list) => ({ published: list.map((e) => e.detail.eventId), failed: [] }) };
const blobs = {} as BlobStore;
const logs: string[] = [];
const logger = { warn: (m: string) => void logs.push(m), error: (m: string) => void logs.push(m) };
let ctx: InboundContext;

const T = 'acme';
const PNID = '100000001';
const PNID2 = '100000002';
const now = () => clock.now();

async function seed() {
  const partners = createPartnerRepo(db);
  const at = now().toISOString();
  const partner = (id: string, status: Partner['status'], mergedInto?: string): Partner => ({ tenantId: T, id, name: `Partner ${id}`, status, ...(mergedInto ? { mergedInto } : {}), version: 1, createdAt: at, updatedAt: at });
  const contact = (id: string, bpId: string, phone: string, confirmed: boolean): Contact => ({ tenantId: T, id, bpId, name: `Contact ${id}`, phone, confirmed, version: 1, createdAt: at, updatedAt: at });
  for (const p of [partner('BP-1', 'active'), partner('BP-2', 'closed'), partner('BP-3', 'merged', 'BP-1'), partner('BP-4', 'active'), partner('BP-5', 'active')]) await partners.create(p);
  const own = ['5', '6', '7', '8', '9'].map((n) => contact(`C-${n}`, 'BP-5', `+1555000000${n}`, true));
  for (const c of [contact('C-1', 'BP-1', '+15550000001', true), contact('C-2', 'BP-2', '+15550000002', true), contact('C-3', 'BP-3', '+15550000003', true), contact('C-4', 'BP-1', '+15550000004', false), ...own]) {
    await partners.createContact(c);
    await partners.claimPhone(T, c.phone, c.id, now());
  }
  await createPhoneNumberRepo(db).claim(T, PNID, now());
  await createPhoneNumberRepo(db).claim(T, PNID2, now());
}

type Write = { op: string; entity: string };
/**
 * Runs `before` ahead of every write request to the test table (what the runtime's DynamoDB client
 * sends), with the entity it writes (ElectroDB's, lower-cased); what it throws fails that write.
 * Answers the function that removes it.
 */
function beforeWrites(before: (write: Write) => void | Promise<void>): () => void {
  const name = `before-writes-${++hooks}`;
  db.client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { headers?: Record<string, string>; body?: unknown };
      const op = request.headers?.['x-amz-target']?.split('.')[1] ?? '';
      if (['PutItem', 'UpdateItem', 'DeleteItem'].includes(op) && request.body) {
        const raw = request.body instanceof Uint8Array ? new TextDecoder().decode(request.body) : String(request.body);
        const body = JSON.parse(raw) as { Item?: { __edb_e__?: { S?: string } }; Key?: { sk?: { S?: string } } };
        const entity = body.Item?.__edb_e__?.S ?? /^\$([a-z]+)/i.exec(body.Key?.sk?.S ?? '')?.[1] ?? '';
        await before({ op, entity: entity.toLowerCase() });
      }
      return next(args);
    },
    { step: 'build', name },
  );
  return () => void db.client.middlewareStack.remove(name);
}
let hooks = 0;

beforeAll(async () => {
  db = await startTestTable();
  ctx = { db, clock, ids: createIds(), events, blobs, logger, queue };
  await seed();
});
afterAll(async () => db.stop());
beforeEach(() => {
  sent.length = 0;
  logs.length = 0;
  failSends = 0;
  failSendsTo.count = 0;
});

let seq = 0;
const message = (from: string, content: InboundMessage['content'], wamid = `wamid.t${++seq}`): InboundMessage => ({ kind: 'message', wamid, phoneNumberId: PNID, from, sentAt: now().toISOString(), content });
const text = (from: string, t: string, wamid?: string) => message(from, { type: 'text', text: t }, wamid);
const replyText = (i = sent.length - 1) => sent[i]?.body.message.text?.body ?? `(${sent[i]?.body.message.type})`;
const ticketsOf = async (bpId: string) => (await ticketRepos(db).tickets.listPage({ by: 'partner', tenantId: T, partnerKey: bpId }, 100)).items;

describe('matchPhone', () => {
  it('a contact of an active partner; merged leads to the survivor; closed and unknown are no match', async () => {
    expect(await matchPhone(db, T, '+15550000001')).toEqual({ kind: 'matched', contactId: 'C-1', name: 'Contact C-1', bpId: 'BP-1', confirmed: true });
    expect(await matchPhone(db, T, '+15550000003')).toMatchObject({ kind: 'matched', contactId: 'C-3', bpId: 'BP-1' });
    expect(await matchPhone(db, T, '+15550000004')).toMatchObject({ kind: 'matched', confirmed: false });
    expect(await matchPhone(db, T, '+15550000002')).toEqual({ kind: 'none' });
    expect(await matchPhone(db, T, '+15559999999')).toEqual({ kind: 'none' });
    expect(await matchPhone(db, 'globex', '+15550000001')).toEqual({ kind: 'none' });
  });
});

describe('handleInboundItem', () => {
  it('answers through whatsapp-outbound, to the sender, from the phone number id it came to', async () => {
    expect(await handleInboundItem(ctx, text('+15550000001', 'hello'))).toBe('handled');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ queue: 'whatsapp-outbound', body: { tenantId: T, phoneNumberId: PNID, message: { type: 'interactive' } } });
    expect(sent[0]!.body.message.to.replace('+', '')).toBe('15550000001');
  });

  it('handles a message id once: a redelivery does nothing', async () => {
    const msg = text('+15550000001', 'menu');
    expect(await handleInboundItem(ctx, msg)).toBe('handled');
    expect(await handleInboundItem(ctx, msg)).toBe('duplicate');
    expect(await handleInboundItem(ctx, { ...msg })).toBe('duplicate');
    expect(sent).toHaveLength(1);
  });

  it('drops (and logs) a message for a phone number id no tenant holds, without claiming it', async () => {
    const msg = { ...text('+15550000001', 'hi'), phoneNumberId: '999' };
    expect(await handleInboundItem(ctx, msg)).toBe('unknown_number');
    expect(sent).toEqual([]);
    expect(logs.join()).toMatch(/no tenant/);
    expect(await createIdempotencyRepo(db).claim('whatsapp-message', msg.wamid, now(), 60)).toBe(true);
  });

  it('creates one ticket even when its answer fails to go out: the retry only sends the answer', async () => {
    await handleInboundItem(ctx, message('+15550000001', { type: 'choice', id: 'support.create_ticket' }));
    const before = (await ticketsOf('BP-1')).length;
    const description = text('+15550000001', 'Laptop will not boot\nBlack screen since the update.');
    failSends = 1;
    await expect(handleInboundItem(ctx, description)).rejects.toThrow('SQS throttled');
    // The claim was released: SQS's redelivery handles it.
    expect(await handleInboundItem(ctx, description)).toBe('handled');
    expect(await handleInboundItem(ctx, description)).toBe('duplicate');
    const tickets = await ticketsOf('BP-1');
    expect(tickets).toHaveLength(before + 1);
    const created = tickets.find((t) => t.subject === 'Laptop will not boot')!;
    expect(created).toMatchObject({ source: 'chat', fromChat: true, description: 'Laptop will not boot\nBlack screen since the update.', requester: { type: 'bp', bpId: 'BP-1', contactId: 'C-1' } });
    expect(replyText()).toContain(created.number);
    expect(sent.filter((s) => s.body.message.text?.body.includes(created.number))).toHaveLength(1);
  });

  it('a merged partner’s contact creates for the survivor; a closed partner’s contact is refused', async () => {
    await handleInboundItem(ctx, text('+15550000003', '1'));
    await handleInboundItem(ctx, text('+15550000003', 'VPN drops every hour'));
    expect((await ticketsOf('BP-1')).some((t) => t.subject === 'VPN drops every hour' && t.requester.type === 'bp' && t.requester.contactId === 'C-3')).toBe(true);
    expect(await ticketsOf('BP-3')).toEqual([]);

    await handleInboundItem(ctx, text('+15550000002', '1'));
    expect(replyText()).toMatch(/not registered/);
    await handleInboundItem(ctx, text('+15550000002', 'Please open one anyway'));
    expect(await ticketsOf('BP-2')).toEqual([]);
  });

  it('status and list only for the partner’s own tickets; "not found" for others', async () => {
    const [mine] = await ticketsOf('BP-1');
    const agent: Actor = { id: 'u-agent', name: 'Agent', email: 'agent@acme.test', type: 'agent', roles: ['service-desk-agent'], permissions: ['service-desk.view', 'service-desk.manage'], tenants: [T] };
    const foreign = await createTicket(ctx, agent, T, { subject: 'Another customer’s', description: 'x', source: 'email', requester: { type: 'bp', bpId: 'BP-4' } });
    await handleInboundItem(ctx, text('+15550000001', `2 ${mine!.number}`));
    expect(replyText()).toContain(`Status: Open`);
    await handleInboundItem(ctx, text('+15550000001', '2 SD-09999'));
    expect(replyText()).toMatch(/could not find ticket SD-09999/);
    await handleInboundItem(ctx, text('+15550000001', `2 ${foreign.number}`));
    expect(replyText()).toBe(`We could not find ticket ${foreign.number} among your tickets. Please check the number. Reply *menu* to see the options.`);
    await handleInboundItem(ctx, text('+15550000001', '3'));
    expect(replyText()).toContain(mine!.number);
    await handleInboundItem(ctx, text('+15550000004', '3'));
    expect(replyText()).toMatch(/not been confirmed/);
  });

  it('two-way: free text lands on the chat ticket with a recent agent reply; menu still opens the menu', async () => {
    await handleInboundItem(ctx, text('+15550000001', '1'));
    await handleInboundItem(ctx, text('+15550000001', 'Monitor flickers'));
    const ticket = (await ticketsOf('BP-1')).find((t) => t.subject === 'Monitor flickers')!;
    await createWindowRepo(db).recordAgentReply(T, 'C-1', ticket.number, now().toISOString());
    const count = sent.length;
    expect(await handleInboundItem(ctx, text('+15550000001', 'Still flickering after the cable swap'))).toBe('handled');
    expect(sent).toHaveLength(count);
    const detail = await ticketRepos(db).tickets.getDetail(T, ticket.number);
    expect(detail!.entries.filter((e) => e.kind === 'reply').map((e) => [e.body, e.author.type, e.author.name])).toEqual([['Still flickering after the cable swap', 'customer', 'Contact C-1']]);
    await handleInboundItem(ctx, text('+15550000001', 'menu'));
    expect(sent.at(-1)!.body.message.type).toBe('interactive');

    clock.advance(24 * 60 + 1);
    await handleInboundItem(ctx, text('+15550000001', 'Hello again'));
    expect(sent.at(-1)!.body.message.type).toBe('interactive');
    expect((await ticketRepos(db).tickets.getDetail(T, ticket.number))!.entries.filter((e) => e.kind === 'reply')).toHaveLength(1);
  });

  it('hands status callbacks to the delivery states (an old one of a message it did not record is ignored)', async () => {
    const old = new Date(now().getTime() - 11 * 60_000).toISOString();
    expect(await handleInboundItem(ctx, { kind: 'status', wamid: 'wamid.unknown', phoneNumberId: PNID, status: 'read', at: old })).toBe('status');
    expect(sent).toEqual([]);
  });
});

describe('handleInboundBatch', () => {
  it('reports only the failed records; drops unreadable ones; keeps one sender’s messages in order', async () => {
    const a = text('+15550000004', 'first');
    const b = text('+15550000004', 'menu');
    const records = [
      { id: 'r1', body: JSON.stringify(a) },
      { id: 'r2', body: 'not json' },
      { id: 'r3', body: JSON.stringify({ kind: 'message', wamid: 'x' }) },
      { id: 'r4', body: JSON.stringify(b) },
      { id: 'r5', body: JSON.stringify({ ...text('+15550000001', 'hi'), phoneNumberId: '42' }) },
    ];
    expect(await handleInboundBatch(ctx, records)).toEqual([]);
    expect(sent.map((s) => s.body.message.to.replace('+', ''))).toEqual(['15550000004', '15550000004']);
    expect(logs.filter((l) => /Unreadable/.test(l))).toHaveLength(2);

    failSends = 1;
    const c = text('+15550000001', 'menu');
    expect(await handleInboundBatch(ctx, [{ id: 'r6', body: JSON.stringify(c) }, { id: 'r7', body: JSON.stringify(text('+15550000004', 'menu')) }])).toHaveLength(1);
  });
});

describe('exactly once per wamid, whatever fails after the effect', () => {
  /** Fails the first conversation write that follows a ticket write (a create, a reply's commit). */
  function failConversationWriteAfterTicketWrite(): { stop: () => void; failed: () => number } {
    let ticketWritten = false;
    let failed = 0;
    const stop = beforeWrites(({ op, entity }) => {
      if (entity === 'ticket' && op === 'PutItem') ticketWritten = true;
      else if (entity === 'whatsappconversation' && ticketWritten && failed === 0) {
        failed++;
        throw new Error('DynamoDB unavailable');
      }
    });
    return { stop, failed: () => failed };
  }

  it('the conversation write failing after the create: the redelivery creates no second ticket and answers once', async () => {
    const phone = '+15550000005';
    await handleInboundItem(ctx, text(phone, '1'));
    const description = text(phone, 'Badge reader dead\nThe one at the main door.');
    const fault = failConversationWriteAfterTicketWrite();
    try {
      await expect(handleInboundItem(ctx, description)).rejects.toThrow('DynamoDB unavailable');
    } finally {
      fault.stop();
    }
    expect(fault.failed()).toBe(1);
    // SQS delivers it again (its run was released), and again.
    expect(await handleInboundItem(ctx, description)).toBe('handled');
    expect(await handleInboundItem(ctx, description)).toBe('duplicate');
    const created = (await ticketsOf('BP-5')).filter((t) => t.subject === 'Badge reader dead');
    expect(created).toHaveLength(1);
    expect(sent.filter((s) => s.body.message.text?.body.includes(created[0]!.number))).toHaveLength(1);
    expect(sent.map((s) => s.body.message.to)).toEqual(['15550000005', '15550000005']);
  });

  it('a function dying between the create and the record of its number: the redelivery finds the ticket it made', async () => {
    const phone = '+15550000006';
    await handleInboundItem(ctx, text(phone, '1'));
    const description = text(phone, 'Heating off in room 4');
    const stop = beforeWrites(({ op, entity }) => {
      // The effect record's completion (its number) never lands.
      if (entity === 'wamessageeffect' && op === 'UpdateItem') throw new Error('Lambda timed out');
    });
    try {
      await expect(handleInboundItem(ctx, description)).rejects.toThrow('Lambda timed out');
    } finally {
      stop();
    }
    expect((await ticketsOf('BP-5')).filter((t) => t.subject === 'Heating off in room 4')).toHaveLength(1);
    expect(await handleInboundItem(ctx, description)).toBe('handled');
    const created = (await ticketsOf('BP-5')).filter((t) => t.subject === 'Heating off in room 4');
    expect(created).toHaveLength(1);
    expect(replyText()).toContain(created[0]!.number);
  });

  it('the conversation write failing after a two-way chat reply: the reply lands once', async () => {
    const phone = '+15550000007';
    await handleInboundItem(ctx, text(phone, '1'));
    await handleInboundItem(ctx, text(phone, 'Door sensor beeps'));
    const ticket = (await ticketsOf('BP-5')).find((t) => t.subject === 'Door sensor beeps')!;
    await createWindowRepo(db).recordAgentReply(T, 'C-7', ticket.number, now().toISOString());
    const answer = text(phone, 'It beeps every ten seconds');
    const fault = failConversationWriteAfterTicketWrite();
    try {
      await expect(handleInboundItem(ctx, answer)).rejects.toThrow('DynamoDB unavailable');
    } finally {
      fault.stop();
    }
    expect(await handleInboundItem(ctx, answer)).toBe('handled');
    const replies = (await ticketRepos(db).tickets.getDetail(T, ticket.number))!.entries.filter((e) => e.kind === 'reply');
    expect(replies.map((e) => e.body)).toEqual(['It beeps every ten seconds']);
  });
});

describe('a delivery that dies mid-work', () => {
  it('holds the message only until its lease ends: meanwhile a redelivery is told to come back, quietly in a batch', async () => {
    const phone = '+15550000008';
    const msg = text(phone, 'menu');
    hangSends = 1;
    hung = 0;
    void handleInboundItem(ctx, msg);
    await vi.waitFor(() => expect(hung).toBe(1));
    await expect(handleInboundItem(ctx, msg)).rejects.toBeInstanceOf(WorkInProgressError);
    expect(await handleInboundBatch(ctx, [{ id: 'r-busy', body: JSON.stringify(msg) }])).toEqual(['r-busy']);
    expect(logs).toEqual([]);
    // The lease outlives the worker's timeout; then the redelivery does the work.
    clock.advance(1);
    expect(await handleInboundItem(ctx, msg)).toBe('handled');
    expect(await handleInboundItem(ctx, msg)).toBe('duplicate');
    expect(sent.map((s) => [s.body.message.to, s.body.message.type])).toEqual([['15550000008', 'interactive']]);
  });
});

describe("one sender's messages in two functions at once", () => {
  it('a message decided on a conversation another delivery changed meanwhile fails, does nothing, and is handled again from the new state', async () => {
    const phone = '+15550000009';
    await handleInboundItem(ctx, text(phone, '1'));
    const description = text(phone, 'Projector shows no signal');
    const menu = text(phone, 'menu');
    let raced = false;
    // Another function handles the sender's `menu` between this one's read and its write.
    const stop = beforeWrites(async ({ entity }) => {
      if (entity !== 'whatsappconversation' || raced) return;
      raced = true;
      await handleInboundItem(ctx, menu);
    });
    try {
      await expect(handleInboundItem(ctx, description)).rejects.toThrow(/changed meanwhile/);
    } finally {
      stop();
    }
    expect(raced).toBe(true);
    expect((await ticketsOf('BP-5')).filter((t) => t.subject === 'Projector shows no signal')).toEqual([]);
    // Redelivered: `menu` cancelled the wait, so the text now opens the menu.
    expect(await handleInboundItem(ctx, description)).toBe('handled');
    expect((await ticketsOf('BP-5')).filter((t) => t.subject === 'Projector shows no signal')).toEqual([]);
    expect(sent.slice(1).map((s) => s.body.message.type)).toEqual(['interactive', 'interactive']);
  });

  it("within a batch a sender's first failure fails that sender's later messages too; other senders go on", async () => {
    const first = text('+15550000004', 'menu');
    const second = text('+15550000004', '3');
    const other = text('+15550000001', 'menu');
    failSendsTo.phone = '+15550000004';
    failSendsTo.count = 1;
    const records = [first, second, other].map((m, i) => ({ id: `lane-${i}`, body: JSON.stringify(m) }));
    expect((await handleInboundBatch(ctx, records)).sort()).toEqual(['lane-0', 'lane-1']);
    expect(sent.map((s) => s.body.message.to)).toEqual(['15550000001']);
    // Redelivered together, in their order.
    expect(await handleInboundBatch(ctx, records.slice(0, 2))).toEqual([]);
    expect(sent.slice(1).map((s) => [s.body.message.to, s.body.message.type])).toEqual([
      ['15550000004', 'interactive'],
      ['15550000004', 'text'],
    ]);
  });
});

describe('the 24-hour window and the number written to', () => {
  it("records when the message was sent (Meta's timestamp), not when it was handled, and the number it came to", async () => {
    const window = createWindowRepo(db);
    const sentAt = new Date(now().getTime() - 3 * 3600_000).toISOString();
    await handleInboundItem(ctx, { ...text('+15550000003', 'menu'), phoneNumberId: PNID2, sentAt });
    expect(await window.lastInbound(T, '+15550000003')).toEqual({ at: sentAt, phoneNumberId: PNID2 });
    expect(sent.at(-1)!.body.phoneNumberId).toBe(PNID2);
  });

  it('a message stamped in the future counts from now', async () => {
    const before = now().getTime();
    await handleInboundItem(ctx, { ...text('+15550000002', 'menu'), sentAt: new Date(before + 3600_000).toISOString() });
    const at = Date.parse((await createWindowRepo(db).lastInbound(T, '+15550000002'))!.at);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(now().getTime());
  });
});

describe('status callbacks in a batch', () => {
  it('one that comes before its wamid is recorded fails its record quietly (SQS delivers it again); an old one is dropped', async () => {
    const recent = { kind: 'status', wamid: 'wamid.not-yet', phoneNumberId: PNID, status: 'delivered', at: now().toISOString() };
    const old = { ...recent, wamid: 'wamid.long-ago', at: new Date(now().getTime() - 3600_000).toISOString() };
    expect(await handleInboundBatch(ctx, [{ id: 's1', body: JSON.stringify(recent) }, { id: 's2', body: JSON.stringify(old) }])).toEqual(['s1']);
    expect(logs).toEqual([]);
  });
});
