/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies of the API under test */
// The WhatsApp channel where product time matters, on a runtime of its own (the clock is process
// wide and only moves forward, so the tests run in order): the 30-minute idle wait, two-way chat
// and its 24 hours, and the expiry of message ids (housekeeping removes records older than 7 days).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createIdempotencyRepo } from '../../shared/platform/idempotency.ts';
import { messagePayload } from '../../shared/whatsapp/webhook.ts';
import { type Api, type Client, advanceMinutes, startApi, users } from '../http/api-testing.ts';
import { CAROL_PHONE as CAROL, type OutboxItem, bodyOf, newReplies as newRepliesOf, postWebhook } from '../http/whatsapp-testing.ts';

let api: Api;
let alice: Client;
/** The outbox items since the last call. */
let newReplies: () => Promise<OutboxItem[]>;
beforeAll(async () => {
  api = await startApi();
  alice = await api.as(users.alice);
  newReplies = newRepliesOf(api.rt);
});
afterAll(async () => api.rt.stop());

beforeEach(async () => {
  await newReplies();
});

let n = 0;
/** Meta posting one message (with a given id, to post it again); answers the replies it caused. */
async function say(content: { text: string } | { listReplyId: string }, id = `wamid.time.${++n}`): Promise<OutboxItem[]> {
  const raw = JSON.stringify(messagePayload({ phoneNumberId: '100000001', from: CAROL, id, at: api.rt.clock.now(), ...content }));
  expect((await postWebhook(api.rt, raw)).status).toBe(200);
  return newReplies();
}
const text = (t: string) => say({ text: t });

async function createChatTicket(subject: string): Promise<string> {
  await say({ listReplyId: 'support.create_ticket' });
  return /SD-\d{5,}/.exec(bodyOf((await text(subject))[0]))![0];
}
const ticket = async (number: string) => (await alice.get(`/api/tenants/acme/tickets/${number}`)).body;
const customerReplies = async (number: string) => (await ticket(number)).thread.filter((e: any) => e.kind === 'reply' && e.author.type === 'customer').map((e: any) => e.body);

describe('the idle wait', () => {
  it('a skill waits 30 minutes for its answer, then reads the text afresh', async () => {
    expect(bodyOf((await say({ listReplyId: 'support.create_ticket' }))[0])).toMatch(/describe your problem/);
    await advanceMinutes(api.rt, 29);
    expect(bodyOf((await text('Scanner offline'))[0])).toMatch(/We opened ticket SD-\d+/);

    expect(bodyOf((await say({ listReplyId: 'support.create_ticket' }))[0])).toMatch(/describe your problem/);
    await advanceMinutes(api.rt, 31);
    const late = await text('Scanner offline again');
    expect(late[0]!.message.type).toBe('interactive');
  });
});

describe('two-way chat', () => {
  it('after an agent reply, free text lands on that ticket as a customer reply (reopening it); menu still opens the menu', async () => {
    const number = await createChatTicket('Wifi drops in the east wing');
    const reply = await alice.post(`/api/tenants/acme/tickets/${number}/entries`, { kind: 'reply', body: 'Which access point are you near?' });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const out = await newReplies();
    expect(out.map(bodyOf).join('\n')).toContain('Which access point are you near?');

    expect(await text('The one by the kitchen, AP-7')).toEqual([]);
    expect(await customerReplies(number)).toEqual(['The one by the kitchen, AP-7']);

    expect((await text('menu'))[0]!.message.type).toBe('interactive');
    expect(await customerReplies(number)).toHaveLength(1);

    // A reply to a pending ticket moves it back to open, as the portal's does.
    const { version } = await ticket(number);
    expect((await alice.patch(`/api/tenants/acme/tickets/${number}`, { status: 'pending' }, version)).status).toBe(200);
    await text('Any news?');
    expect((await ticket(number)).status).toBe('open');
    expect(await customerReplies(number)).toEqual(['The one by the kitchen, AP-7', 'Any news?']);
  });

  it('after 24 hours of agent silence free text opens the menu instead', async () => {
    const number = await createChatTicket('Printer toner empty');
    expect((await alice.post(`/api/tenants/acme/tickets/${number}/entries`, { kind: 'reply', body: 'Ordered new toner.' })).status).toBe(201);
    await newReplies();
    await advanceMinutes(api.rt, 24 * 60 + 1);
    const replies = await text('Has it arrived?');
    expect(replies[0]!.message.type).toBe('interactive');
    expect(await customerReplies(number)).toEqual([]);
  });
});

describe('message ids expire after 7 days', () => {
  it('housekeeping removes records older than 7 days and keeps newer ones', async () => {
    const scope = 'whatsapp-message';
    const oldId = 'wamid.time.old';
    const newId = 'wamid.time.new';
    const oldAt = api.rt.clock.now();
    expect(await say({ text: 'menu' }, oldId)).toHaveLength(1);
    await advanceMinutes(api.rt, 5 * 24 * 60);
    const newAt = api.rt.clock.now();
    expect(await say({ text: 'menu' }, newId)).toHaveLength(1);
    await advanceMinutes(api.rt, 3 * 24 * 60);

    const run = await fetch(`${api.rt.url}/dev/schedules/housekeeping/run`, { method: 'POST' });
    expect(run.status).toBe(200);
    expect(((await run.json()) as any).result.expiredRecords).toBeGreaterThanOrEqual(1);

    // Claiming at a time both records were still valid tells which one is still stored.
    const records = createIdempotencyRepo(api.rt.db);
    const probe = async (id: string, at: Date) => {
      const free = await records.claim(scope, id, new Date(at.getTime() + 60_000), 60);
      if (free) await records.release(scope, id);
      return free ? 'removed' : 'kept';
    };
    expect(await probe(oldId, oldAt)).toBe('removed');
    expect(await probe(newId, newAt)).toBe('kept');

    // Meta redelivering the newer message still changes nothing.
    expect(await say({ text: 'menu' }, newId)).toEqual([]);
  });
});
