// The isolation matrix over real HTTP: for every ticket route, a user of another tenant, a customer
// of another tenant and a customer of another partner get 404 (403 on the other surface), and
// nothing is written — checked by reading the ticket back as an admin of its tenant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, type Client, createTicket, expectError, idOf, listAll, snapshot, startApi, ticketInput, upload, users } from '../api-testing.ts';

let api: Api;
let ada: Client;
let alice: Client;
/** Carol's (BP-1001) acme tickets in each status, numbered beyond globex's 12. */
const carols: Record<'open' | 'pending' | 'resolved' | 'closed', string> = { open: '', pending: '', resolved: '', closed: '' };
let globexTicket = '';

beforeAll(async () => {
  api = await startApi();
  [ada, alice] = await Promise.all([api.as(users.ada), api.as(users.alice)]);
  for (const status of ['open', 'pending', 'resolved', 'closed'] as const) {
    const t = await createTicket(alice, 'acme', { subject: `Isolation target ${status}`, requester: { type: 'bp', bpId: 'BP-1001' } });
    await alice.post(`/api/tenants/acme/tickets/${t.number}/entries`, { kind: 'reply', body: 'An agent reply.' });
    await alice.post(`/api/tenants/acme/tickets/${t.number}/entries`, { kind: 'internal_note', body: 'A note.' });
    if (status !== 'open') {
      const { version } = (await ada.get(`/api/tenants/acme/tickets/${t.number}`)).body;
      expect((await ada.patch(`/api/tenants/acme/tickets/${t.number}`, { status }, version)).status).toBe(200);
    }
    carols[status] = t.number;
  }
  // Not Erin's: globex has a ticket of this number too, of another partner.
  globexTicket = (await createTicket(ada, 'globex', { subject: 'Globex isolation target', requester: { type: 'bp', bpId: 'BP-2002' } })).number;
});
afterAll(async () => api.rt.stop());

type Attempt = { name: string; method: string; path: string; body?: unknown; headers?: Record<string, string>; writes: boolean };

async function internalAttempts(tenant: string, number: string): Promise<Attempt[]> {
  // Ada administers both tenants: the current version, so that a missing check would write.
  const { version } = (await ada.get(`/api/tenants/${tenant}/tickets/${number}`)).body;
  const base = `/api/tenants/${tenant}`;
  return [
    { name: 'GET ticket', method: 'GET', path: `${base}/tickets/${number}`, writes: false },
    { name: 'PATCH status', method: 'PATCH', path: `${base}/tickets/${number}`, body: { status: 'closed' }, headers: { 'if-match': String(version) }, writes: true },
    { name: 'PATCH assignee', method: 'PATCH', path: `${base}/tickets/${number}`, body: { assigneeId: null, priority: 'urgent', subject: 'Hijacked' }, headers: { 'if-match': String(version) }, writes: true },
    { name: 'PATCH without If-Match', method: 'PATCH', path: `${base}/tickets/${number}`, body: { priority: 'low' }, writes: true },
    { name: 'POST reply', method: 'POST', path: `${base}/tickets/${number}/entries`, body: { kind: 'reply', body: 'Injected reply' }, writes: true },
    { name: 'POST note', method: 'POST', path: `${base}/tickets/${number}/entries`, body: { kind: 'internal_note', body: 'Injected note' }, writes: true },
    { name: 'POST bad entry', method: 'POST', path: `${base}/tickets/${number}/entries`, body: { kind: 'nope' }, writes: true },
  ];
}

function portalAttempts(number: string): Attempt[] {
  return [
    { name: 'GET my ticket', method: 'GET', path: `/api/my/tickets/${number}`, writes: false },
    { name: 'POST reply', method: 'POST', path: `/api/my/tickets/${number}/replies`, body: { body: 'Injected customer reply' }, writes: true },
    { name: 'POST close', method: 'POST', path: `/api/my/tickets/${number}/close`, body: {}, writes: true },
    { name: 'POST reopen', method: 'POST', path: `/api/my/tickets/${number}/reopen`, body: {}, writes: true },
  ];
}

/** Runs each attempt, expects `status`, and checks the ticket is unchanged afterwards. */
async function expectRefused(client: Client, attempts: Attempt[], status: number, target: { tenant: string; number: string }) {
  const before = await snapshot(ada, target.tenant, target.number);
  for (const a of attempts) {
    const res = await client.call(a.method, a.path, a.body, a.headers);
    expect({ attempt: `${client.email} ${a.name} ${a.path}`, status: res.status }).toEqual({ attempt: `${client.email} ${a.name} ${a.path}`, status });
    expectError(res, status);
    // Nothing about the ticket leaks into the refusal.
    expect(JSON.stringify(res.body)).not.toContain('Isolation target');
    expect(JSON.stringify(res.body)).not.toContain('A note.');
  }
  expect(await snapshot(ada, target.tenant, target.number)).toEqual(before);
}

describe('an agent of another tenant', () => {
  it('gets 404 on every internal route of an acme ticket, and nothing is written', async () => {
    const gina = await api.as(users.gina);
    for (const number of [...Object.values(carols), 'SD-00001', 'SD-00002']) {
      await expectRefused(gina, await internalAttempts('acme', number), 404, { tenant: 'acme', number });
    }
  });

  it('gets 404 creating tickets or attachments in acme, and no number is used', async () => {
    const gina = await api.as(users.gina);
    const before = (await listAll(ada, '/api/tickets?tenant=acme')).length;
    expectError(await gina.post('/api/tenants/acme/tickets', ticketInput()), 404, 'not_found');
    expectError(await gina.post('/api/tenants/acme/tickets', ticketInput({ requester: { type: 'bp', bpId: 'BP-2001' } })), 404, 'not_found');
    expectError(await gina.post('/api/tenants/acme/attachments', { fileName: 'a.png', contentType: 'image/png', size: 1 }), 404, 'not_found');
    expect((await listAll(ada, '/api/tickets?tenant=acme')).length).toBe(before);
  });

  it('gets 403 on the portal routes', async () => {
    const gina = await api.as(users.gina);
    await expectRefused(gina, portalAttempts(carols.open), 403, { tenant: 'acme', number: carols.open });
  });

  it('sees no acme ticket through the list, by filter or by search', async () => {
    const gina = await api.as(users.gina);
    expectError(await gina.get('/api/tickets?tenant=acme'), 404, 'not_found');
    for (const q of ['', `?q=${carols.open}`, '?q=isolation', '?q=invoice', '?queue=q-acme-general']) {
      const items = await listAll<{ tenantId: string }>(gina, `/api/tickets${q}`);
      expect(items.every((i) => i.tenantId === 'globex'), q).toBe(true);
    }
  });

  it('works the other way round: an acme-only agent gets 404 on a globex ticket', async () => {
    await expectRefused(alice, await internalAttempts('globex', globexTicket), 404, { tenant: 'globex', number: globexTicket });
    await expectRefused(alice, await internalAttempts('globex', 'SD-00001'), 404, { tenant: 'globex', number: 'SD-00001' });
  });

  it('gets 404 for a tenant id spelled differently', async () => {
    const gina = await api.as(users.gina);
    for (const t of ['ACME', 'acme ', 'acme,globex', '*']) expectError(await gina.get(`/api/tenants/${encodeURIComponent(t)}/tickets/SD-00001`), 404);
  });

  it('(control) an agent of both tenants reads both', async () => {
    const max = await api.as(users.max);
    expect((await max.get(`/api/tenants/acme/tickets/${carols.open}`)).status).toBe(200);
    expect((await max.get(`/api/tenants/globex/tickets/${globexTicket}`)).status).toBe(200);
  });
});

describe('a customer of another tenant (Erin, globex)', () => {
  it('gets 403 on every internal route of an acme ticket, and nothing is written', async () => {
    const erin = await api.as(users.erin);
    await expectRefused(erin, await internalAttempts('acme', carols.pending), 403, { tenant: 'acme', number: carols.pending });
    expectError(await erin.post('/api/tenants/acme/tickets', ticketInput()), 403);
    expectError(await erin.post('/api/tenants/acme/attachments', { fileName: 'a.png', contentType: 'image/png', size: 1 }), 403);
  });

  it('gets 404 on every portal route for the numbers of Carol’s acme tickets, and nothing is written', async () => {
    const erin = await api.as(users.erin);
    const globexBefore = await snapshot(ada, 'globex', globexTicket);
    for (const status of ['open', 'pending', 'resolved', 'closed'] as const) {
      await expectRefused(erin, portalAttempts(carols[status]), 404, { tenant: 'acme', number: carols[status] });
    }
    // Nor did the same numbers in her own tenant (another partner's tickets) change.
    expect(await snapshot(ada, 'globex', globexTicket)).toEqual(globexBefore);
  });

  it('reads her own tenant’s ticket of the same number, never the acme one', async () => {
    const erin = await api.as(users.erin);
    const res = await erin.get('/api/my/tickets/SD-00001');
    expect(res.status).toBe(200);
    expect(res.body.subject).toBe('Scanner on floor 3 jams');
    const list = await listAll<{ number: string; subject: string }>(erin, '/api/my/tickets');
    expect(list.some((i) => i.subject.startsWith('Isolation target'))).toBe(false);
    expect(list.some((i) => i.subject === 'Invoice 2026-114 charged twice')).toBe(false);
  });
});

describe('a customer of another partner (Dave on Carol’s tickets)', () => {
  it('gets 404 on every portal route, whatever the status, and nothing is written', async () => {
    const dave = await api.as(users.dave);
    for (const status of ['open', 'pending', 'resolved', 'closed'] as const) {
      await expectRefused(dave, portalAttempts(carols[status]), 404, { tenant: 'acme', number: carols[status] });
    }
    for (const number of ['SD-00001', 'SD-00003', 'SD-00007', 'SD-00008']) {
      await expectRefused(dave, portalAttempts(number), 404, { tenant: 'acme', number });
    }
  });

  it('gets 403 on the internal routes', async () => {
    const dave = await api.as(users.dave);
    await expectRefused(dave, await internalAttempts('acme', carols.open), 403, { tenant: 'acme', number: carols.open });
  });

  it('does not see them in his list', async () => {
    const dave = await api.as(users.dave);
    const list = await listAll<{ number: string }>(dave, '/api/my/tickets');
    for (const number of [...Object.values(carols), 'SD-00001', 'SD-00003', 'SD-00005', 'SD-00010', 'SD-00012']) expect(list.map((i) => i.number)).not.toContain(number);
  });

  it('cannot put Carol’s upload on his ticket, nor she his', async () => {
    const dave = await api.as(users.dave);
    const carol = await api.as(users.carol);
    const carolsFile = await upload(carol, 'my');
    const before = await snapshot(ada, 'acme', 'SD-00009');
    expectError(await dave.post('/api/my/tickets/SD-00009/replies', { body: 'x', attachmentIds: [carolsFile.attachmentId] }), 422);
    expect(await snapshot(ada, 'acme', 'SD-00009')).toEqual(before);
    // Still hers to use.
    expect((await carol.post(`/api/my/tickets/${carols.open}/replies`, { body: 'mine', attachmentIds: [carolsFile.attachmentId] })).status).toBe(201);
  });

  it('(control) Carol reaches her own tickets', async () => {
    const carol = await api.as(users.carol);
    for (const number of Object.values(carols)) expect((await carol.get(`/api/my/tickets/${number}`)).status).toBe(200);
    expect((await carol.get(`/api/my/tickets/${carols.open}`)).body.thread.map((e: { body: string }) => e.body)).toContain('An agent reply.');
  });
});

describe('an agent of the tenant stays within the internal surface', () => {
  it('acme agents are refused the portal with 403 and write nothing through it', async () => {
    await expectRefused(alice, portalAttempts(carols.resolved), 403, { tenant: 'acme', number: carols.resolved });
  });

  it('the ids of other tenants’ users are not assignable', async () => {
    const before = await snapshot(ada, 'acme', carols.open);
    expectError(await ada.patch(`/api/tenants/acme/tickets/${carols.open}`, { assigneeId: idOf(users.gina) }, before.version), 422);
    expect(await snapshot(ada, 'acme', carols.open)).toEqual(before);
  });
});
