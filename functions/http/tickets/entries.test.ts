// POST /api/tenants/{t}/tickets/{number}/entries over real HTTP: replies and internal notes, the
// first response, body limits, closed tickets, and updatedAt/version bookkeeping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, type Client, type SeenEvent, advanceMinutes, createTicket, expectError, idOf, idle, recordEvents, snapshot, startApi, users } from '../api-testing.ts';

let api: Api;
let ada: Client;
let alice: Client;
let events: SeenEvent[];
beforeAll(async () => {
  api = await startApi({ automation: false });
  events = recordEvents(api.rt);
  [ada, alice] = await Promise.all([api.as(users.ada), api.as(users.alice)]);
});
afterAll(async () => api.rt.stop());

const entries = (number: string, tenant = 'acme') => `/api/tenants/${tenant}/tickets/${number}/entries`;
const read = async (number: string) => (await ada.get(`/api/tenants/acme/tickets/${number}`)).body;

describe('entries: replies and notes', () => {
  it('adds a reply (201, the entry) and an internal note', async () => {
    const t = await createTicket(alice);
    const reply = await alice.post(entries(t.number), { kind: 'reply', body: 'We are **on it**.' });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      id: expect.any(String),
      kind: 'reply',
      body: 'We are **on it**.',
      author: { id: idOf(users.alice), name: 'Alice Adams', type: 'agent' },
      attachmentIds: [],
      createdAt: expect.any(String),
    });
    const note = await ada.post(entries(t.number), { kind: 'internal_note', body: 'Customer is a VIP.' });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ kind: 'internal_note', body: 'Customer is a VIP.', author: { id: idOf(users.ada), name: 'Ada Park', type: 'agent' } });
    const thread = (await read(t.number)).thread;
    expect(thread.map((e: { id: string }) => e.id).slice(1)).toEqual([reply.body.id, note.body.id]);
    expect(thread[1]).toEqual(reply.body);
  });

  it('records the canned response a reply came from', async () => {
    const t = await createTicket(alice);
    const res = await alice.post(entries(t.number), { kind: 'reply', body: 'Hello!', cannedResponseId: 'cr-greeting' });
    expect(res.status).toBe(201);
    const stored = (await read(t.number)).thread.find((e: { id: string }) => e.id === res.body.id);
    expect(stored.cannedResponseId).toBe('cr-greeting');
  });

  it('sets sla.firstRespondedAt on the first agent reply only (a note does not count)', async () => {
    const t = await createTicket(alice);
    await alice.post(entries(t.number), { kind: 'internal_note', body: 'Looking.' });
    let after = await read(t.number);
    expect(after.sla).not.toHaveProperty('firstRespondedAt');
    expect(after.version).toBe(1);

    await advanceMinutes(api.rt, 1);
    const first = await alice.post(entries(t.number), { kind: 'reply', body: 'First.' });
    after = await read(t.number);
    expect(after.sla.firstRespondedAt).toBe(first.body.createdAt);
    expect(after.version).toBe(2);

    await advanceMinutes(api.rt, 1);
    await ada.post(entries(t.number), { kind: 'reply', body: 'Second.' });
    const later = await read(t.number);
    expect(later.sla.firstRespondedAt).toBe(first.body.createdAt);
    expect(later.version).toBe(2);

    await idle(api.rt);
    const mine = events.filter((e) => e.number === t.number);
    expect(mine.map((e) => e.name)).toEqual(['ticket.created', 'ticket.replied', 'ticket.replied', 'ticket.updated', 'ticket.replied']);
    expect(mine[1]!.data).toMatchObject({ kind: 'internal_note', authorType: 'agent' });
    expect(mine[2]!.data).toEqual({ entryId: first.body.id, kind: 'reply', authorType: 'agent' });
    expect(Object.keys(mine[3]!.changes ?? {})).toEqual(['sla']);
  });

  it('moves updatedAt on every entry, and the version only when ticket fields change', async () => {
    const t = await createTicket(alice);
    await alice.post(entries(t.number), { kind: 'reply', body: 'First reply sets the SLA field.' });
    let last = await read(t.number);
    for (const kind of ['internal_note', 'reply', 'internal_note']) {
      await advanceMinutes(api.rt, 2);
      const entry = (await alice.post(entries(t.number), { kind, body: `A ${kind}` })).body;
      const now = await read(t.number);
      expect(now.updatedAt > last.updatedAt).toBe(true);
      expect(now.updatedAt).toBe(entry.createdAt);
      expect(now.version).toBe(last.version);
      last = now;
    }
    // The list follows updatedAt: the ticket is now the most recently updated.
    const top = (await alice.get('/api/tickets?limit=1')).body.items[0];
    expect(top).toMatchObject({ number: t.number, updatedAt: last.updatedAt });
  });

  it('lets an agent reply to a pending or resolved ticket without moving it', async () => {
    const t = await createTicket(alice);
    await alice.patch(`/api/tenants/acme/tickets/${t.number}`, { status: 'pending' }, 1);
    expect((await alice.post(entries(t.number), { kind: 'reply', body: 'Any news?' })).status).toBe(201);
    expect((await read(t.number)).status).toBe('pending');
    const v = (await read(t.number)).version;
    await alice.patch(`/api/tenants/acme/tickets/${t.number}`, { status: 'resolved' }, v);
    expect((await alice.post(entries(t.number), { kind: 'reply', body: 'Closing the loop.' })).status).toBe(201);
    expect((await read(t.number)).status).toBe('resolved');
  });
});

describe('entries: refused', () => {
  it('answers 413 for a body over 64 KiB and takes exactly 64 KiB', async () => {
    const t = await createTicket(alice);
    const before = await snapshot(ada, 'acme', t.number);
    expectError(await alice.post(entries(t.number), { kind: 'reply', body: 'x'.repeat(64 * 1024 + 1) }), 413, 'payload_too_large');
    expectError(await alice.post(entries(t.number), { kind: 'internal_note', body: '€'.repeat(22_000) }), 413, 'payload_too_large');
    expect(await snapshot(ada, 'acme', t.number)).toEqual(before);
    expect((await alice.post(entries(t.number), { kind: 'internal_note', body: 'x'.repeat(64 * 1024) })).status).toBe(201);
  });

  const bad: [string, unknown, string][] = [
    ['an empty body', { kind: 'reply', body: '' }, 'body'],
    ['a blank body', { kind: 'reply', body: '  \n ' }, 'body'],
    ['a missing body', { kind: 'reply' }, 'body'],
    ['a body that is not text', { kind: 'reply', body: 5 }, 'body'],
    ['a missing kind', { body: 'hi' }, 'kind'],
    ['kind system', { kind: 'system', body: 'hi' }, 'kind'],
    ['an unknown kind', { kind: 'email', body: 'hi' }, 'kind'],
    ['an unknown field', { kind: 'reply', body: 'hi', cc: 'x@y.test' }, 'cc'],
    ['attachmentIds not a list', { kind: 'reply', body: 'hi', attachmentIds: 'att_1' }, 'attachmentIds'],
  ];
  it.each(bad)('answers 400 for %s, and writes nothing', async (_name, body, field) => {
    const t = await createTicket(alice);
    const before = await snapshot(ada, 'acme', t.number);
    expectError(await alice.post(entries(t.number), body), 400, 'validation_failed', [field]);
    expect(await snapshot(ada, 'acme', t.number)).toEqual(before);
  });

  it('refuses a reply to a closed ticket with 422 but takes an internal note', async () => {
    const t = await createTicket(alice);
    await alice.patch(`/api/tenants/acme/tickets/${t.number}`, { status: 'closed' }, 1);
    const before = await snapshot(ada, 'acme', t.number);
    expectError(await alice.post(entries(t.number), { kind: 'reply', body: 'Hello?' }), 422, 'unprocessable');
    expect(await snapshot(ada, 'acme', t.number)).toEqual(before);
    expect((await alice.post(entries(t.number), { kind: 'internal_note', body: 'Noted after closing.' })).status).toBe(201);
    const after = await read(t.number);
    expect(after.thread).toHaveLength(before.thread + 1);
    expect(after.status).toBe('closed');
    // Reopened, it takes replies again.
    await alice.patch(`/api/tenants/acme/tickets/${t.number}`, { status: 'open' }, after.version);
    expect((await alice.post(entries(t.number), { kind: 'reply', body: 'Back again.' })).status).toBe(201);
  });

  it('answers 404 for an unknown or malformed number, 403 for a customer', async () => {
    expectError(await alice.post(entries('SD-09999'), { kind: 'reply', body: 'x' }), 404, 'not_found');
    expectError(await alice.post(entries('12'), { kind: 'reply', body: 'x' }), 404, 'not_found');
    const before = await snapshot(ada, 'acme', 'SD-00001');
    expectError(await (await api.as(users.carol)).post(entries('SD-00001'), { kind: 'reply', body: 'x' }), 403, 'forbidden');
    expect(await snapshot(ada, 'acme', 'SD-00001')).toEqual(before);
  });

  it('keeps every one of several concurrent entries', async () => {
    const t = await createTicket(alice);
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => alice.post(entries(t.number), { kind: 'internal_note', body: `note ${i}` })));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    const bodies = (await read(t.number)).thread.map((e: { body: string }) => e.body);
    for (let i = 0; i < 6; i++) expect(bodies).toContain(`note ${i}`);
  });
});
