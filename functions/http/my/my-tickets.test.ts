// The customer portal (/api/my/...) over real HTTP: the partner's tickets only, create, the
// customer's view of a ticket, reply, close, reopen, and the reopen window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, type Client, advanceMinutes, clientWith, createTicket, expectError, idOf, listAll, snapshot, startApi, upload, users } from '../api-testing.ts';

let api: Api;
let ada: Client;
let alice: Client;
let carol: Client;
let dave: Client;
beforeAll(async () => {
  api = await startApi({ automation: false });
  [ada, alice, carol, dave] = await Promise.all([api.as(users.ada), api.as(users.alice), api.as(users.carol), api.as(users.dave)]);
});
afterAll(async () => api.rt.stop());

type MyItem = { number: string; subject: string; status: string; priority: string; updatedAt: string };

const CAROL_SEED = ['SD-00001', 'SD-00003', 'SD-00005', 'SD-00010', 'SD-00012'];
const DAVE_SEED = ['SD-00002', 'SD-00004', 'SD-00006', 'SD-00009'];
const MY_TICKET_KEYS = ['attachments', 'createdAt', 'description', 'number', 'priority', 'status', 'subject', 'thread', 'updatedAt'];

/** A customer signed in with the given claims (the local issuer, as Cognito would issue them). */
function customer(email: string, claims: Record<string, string>): Client {
  const token = api.rt.issuer.sign({ sub: idOf(email), name: email, email, 'cognito:groups': ['service-desk-customer'], 'custom:tenants': 'acme', ...claims });
  return clientWith(api.rt, token, email);
}

const my = (number: string) => `/api/my/tickets/${number}`;
const internal = (number: string) => `/api/tenants/acme/tickets/${number}`;
const agentRead = async (number: string) => (await ada.get(internal(number))).body;

async function setStatus(number: string, status: string) {
  const { version } = await agentRead(number);
  const res = await ada.patch(internal(number), { status }, version);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

describe('my tickets: the list', () => {
  it('answers the partner’s tickets only, including those agents created for it, newest update first', async () => {
    const forCarol = await createTicket(alice, 'acme', { subject: 'Raised by an agent for Northwind', requester: { type: 'bp', bpId: 'BP-1001' } });
    const viaMerged = await createTicket(alice, 'acme', { subject: 'Raised for the merged account', requester: { type: 'bp', bpId: 'BP-1004' } });
    const forDave = await createTicket(alice, 'acme', { subject: 'Raised for Contoso', requester: { type: 'bp', bpId: 'BP-1002' } });

    const mine = await listAll<MyItem>(carol, '/api/my/tickets');
    expect(mine.map((i) => i.number).sort()).toEqual([...CAROL_SEED, forCarol.number, viaMerged.number].sort());
    for (let i = 1; i < mine.length; i++) expect(mine[i - 1]!.updatedAt >= mine[i]!.updatedAt).toBe(true);
    for (const item of mine) expect(Object.keys(item).sort()).toEqual(['number', 'priority', 'status', 'subject', 'updatedAt']);

    const daves = await listAll<MyItem>(dave, '/api/my/tickets');
    expect(daves.map((i) => i.number).sort()).toEqual([...DAVE_SEED, forDave.number].sort());
  });

  it('pages by cursor, each ticket once, and refuses a bad limit or cursor', async () => {
    const all = (await listAll<MyItem>(carol, '/api/my/tickets')).map((i) => i.number);
    expect((await listAll<MyItem>(carol, '/api/my/tickets', 2)).map((i) => i.number)).toEqual(all);
    expectError(await carol.get('/api/my/tickets?limit=101'), 400, 'validation_failed', [/limit/]);
    expectError(await carol.get('/api/my/tickets?cursor=garbage'), 400, 'validation_failed', [/cursor/]);
    // A cursor of the internal list, or of another partner's list, is not one of this list's.
    const internalCursor = (await ada.get('/api/tickets?limit=2')).body.nextCursor;
    expectError(await carol.get(`/api/my/tickets?cursor=${encodeURIComponent(internalCursor)}`), 400, 'validation_failed', [/cursor/]);
    const davesCursor = (await dave.get('/api/my/tickets?limit=1')).body.nextCursor;
    expectError(await carol.get(`/api/my/tickets?cursor=${encodeURIComponent(davesCursor)}`), 400, 'validation_failed', [/cursor/]);
  });

  it('follows a customer signed in by contact, or by a merged partner, to the surviving partner', async () => {
    const byContact = customer('pat@customer.test', { 'custom:contact_id': 'C-1001' });
    const byMerged = customer('old@customer.test', { 'custom:bp_id': 'BP-1004' });
    const carols = (await listAll<MyItem>(carol, '/api/my/tickets')).map((i) => i.number).sort();
    expect((await listAll<MyItem>(byContact, '/api/my/tickets')).map((i) => i.number).sort()).toEqual(carols);
    expect((await listAll<MyItem>(byMerged, '/api/my/tickets')).map((i) => i.number).sort()).toEqual(carols);
    expect((await byMerged.get(my('SD-00001'))).status).toBe(200);
    expectError(await byMerged.get(my('SD-00002')), 404, 'not_found');
  });

  it('answers 403 to agents and admins on every portal route', async () => {
    for (const client of [alice, ada]) {
      expectError(await client.get('/api/my/tickets'), 403, 'forbidden');
      expectError(await client.post('/api/my/tickets', { subject: 'x', description: 'y' }), 403, 'forbidden');
      expectError(await client.get(my('SD-00001')), 403, 'forbidden');
      expectError(await client.post(`${my('SD-00001')}/replies`, { body: 'x' }), 403, 'forbidden');
      expectError(await client.post(`${my('SD-00001')}/close`), 403, 'forbidden');
      expectError(await client.post(`${my('SD-00001')}/reopen`), 403, 'forbidden');
      expectError(await client.post('/api/my/attachments', { fileName: 'a.png', contentType: 'image/png', size: 1 }), 403, 'forbidden');
    }
    expect((await fetch(`${api.rt.url}/api/my/tickets`)).status).toBe(401);
  });
});

describe('my tickets: create', () => {
  it('creates a portal ticket for the caller’s partner and answers it as MyTicket', async () => {
    const res = await carol.post('/api/my/tickets', { subject: '  Cannot download my invoice  ', description: 'The link says *expired*.' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(MY_TICKET_KEYS);
    expect(res.body).toMatchObject({ subject: 'Cannot download my invoice', description: 'The link says *expired*.', status: 'open', priority: 'medium', thread: [], attachments: [] });
    const stored = await agentRead(res.body.number);
    expect(stored).toMatchObject({ source: 'portal', fromChat: false, requester: { type: 'bp', bpId: 'BP-1001' } });
    expect(stored.thread.map((e: { kind: string }) => e.kind)).toEqual(['system']);
    expect((await listAll<MyItem>(carol, '/api/my/tickets')).map((i) => i.number)).toContain(res.body.number);
    expect((await listAll<MyItem>(dave, '/api/my/tickets')).map((i) => i.number)).not.toContain(res.body.number);
  });

  it('carries the contact of a customer signed in by contact', async () => {
    const byContact = customer('pat@customer.test', { 'custom:contact_id': 'C-1001' });
    const res = await byContact.post('/api/my/tickets', { subject: 'Via contact', description: 'x' });
    expect(res.status).toBe(201);
    expect((await agentRead(res.body.number)).requester).toEqual({ type: 'bp', bpId: 'BP-1001', contactId: 'C-1001' });
  });

  it('resolves a merged partner to its survivor, and refuses a closed partner with 422', async () => {
    const merged = await customer('old@customer.test', { 'custom:bp_id': 'BP-1004' }).post('/api/my/tickets', { subject: 'Old account', description: 'x' });
    expect(merged.status).toBe(201);
    expect((await agentRead(merged.body.number)).requester).toMatchObject({ type: 'bp', bpId: 'BP-1001' });
    const closed = customer('fab@customer.test', { 'custom:bp_id': 'BP-1003' });
    const res = await closed.post('/api/my/tickets', { subject: 'Closed partner', description: 'x' });
    expectError(res, 422, 'unprocessable');
    expect(res.body.error.message).toMatch(/BP-1003|Fabrikam/);
  });

  const bad: [string, unknown, number, string | RegExp][] = [
    ['an empty subject', { subject: ' ', description: 'x' }, 400, 'subject'],
    ['a 201-character subject', { subject: 'x'.repeat(201), description: 'x' }, 400, 'subject'],
    ['a missing description', { subject: 'x' }, 400, 'description'],
    ['a priority (internal)', { subject: 'x', description: 'y', priority: 'urgent' }, 400, 'priority'],
    ['a requester (from the token only)', { subject: 'x', description: 'y', requester: { type: 'bp', bpId: 'BP-1002' } }, 400, 'requester'],
    ['a queue (internal)', { subject: 'x', description: 'y', queueId: 'q-acme-billing' }, 400, 'queueId'],
    ['a description over 64 KiB', { subject: 'x', description: 'x'.repeat(64 * 1024 + 1) }, 413, /.*/],
  ];
  it.each(bad)('refuses %s', async (_name, body, status, field) => {
    const before = (await listAll<MyItem>(carol, '/api/my/tickets')).length;
    expectError(await carol.post('/api/my/tickets', body), status, undefined, status === 400 ? [field] : []);
    expect((await listAll<MyItem>(carol, '/api/my/tickets')).length).toBe(before);
  });
});

describe('my tickets: the customer’s view', () => {
  it('shows replies only, the request’s and replies’ files, and no internals', async () => {
    const request = await upload(carol, 'my', { fileName: 'invoice.pdf', contentType: 'application/pdf' });
    const created = await carol.post('/api/my/tickets', { subject: 'Wrong amount on invoice', description: 'See attached.', attachmentIds: [request.attachmentId] });
    expect(created.status).toBe(201);
    const number = created.body.number as string;
    expect(created.body.attachments.map((a: { id: string }) => a.id)).toEqual([request.attachmentId]);

    const noteFile = await upload(alice, 'acme', { fileName: 'internal.txt', contentType: 'text/plain' });
    const replyFile = await upload(alice, 'acme', { fileName: 'corrected.pdf', contentType: 'application/pdf' });
    const note = await alice.post(`${internal(number)}/entries`, { kind: 'internal_note', body: 'SECRET: customer owes us money', attachmentIds: [noteFile.attachmentId] });
    const reply = await alice.post(`${internal(number)}/entries`, { kind: 'reply', body: 'Here is the corrected invoice.', attachmentIds: [replyFile.attachmentId] });
    expect([note.status, reply.status]).toEqual([201, 201]);
    const { version } = await agentRead(number);
    await alice.patch(internal(number), { status: 'pending', assigneeId: idOf(users.alice), queueId: 'q-acme-billing', tags: ['vip'] }, version);

    const res = await carol.get(my(number));
    expect(res.status).toBe(200);
    const t = res.body;
    expect(Object.keys(t).sort()).toEqual(MY_TICKET_KEYS);
    expect(t).toMatchObject({ number, subject: 'Wrong amount on invoice', status: 'pending' });
    expect(t.thread).toHaveLength(1);
    expect(t.thread[0]).toMatchObject({ id: reply.body.id, kind: 'reply', body: 'Here is the corrected invoice.', author: { type: 'agent' }, attachmentIds: [replyFile.attachmentId] });
    expect(JSON.stringify(t)).not.toContain('SECRET');
    expect(JSON.stringify(t)).not.toContain(noteFile.attachmentId);
    expect(JSON.stringify(t)).not.toContain('q-acme-billing');
    expect(t.attachments.map((a: { id: string }) => a.id).sort()).toEqual([request.attachmentId, replyFile.attachmentId].sort());
    // The customer's signed URLs download the files.
    const pdf = t.attachments.find((a: { id: string }) => a.id === request.attachmentId);
    const download = await fetch(pdf.downloadUrl);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(request.data)).toBe(true);
  });

  it('shows a seeded ticket with its agent reply and without its internal note', async () => {
    const t = (await carol.get(my('SD-00001'))).body;
    expect(t.thread.map((e: { kind: string; body: string }) => [e.kind, e.body])).toEqual([['reply', 'Thanks Carol, we are looking into the double charge.']]);
  });

  it('answers 404 for an unknown or malformed number', async () => {
    for (const n of ['SD-09999', 'nope', '1', 'SD-1']) expectError(await carol.get(my(n)), 404, 'not_found');
  });
});

describe('my tickets: reply, close, reopen', () => {
  it('adds a reply (201, a customer entry) that moves a pending ticket to open', async () => {
    const t = await createTicket(alice, 'acme', { requester: { type: 'bp', bpId: 'BP-1001' } });
    await setStatus(t.number, 'pending');
    const before = await agentRead(t.number);
    const res = await carol.post(`${my(t.number)}/replies`, { body: 'Here is the info you asked for.' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      kind: 'reply',
      body: 'Here is the info you asked for.',
      author: { id: idOf(users.carol), name: 'Carol Chen', type: 'customer' },
      attachmentIds: [],
      createdAt: expect.any(String),
    });
    const after = await agentRead(t.number);
    expect(after.status).toBe('open');
    expect(after.version).toBe(before.version + 1);
    expect(after.thread.at(-1)).toEqual(res.body);
    // A customer reply is not a first response.
    expect(after.sla).not.toHaveProperty('firstRespondedAt');
  });

  it('moves a resolved ticket back to open with a reply, and leaves an open one open', async () => {
    const t = await createTicket(alice, 'acme', { requester: { type: 'bp', bpId: 'BP-1001' } });
    await setStatus(t.number, 'resolved');
    expect((await carol.post(`${my(t.number)}/replies`, { body: 'Still broken.' })).status).toBe(201);
    const reopened = await agentRead(t.number);
    expect(reopened.status).toBe('open');
    expect(reopened.sla).not.toHaveProperty('resolvedAt');
    const v = reopened.version;
    expect((await carol.post(`${my(t.number)}/replies`, { body: 'And more.' })).status).toBe(201);
    expect(await agentRead(t.number)).toMatchObject({ status: 'open', version: v });
  });

  it('takes the customer’s own uploads on a reply, and refuses others’ files with 422', async () => {
    const t = await createTicket(alice, 'acme', { requester: { type: 'bp', bpId: 'BP-1001' } });
    const mine = await upload(carol, 'my', { fileName: 'photo.jpg', contentType: 'image/jpeg' });
    const res = await carol.post(`${my(t.number)}/replies`, { body: 'Photo attached.', attachmentIds: [mine.attachmentId] });
    expect(res.status).toBe(201);
    expect(res.body.attachmentIds).toEqual([mine.attachmentId]);
    expect((await carol.get(my(t.number))).body.attachments.map((a: { id: string }) => a.id)).toEqual([mine.attachmentId]);

    const before = await snapshot(ada, 'acme', t.number);
    const daves = await upload(dave, 'my');
    const agents = await upload(alice, 'acme');
    expectError(await carol.post(`${my(t.number)}/replies`, { body: 'x', attachmentIds: [daves.attachmentId] }), 422, 'unprocessable', [/^attachmentIds/]);
    expectError(await carol.post(`${my(t.number)}/replies`, { body: 'x', attachmentIds: [agents.attachmentId] }), 422, 'unprocessable', [/^attachmentIds/]);
    expectError(await carol.post('/api/my/tickets', { subject: 'x', description: 'y', attachmentIds: [daves.attachmentId] }), 422, 'unprocessable', [/^attachmentIds/]);
    expect(await snapshot(ada, 'acme', t.number)).toEqual(before);
  });

  it('refuses bad replies: empty body 400, over 64 KiB 413, unknown field 400', async () => {
    const before = await snapshot(ada, 'acme', 'SD-00005');
    expectError(await carol.post(`${my('SD-00005')}/replies`, { body: '  ' }), 400, 'validation_failed', ['body']);
    expectError(await carol.post(`${my('SD-00005')}/replies`, {}), 400, 'validation_failed', ['body']);
    expectError(await carol.post(`${my('SD-00005')}/replies`, { body: 'x', kind: 'internal_note' }), 400, 'validation_failed', ['kind']);
    expectError(await carol.post(`${my('SD-00005')}/replies`, { body: 'x'.repeat(64 * 1024 + 1) }), 413, 'payload_too_large');
    expect(await snapshot(ada, 'acme', 'SD-00005')).toEqual(before);
  });

  it('moves a pending ticket to open once when two replies arrive together', async () => {
    const t = await createTicket(alice, 'acme', { requester: { type: 'bp', bpId: 'BP-1001' } });
    await setStatus(t.number, 'pending');
    const before = await agentRead(t.number);
    const results = await Promise.all([carol.post(`${my(t.number)}/replies`, { body: 'one' }), carol.post(`${my(t.number)}/replies`, { body: 'two' })]);
    expect(results.map((r) => r.status)).toEqual([201, 201]);
    const after = await agentRead(t.number);
    expect(after).toMatchObject({ status: 'open', version: before.version + 1 });
    expect(after.thread.map((e: { body: string }) => e.body)).toEqual(expect.arrayContaining(['one', 'two']));
  });

  it('closes the ticket (200, MyTicket), refuses replies to it (422), and reopens it', async () => {
    const t = await createTicket(alice, 'acme', { requester: { type: 'bp', bpId: 'BP-1001' } });
    const closed = await carol.post(`${my(t.number)}/close`);
    expect(closed.status).toBe(200);
    expect(Object.keys(closed.body).sort()).toEqual(MY_TICKET_KEYS);
    expect(closed.body.status).toBe('closed');
    const stored = await agentRead(t.number);
    expect(stored.status).toBe('closed');
    expect(stored.thread.at(-1)).toMatchObject({ kind: 'system' });

    const before = await snapshot(ada, 'acme', t.number);
    expectError(await carol.post(`${my(t.number)}/replies`, { body: 'One more thing' }), 422, 'unprocessable');
    expect(await snapshot(ada, 'acme', t.number)).toEqual(before);

    const reopened = await carol.post(`${my(t.number)}/reopen`);
    expect(reopened.status).toBe(200);
    expect(reopened.body.status).toBe('open');
    expect((await agentRead(t.number)).version).toBe(before.version + 1);
    expect((await carol.post(`${my(t.number)}/replies`, { body: 'One more thing' })).status).toBe(201);
  });

  it('closes a pending or resolved ticket, and reopens a resolved one', async () => {
    const a = await createTicket(alice, 'acme', { requester: { type: 'bp', bpId: 'BP-1001' } });
    await setStatus(a.number, 'pending');
    expect((await carol.post(`${my(a.number)}/close`)).body.status).toBe('closed');
    const b = await createTicket(alice, 'acme', { requester: { type: 'bp', bpId: 'BP-1001' } });
    await setStatus(b.number, 'resolved');
    expect((await carol.post(`${my(b.number)}/reopen`)).body.status).toBe('open');
  });
});

describe('my tickets: the reopen window (14 days by default)', () => {
  it('lets the customer reopen or reply within the window, counted from the last move to resolved or closed; not after', async () => {
    const mk = async () => (await createTicket(alice, 'acme', { requester: { type: 'bp', bpId: 'BP-1001' } })).number;
    const [replyLate, reopenLate, closedLate, reopenInTime, closedLater, agentReopens] = [await mk(), await mk(), await mk(), await mk(), await mk(), await mk()];
    for (const n of [replyLate, reopenLate, reopenInTime, closedLater, agentReopens]) await setStatus(n, 'resolved');
    await setStatus(closedLate, 'closed');

    await advanceMinutes(api.rt, 13 * 24 * 60);
    expect((await carol.post(`${my(reopenInTime)}/reopen`)).status).toBe(200);
    await setStatus(closedLater, 'closed'); // the last move is now, 13 days in

    await advanceMinutes(api.rt, 24 * 60 + 1); // 14 days and a minute after the first moves
    for (const n of [replyLate, reopenLate, closedLate, agentReopens]) {
      const before = await snapshot(ada, 'acme', n);
      expectError(await carol.post(`${my(n)}/reopen`), 422, 'unprocessable');
      expect(await snapshot(ada, 'acme', n)).toEqual(before);
    }
    const before = await snapshot(ada, 'acme', replyLate);
    expectError(await carol.post(`${my(replyLate)}/replies`, { body: 'Is this still fixed?' }), 422, 'unprocessable');
    expect(await snapshot(ada, 'acme', replyLate)).toEqual(before);
    expectError(await carol.post(`${my(closedLate)}/replies`, { body: 'Hello?' }), 422, 'unprocessable');

    // Closed 1 day ago: still within its window.
    expect((await carol.post(`${my(closedLater)}/reopen`)).body.status).toBe('open');
    // Agents reopen whenever.
    await setStatus(agentReopens, 'open');
    expect((await carol.get(my(agentReopens))).body.status).toBe('open');
    // Closing is always possible.
    expect((await carol.post(`${my(reopenLate)}/close`)).body.status).toBe('closed');
  });
});
