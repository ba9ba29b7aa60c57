// Agent replies back to WhatsApp, over the local runtime's real HTTP: an agent's reply on a chat
// ticket reaches the outbox (through the send-whatsapp-reply rule and the whatsapp-outbound worker),
// an internal note does not, a reply after 24 hours of customer silence is marked not delivered,
// the same event twice sends once, and Meta's status callbacks move the entry forward only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toEventBridgeEvent } from '../../infra/local/event-bus.ts';
import { invoke } from '../../infra/local/modules.ts';
import type { BusEvent } from '../../shared/system/events.ts';
import { addEntry } from '../../shared/ticket/ticket.service.ts';
import { applyDeliveryStatus } from '../../shared/whatsapp/delivery.service.ts';
import { createWindowRepo } from '../../shared/whatsapp/window.repo.ts';
import { type Api, type Client, advanceMinutes, createTicket, idle, startApi, users } from '../http/api-testing.ts';
import { aliceAgent as agent, carolChatTicket, carolWrites, findCarolContactId, outbox } from '../http/whatsapp-testing.ts';

const CAROL_GRAPH_TO = '15550001001';

let api: Api;
let alice: Client;
let carol: Client;
let carolContactId: string;

beforeAll(async () => {
  api = await startApi();
  [alice, carol] = await Promise.all([api.as(users.alice), api.as(users.carol)]);
  carolContactId = await findCarolContactId(alice);
});
afterAll(async () => api.rt.stop());

const chatTicket = (subject = 'Printer offline') => carolChatTicket(api.rt, carolContactId, { subject, description: 'From WhatsApp' });
const outboxFor = async (number: string) => (await outbox(api.rt)).filter((i) => String(i.message.text?.body ?? '').startsWith(`${number}:`));

const entry = async (number: string, entryId: string) => {
  const res = await alice.get(`/api/tenants/acme/tickets/${number}`);
  expect(res.status).toBe(200);
  return res.body.thread.find((e: { id: string }) => e.id === entryId);
};

const post = async (number: string, kind: 'reply' | 'internal_note', body: string) => {
  const res = await alice.post(`/api/tenants/acme/tickets/${number}/entries`, { kind, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string };
};

describe('agent replies on chat tickets', () => {
  it("reach carol's phone as plain text, from the tenant's number; the entry shows sent", async () => {
    await carolWrites(api.rt);
    const number = await chatTicket();
    const reply = await post(number, 'reply', 'We are **on it**: restart the \\*spooler\\*.');
    await idle(api.rt);

    const items = await outboxFor(number);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      phoneNumberId: '100000001',
      to: CAROL_GRAPH_TO,
      message: { messaging_product: 'whatsapp', to: CAROL_GRAPH_TO, type: 'text', text: { body: `${number}: We are on it: restart the *spooler*.` } },
    });
    expect((await entry(number, reply.id)).delivery).toEqual({ channel: 'whatsapp', status: 'sent' });
    expect(await createWindowRepo(api.rt.db).latestAgentReplies('acme', carolContactId)).toEqual(expect.arrayContaining([{ number, at: expect.any(String) }]));
    // The customer sees the reply in the portal, but not how the channel carried it.
    const mine = (await carol.get(`/api/my/tickets/${number}`)).body;
    expect(mine.thread.find((e: { id: string }) => e.id === reply.id)).not.toHaveProperty('delivery');
  });

  it('an internal note never leaves, nor does a customer reply', async () => {
    await carolWrites(api.rt);
    const number = await chatTicket();
    const note = await post(number, 'internal_note', 'VIP, be quick');
    const mine = await carol.post(`/api/my/tickets/${number}/replies`, { body: 'Any news?' });
    expect(mine.status).toBe(201);
    await idle(api.rt);
    expect(await outboxFor(number)).toEqual([]);
    expect((await entry(number, note.id)).delivery).toBeUndefined();
    expect((await entry(number, mine.body.id)).delivery).toBeUndefined();
  });

  it('a reply on a ticket that did not come from the chat stays in the desk', async () => {
    await carolWrites(api.rt);
    const t = await createTicket(alice, 'acme', { source: 'phone', requester: { type: 'bp', bpId: 'BP-1001', contactId: carolContactId } });
    const before = (await outbox(api.rt)).length;
    const reply = await post(t.number, 'reply', 'Called you back.');
    await idle(api.rt);
    expect((await outbox(api.rt)).length).toBe(before);
    expect((await entry(t.number, reply.id)).delivery).toBeUndefined();
  });

  it('the same ticket.replied event handled twice (and twice at once) sends once', async () => {
    await carolWrites(api.rt);
    const number = await chatTicket();
    // The reply's event, kept from the bus so this test delivers it itself.
    const held: BusEvent[] = [];
    const events = { publish: async (list: BusEvent[]) => (held.push(...list), { published: list.map((e) => e.detail.eventId), failed: [] }) };
    const reply = await addEntry({ ...api.rt.deps, events }, agent, 'acme', number, { kind: 'reply', body: 'Once only' });
    const replied = held.find((e) => e.name === 'ticket.replied')!;
    expect(replied.detail.data).toMatchObject({ entryId: reply.id, kind: 'reply', authorType: 'agent' });

    const event = toEventBridgeEvent(replied);
    await invoke('functions/events/send-whatsapp-reply', event);
    await invoke('functions/events/send-whatsapp-reply', event);
    await Promise.all([invoke('functions/events/send-whatsapp-reply', event), invoke('functions/events/send-whatsapp-reply', event)]);
    await idle(api.rt);
    expect(await outboxFor(number)).toHaveLength(1);
    expect((await entry(number, reply.id)).delivery.status).toBe('sent');
  });

  it("Meta's status callbacks move the entry to delivered, then read, and never back", async () => {
    await carolWrites(api.rt);
    const number = await chatTicket();
    const reply = await post(number, 'reply', 'Status please');
    await idle(api.rt);
    const [item] = await outboxFor(number);
    const wamid = item!.id;
    const at = api.rt.clock.now().toISOString();
    const status = async (s: 'sent' | 'delivered' | 'read' | 'failed') => {
      await applyDeliveryStatus(api.rt.deps, { wamid, status: s, at, ...(s === 'failed' ? { reason: 'late failure' } : {}) });
      return (await entry(number, reply.id)).delivery;
    };
    expect(await status('sent')).toEqual({ channel: 'whatsapp', status: 'sent' });
    expect(await status('delivered')).toEqual({ channel: 'whatsapp', status: 'delivered' });
    expect(await status('sent')).toEqual({ channel: 'whatsapp', status: 'delivered' });
    expect(await status('read')).toEqual({ channel: 'whatsapp', status: 'read' });
    expect(await status('delivered')).toEqual({ channel: 'whatsapp', status: 'read' });
    expect(await status('failed')).toEqual({ channel: 'whatsapp', status: 'read' });
    // A message id not recorded: retried while the status is recent (the mapping may be on its way), then ignored.
    await expect(applyDeliveryStatus(api.rt.deps, { wamid: 'wamid.unknown', status: 'read', at })).rejects.toThrow(/recorded yet/);
    const old = new Date(Date.parse(at) - 11 * 60_000).toISOString();
    await expect(applyDeliveryStatus(api.rt.deps, { wamid: 'wamid.unknown', status: 'read', at: old })).resolves.toBeUndefined();
  });

  // Moves the runtime's clock: last in the file.
  it('after 24 hours of customer silence a reply is marked not delivered; once carol writes again, replies go out', async () => {
    await carolWrites(api.rt);
    const number = await chatTicket();
    await advanceMinutes(api.rt, 24 * 60 + 1);
    const late = await post(number, 'reply', 'Are you still there?');
    await idle(api.rt);
    expect(await outboxFor(number)).toEqual([]);
    expect((await entry(number, late.id)).delivery).toEqual({ channel: 'whatsapp', status: 'not_delivered', reason: "outside WhatsApp's 24-hour window" });

    await carolWrites(api.rt);
    const next = await post(number, 'reply', 'Welcome back');
    await idle(api.rt);
    expect(await outboxFor(number)).toHaveLength(1);
    expect((await entry(number, next.id)).delivery.status).toBe('sent');
    expect((await entry(number, late.id)).delivery.status).toBe('not_delivered');
  });
});
