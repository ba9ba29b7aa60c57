// The outbound queue's message and the worker's step for one message, against dynalite with an
// in-memory WhatsApp sender: sent / retried / refused / dead-lettered, each with the entry's state.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestTable, type TestTable } from '../../infra/local/testing.ts';
import { createPartnerRepo } from '../partner/partner.repo.ts';
import { createIds } from '../platform/clock.ts';
import type { ServiceLogger } from '../platform/context.ts';
import { WorkInProgressError } from '../platform/idempotency.ts';
import type { QueueSender, WhatsAppMessage, WhatsAppSender } from '../platform/ports.ts';
import { createSettingsRepo } from '../settings/settings.repo.ts';
import { settingsDefaults } from '../settings/settings.schema.ts';
import type { EventEnvelope } from '../system/events.ts';
import { type StoredEntry, type StoredTicket, createTicketRepo } from '../ticket/ticket.repo.ts';
import { createDeliveryRepo } from './delivery.repo.ts';
import { type OutboundMessage, deliverOutbound, outboundMessageSchema, sendReplyToWhatsApp, sendWhatsApp } from './outbound.service.ts';
import { textMessage } from './reply-rules.ts';
import { createWindowRepo } from './window.repo.ts';

let db: TestTable;
beforeAll(async () => {
  db = await startTestTable();
});
afterAll(async () => db.stop());

const now = new Date('2026-01-01T00:00:00.000Z');
const clock = { now: () => now };
const logger: ServiceLogger = { warn: () => undefined, error: () => undefined };
const ids = createIds();

class RefusedError extends Error {
  readonly retryable = false;
}

/** Sends what `answers` says, in order: a message id, or an error to throw. */
function fakeSender(answers: (string | Error)[]): WhatsAppSender & { sent: { phoneNumberId: string; message: WhatsAppMessage }[] } {
  const sent: { phoneNumberId: string; message: WhatsAppMessage }[] = [];
  return {
    sent,
    async send(phoneNumberId, message) {
      sent.push({ phoneNumberId, message });
      const answer = answers.shift() ?? new Error('no answer scripted');
      if (answer instanceof Error) throw answer;
      return { messageId: answer };
    },
  };
}

let seq = 0;
async function queuedReply() {
  seq += 1;
  const number = `SD-${String(seq).padStart(5, '0')}`;
  const at = now.toISOString();
  const ticket = {
    tenantId: 'acme', number, seq, subject: 'S', description: 'D', status: 'open', priority: 'medium', source: 'chat', fromChat: true, tags: [],
    requester: { type: 'bp', bpId: 'BP-1001', contactId: 'C-1001' }, requesterName: 'N', explicitQueue: false, explicitAssignee: false,
    sla: { breached: 'none', escalationLevel: 0 }, attachments: [], version: 1, revision: 1, createdAt: at, updatedAt: at,
  } satisfies StoredTicket;
  const entry: StoredEntry = {
    tenantId: 'acme', number, id: `e_${seq}`, kind: 'reply', body: 'Fixed', author: { id: 'u1', name: 'Alice', type: 'agent' }, attachmentIds: [], createdAt: at,
    delivery: { channel: 'whatsapp', status: 'queued' },
  };
  await createTicketRepo(db).commit(ticket, null, { entries: [entry] });
  const message: OutboundMessage = {
    id: `acme#${number}#${entry.id}`,
    tenantId: 'acme',
    phoneNumberId: '100000001',
    message: textMessage('+15550001001', `${number}: Fixed`),
    entry: { number, entryId: entry.id },
    queuedAt: at,
  };
  return { message, ref: { tenantId: 'acme', number, entryId: entry.id } };
}

const deliveryOf = async (ref: { tenantId: string; number: string; entryId: string }) => (await createTicketRepo(db).getEntry(ref.tenantId, ref.number, ref.entryId))?.delivery;
const first = { receiveCount: 1, maxReceiveCount: 5 };

describe('sendWhatsApp', () => {
  it("enqueues Graph's body with the number without '+', and the entry it carries", async () => {
    const sent: { queue: string; body: unknown }[] = [];
    const queue = { send: async (q: string, body: unknown) => void sent.push({ queue: q, body }) };
    await sendWhatsApp({ queue, clock, ids }, { tenantId: 'acme', phoneNumberId: '100000001', to: '+15550001001', message: textMessage('+15550001001', 'Hi'), entry: { number: 'SD-00001', entryId: 'e_1' } });
    await sendWhatsApp({ queue, clock, ids }, { tenantId: 'acme', phoneNumberId: '100000001', to: '+15550001001', message: { messaging_product: 'whatsapp', to: 'ignored', type: 'text', text: { body: 'Menu' } } });
    expect(sent.map((s) => s.queue)).toEqual(['whatsapp-outbound', 'whatsapp-outbound']);
    const [reply, menu] = sent.map((s) => outboundMessageSchema.parse(s.body));
    expect(reply).toEqual({
      id: 'acme#SD-00001#e_1',
      tenantId: 'acme',
      phoneNumberId: '100000001',
      message: { messaging_product: 'whatsapp', recipient_type: 'individual', to: '15550001001', type: 'text', text: { preview_url: false, body: 'Hi' } },
      entry: { number: 'SD-00001', entryId: 'e_1' },
      queuedAt: now.toISOString(),
    });
    expect(menu!.message.to).toBe('15550001001');
    expect(menu!.entry).toBeUndefined();
    expect(menu!.id).not.toBe(reply!.id);
  });
});

describe('deliverOutbound', () => {
  it('sends, records the wamid for the entry and marks it sent', async () => {
    const { message, ref } = await queuedReply();
    const sender = fakeSender(['wamid.ok1']);
    expect(await deliverOutbound({ db, clock, logger, whatsapp: sender }, message, first)).toBe('sent');
    expect(sender.sent).toEqual([{ phoneNumberId: '100000001', message: message.message }]);
    expect(await createDeliveryRepo(db).find('wamid.ok1')).toEqual(ref);
    expect(await deliveryOf(ref)).toEqual({ channel: 'whatsapp', status: 'sent' });
  });

  it('sends a message delivered twice by SQS once', async () => {
    const { message } = await queuedReply();
    const sender = fakeSender(['wamid.dup1', 'wamid.dup2']);
    const results = await Promise.all([1, 2].map(() => deliverOutbound({ db, clock, logger, whatsapp: sender }, message, first)));
    // The second delivery finds the first sending (come back later) or done.
    expect(results.filter((r) => r === 'sent')).toHaveLength(1);
    expect(results.filter((r) => r !== 'sent')).toEqual([expect.stringMatching(/^(in_progress|duplicate)$/)]);
    expect(await deliverOutbound({ db, clock, logger, whatsapp: sender }, message, { receiveCount: 2, maxReceiveCount: 5 })).toBe('duplicate');
    expect(sender.sent).toHaveLength(1);
  });

  it('retries a retryable failure (the entry stays queued) and sends on the next receive', async () => {
    const { message, ref } = await queuedReply();
    const sender = fakeSender([Object.assign(new Error('Graph API 503'), { retryable: true }), 'wamid.retry1']);
    expect(await deliverOutbound({ db, clock, logger, whatsapp: sender }, message, first)).toBe('retry');
    expect((await deliveryOf(ref))?.status).toBe('queued');
    expect(await deliverOutbound({ db, clock, logger, whatsapp: sender }, message, { receiveCount: 2, maxReceiveCount: 5 })).toBe('sent');
    expect((await deliveryOf(ref))?.status).toBe('sent');
  });

  it('on the last receive the entry shows failed and the record still fails (to the dead-letter queue)', async () => {
    const { message, ref } = await queuedReply();
    const sender = fakeSender([new Error('connect ECONNREFUSED')]);
    expect(await deliverOutbound({ db, clock, logger, whatsapp: sender }, message, { receiveCount: 5, maxReceiveCount: 5 })).toBe('retry');
    expect(await deliveryOf(ref)).toEqual({ channel: 'whatsapp', status: 'failed', reason: 'No answer from WhatsApp after 5 attempts: connect ECONNREFUSED' });
  });

  it('a refusal (not retryable) fails the entry at once and is not retried', async () => {
    const { message, ref } = await queuedReply();
    const sender = fakeSender([new RefusedError('Graph API 400 (code 131026): Message undeliverable')]);
    expect(await deliverOutbound({ db, clock, logger, whatsapp: sender }, message, first)).toBe('refused');
    expect(await deliveryOf(ref)).toEqual({ channel: 'whatsapp', status: 'failed', reason: 'WhatsApp refused the message: Graph API 400 (code 131026): Message undeliverable' });
    // A redelivery does not send it again.
    expect(await deliverOutbound({ db, clock, logger, whatsapp: sender }, message, { receiveCount: 2, maxReceiveCount: 5 })).toBe('duplicate');
    expect(sender.sent).toHaveLength(1);
  });

  it('a message without an entry is sent and touches no entry; its wamid is known to carry none', async () => {
    const sender = fakeSender(['wamid.menu']);
    const message: OutboundMessage = { id: ids.next(), tenantId: 'acme', phoneNumberId: '100000001', message: textMessage('+15550001001', 'Menu'), queuedAt: now.toISOString() };
    expect(await deliverOutbound({ db, clock, logger, whatsapp: sender }, message, first)).toBe('sent');
    expect(await createDeliveryRepo(db).find('wamid.menu')).toBeNull();
    expect(await createDeliveryRepo(db).lookup('wamid.menu')).toEqual({ entry: null });
  });

  it('a delivery that dies mid-send holds the message only until its lease ends; then it is sent', async () => {
    const { message, ref } = await queuedReply();
    let at = now.getTime();
    const moving = { now: () => new Date(at) };
    const sent: string[] = [];
    let calls = 0;
    const sender: WhatsAppSender = {
      // The first delivery's function times out inside the Graph call: it never returns.
      send: (_id, m) => (++calls === 1 ? new Promise<never>(() => undefined) : Promise.resolve(sent.push(m.to)).then(() => ({ messageId: 'wamid.after-lease' }))),
    };
    void deliverOutbound({ db, clock: moving, logger, whatsapp: sender }, message, first);
    await vi.waitFor(() => expect(calls).toBe(1));
    // SQS delivers it again while the lease runs: another delivery may still be sending it.
    expect(await deliverOutbound({ db, clock: moving, logger, whatsapp: sender }, message, { receiveCount: 2, maxReceiveCount: 5 })).toBe('in_progress');
    at += 46_000;
    expect(await deliverOutbound({ db, clock: moving, logger, whatsapp: sender }, message, { receiveCount: 3, maxReceiveCount: 5 })).toBe('sent');
    expect(sent).toEqual(['15550001001']);
    expect(await deliveryOf(ref)).toEqual({ channel: 'whatsapp', status: 'sent' });
  });
});

describe('sendReplyToWhatsApp', () => {
  const contactId = 'C-1001';
  const phone = '+15550001001';
  const [pnid1, pnid2] = ['100000001', '100000002'];
  const queued: OutboundMessage[] = [];
  let hang = false;
  let hung = 0;
  const queue: QueueSender = {
    send: (_name, body) => (hang ? new Promise<never>(() => void hung++) : Promise.resolve(void queued.push(outboundMessageSchema.parse(body)))),
  };

  beforeAll(async () => {
    const at = now.toISOString();
    await createPartnerRepo(db).createContact({ tenantId: 'acme', id: contactId, bpId: 'BP-1001', name: 'Carol', phone, confirmed: true, version: 1, createdAt: at, updatedAt: at });
    await createSettingsRepo(db).put('acme', 'whatsapp', { ...settingsDefaults.whatsapp, phoneNumberIds: [pnid1, pnid2] }, now);
  });

  /** `ticket.replied` for the agent reply of `queuedReply`. */
  const replied = (ref: { number: string; entryId: string }): EventEnvelope => ({
    eventId: ids.next(),
    tenantId: 'acme',
    number: ref.number,
    version: 1,
    occurredAt: now.toISOString(),
    actor: { id: 'u1', type: 'agent' },
    data: { entryId: ref.entryId, kind: 'reply', authorType: 'agent' },
    ticket: { fromChat: true, requester: { type: 'bp', bpId: 'BP-1001', contactId } },
  });

  it("goes out from the number the customer wrote to, not the tenant's first", async () => {
    await createWindowRepo(db).recordInbound('acme', phone, new Date(now.getTime() - 60_000).toISOString(), pnid2);
    const { ref } = await queuedReply();
    queued.length = 0;
    expect(await sendReplyToWhatsApp({ db, clock, ids, queue }, replied(ref))).toBe('queued');
    expect(queued).toEqual([expect.objectContaining({ phoneNumberId: pnid2, entry: { number: ref.number, entryId: ref.entryId } })]);
  });

  it("from the tenant's first number when the one written to is unknown or no longer the tenant's", async () => {
    const { ref } = await queuedReply();
    queued.length = 0;
    await createWindowRepo(db).recordInbound('acme', phone, now.toISOString());
    expect(await sendReplyToWhatsApp({ db, clock, ids, queue }, replied(ref))).toBe('queued');
    const other = await queuedReply();
    await createWindowRepo(db).recordInbound('acme', phone, now.toISOString(), '999');
    expect(await sendReplyToWhatsApp({ db, clock, ids, queue }, replied(other.ref))).toBe('queued');
    expect(queued.map((q) => q.phoneNumberId)).toEqual([pnid1, pnid1]);
  });

  it('a delivery of the event that dies mid-work holds it only until its lease ends; then the reply goes out once', async () => {
    await createWindowRepo(db).recordInbound('acme', phone, now.toISOString(), pnid1);
    const { ref } = await queuedReply();
    const event = replied(ref);
    let at = now.getTime();
    const moving = { now: () => new Date(at) };
    queued.length = 0;
    hang = true;
    // The first delivery's function times out while enqueueing: it never returns.
    void sendReplyToWhatsApp({ db, clock: moving, ids, queue }, event);
    await vi.waitFor(() => expect(hung).toBe(1));
    hang = false;
    await expect(sendReplyToWhatsApp({ db, clock: moving, ids, queue }, event)).rejects.toBeInstanceOf(WorkInProgressError);
    at += 46_000;
    expect(await sendReplyToWhatsApp({ db, clock: moving, ids, queue }, event)).toBe('queued');
    expect(await sendReplyToWhatsApp({ db, clock: moving, ids, queue }, event)).toBe('duplicate');
    expect(queued).toHaveLength(1);
  });
});
