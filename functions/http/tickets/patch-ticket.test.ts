// GET and PATCH /api/tenants/{t}/tickets/{number} over real HTTP: If-Match, the status machine,
// no-op patches, the audit trail, assignment rights, references, and search after a subject change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, type Client, type SeenEvent, createTicket, expectError, idOf, idle, recordEvents, snapshot, startApi, users } from '../api-testing.ts';

let api: Api;
let ada: Client;
let alice: Client;
let sam: Client;
let events: SeenEvent[];
beforeAll(async () => {
  api = await startApi({ automation: false });
  events = recordEvents(api.rt);
  [ada, alice, sam] = await Promise.all([api.as(users.ada), api.as(users.alice), api.as(users.sam)]);
});
afterAll(async () => api.rt.stop());

const path = (number: string, tenant = 'acme') => `/api/tenants/${tenant}/tickets/${number}`;
const read = async (number: string) => (await ada.get(path(number))).body;

/** Patches with the ticket's current version. */
async function patchNow(client: Client, number: string, body: unknown) {
  const { version } = await read(number);
  return client.patch(path(number), body, version);
}

async function eventsOf(number: string): Promise<string[]> {
  await idle(api.rt);
  return events.filter((e) => e.tenantId === 'acme' && e.number === number).map((e) => e.name);
}

describe('GET a ticket', () => {
  it('answers the ticket with its thread oldest first and its attachments', async () => {
    const res = await alice.get(path('SD-00001'));
    expect(res.status).toBe(200);
    const t = res.body;
    expect(t).toMatchObject({ tenantId: 'acme', number: 'SD-00001', subject: 'Invoice 2026-114 charged twice', attachments: [] });
    expect(t.thread.map((e: { kind: string }) => e.kind)).toEqual(['system', 'reply', 'internal_note']);
    const times = t.thread.map((e: { createdAt: string }) => e.createdAt);
    expect([...times].sort()).toEqual(times);
    expect(t.thread[1]).toEqual({
      id: expect.any(String),
      kind: 'reply',
      body: 'Thanks Carol, we are looking into the double charge.',
      author: { id: idOf(users.alice), name: 'Alice Adams', type: 'agent' },
      attachmentIds: [],
      createdAt: expect.any(String),
    });
  });

  it('keeps the thread in order across many quick entries', async () => {
    const t = await createTicket(alice);
    for (let i = 0; i < 8; i++) expect((await alice.post(`${path(t.number)}/entries`, { kind: i % 2 ? 'reply' : 'internal_note', body: `entry ${i}` })).status).toBe(201);
    const thread = (await read(t.number)).thread as { body: string }[];
    expect(thread.slice(1).map((e) => e.body)).toEqual(Array.from({ length: 8 }, (_, i) => `entry ${i}`));
  });

  it('answers 404 for an unknown number and for a malformed one', async () => {
    for (const n of ['SD-09999', 'SD-99999999', 'SD-00000', 'nope', 'SD-1', 'sd-00001', '1', 'SD-0001', '%20']) {
      expectError(await alice.get(path(n)), 404, 'not_found');
    }
    expectError(await alice.get(path('SD-00001', 'nope')), 404, 'not_found');
  });
});

describe('PATCH: If-Match', () => {
  it('answers 428 without If-Match, and changes nothing', async () => {
    const t = await createTicket(alice);
    const before = await snapshot(ada, 'acme', t.number);
    expectError(await alice.patch(path(t.number), { priority: 'high' }), 428, 'precondition_required');
    expect(await snapshot(ada, 'acme', t.number)).toEqual(before);
  });

  it('answers 409 with the current version for a stale one, and changes nothing', async () => {
    const t = await createTicket(alice);
    expect((await alice.patch(path(t.number), { priority: 'high' }, 1)).status).toBe(200);
    const before = await snapshot(ada, 'acme', t.number);
    const res = await alice.patch(path(t.number), { priority: 'low' }, 1);
    expectError(res, 409, 'conflict');
    expect(res.body.error.details).toEqual([{ field: 'version', current: 2 }]);
    // A version from the future is stale too.
    expect((await alice.patch(path(t.number), { priority: 'low' }, 7)).body.error.details).toEqual([{ field: 'version', current: 2 }]);
    expect(await snapshot(ada, 'acme', t.number)).toEqual(before);
  });

  it('accepts a quoted version', async () => {
    const t = await createTicket(alice);
    const res = await alice.patch(path(t.number), { priority: 'high' }, '"1"');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ priority: 'high', version: 2 });
  });

  it('answers 400 for an If-Match that is not a version', async () => {
    const t = await createTicket(alice);
    expectError(await alice.patch(path(t.number), { priority: 'high' }, 'abc'), 400);
    expect((await read(t.number)).version).toBe(1);
  });

  it('lets exactly one of several concurrent patches of the same version win', async () => {
    const t = await createTicket(alice);
    const results = await Promise.all(['low', 'high', 'urgent', 'low', 'high'].map((priority) => alice.patch(path(t.number), { priority }, 1)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409]);
    const winner = results.find((r) => r.status === 200)!.body;
    const after = await read(t.number);
    expect(after).toMatchObject({ version: 2, priority: winner.priority });
    expect(after.thread).toHaveLength(2);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.error.details).toEqual([{ field: 'version', current: 2 }]);
  });
});

describe('PATCH: changes, the audit trail and events', () => {
  it('bumps the version and writes one system entry per patch', async () => {
    const t = await createTicket(alice);
    const res = await alice.patch(path(t.number), { priority: 'urgent', tags: ['Network', 'network', 'VPN'], source: 'phone' }, 1);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ number: t.number, priority: 'urgent', tags: ['network', 'vpn'], source: 'phone', version: 2 });
    expect(res.body).not.toHaveProperty('thread');
    const after = await read(t.number);
    expect(after).toMatchObject({ priority: 'urgent', tags: ['network', 'vpn'], source: 'phone', version: 2 });
    expect(after.updatedAt >= t.updatedAt).toBe(true);
    expect(after.thread).toHaveLength(2);
    expect(after.thread[1]).toMatchObject({ kind: 'system', author: { type: 'system' } });
    expect(after.thread[1].body).toMatch(/priority/i);
    expect(await eventsOf(t.number)).toEqual(['ticket.created', 'ticket.updated']);
    const updated = events.find((e) => e.number === t.number && e.name === 'ticket.updated')!;
    // A priority change moves the SLA targets: the event says so.
    expect(Object.keys(updated.changes ?? {}).sort()).toEqual(['priority', 'sla', 'source', 'tags']);
    expect(updated.version).toBe(2);

    const second = await alice.patch(path(t.number), { subject: 'Renamed' }, 2);
    expect(second.body).toMatchObject({ subject: 'Renamed', version: 3 });
    expect((await read(t.number)).thread).toHaveLength(3);
  });

  it('answers 200 with the same version and writes nothing for a patch of equal values', async () => {
    const t = await createTicket(alice, 'acme', { priority: 'high', tags: ['a', 'b'], queueId: 'q-acme-general' });
    await idle(api.rt);
    const before = await snapshot(ada, 'acme', t.number);
    const seen = events.length;
    const res = await alice.patch(path(t.number), { priority: 'high', status: 'open', tags: ['A', 'b'], queueId: 'q-acme-general', assigneeId: null, subject: t.subject, source: 'email' }, 1);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ version: 1, priority: 'high', tags: ['a', 'b'] });
    expect(await snapshot(ada, 'acme', t.number)).toEqual(before);
    await idle(api.rt);
    expect(events.length).toBe(seen);
  });

  it('applies only the fields that change', async () => {
    const t = await createTicket(alice, 'acme', { priority: 'high' });
    const res = await alice.patch(path(t.number), { priority: 'high', status: 'pending' }, 1);
    expect(res.body).toMatchObject({ priority: 'high', status: 'pending', version: 2 });
    await idle(api.rt);
    const updated = events.find((e) => e.number === t.number && e.name === 'ticket.updated')!;
    expect(Object.keys(updated.changes ?? {})).toEqual(['status']);
  });

  it('changes and clears queue and help topic', async () => {
    const t = await createTicket(alice);
    let res = await alice.patch(path(t.number), { queueId: 'q-acme-billing', helpTopicId: 'ht-acme-billing' }, 1);
    expect(res.body).toMatchObject({ queueId: 'q-acme-billing', helpTopicId: 'ht-acme-billing', version: 2 });
    res = await alice.patch(path(t.number), { queueId: null, helpTopicId: null }, 2);
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(3);
    expect(res.body).not.toHaveProperty('queueId');
    expect(res.body).not.toHaveProperty('helpTopicId');
  });

  it('changes the requester, resolving a merged partner and refusing a closed one', async () => {
    const t = await createTicket(alice);
    const res = await alice.patch(path(t.number), { requester: { type: 'bp', bpId: 'BP-1004' } }, 1);
    expect(res.status).toBe(200);
    expect(res.body.requester).toMatchObject({ type: 'bp', bpId: 'BP-1001' });
    const before = await snapshot(ada, 'acme', t.number);
    expectError(await alice.patch(path(t.number), { requester: { type: 'bp', bpId: 'BP-1003' } }, 2), 422, 'unprocessable', ['requester.bpId']);
    expectError(await alice.patch(path(t.number), { requester: { type: 'manual', name: 'X', email: 'bad' } }, 2), 400, 'validation_failed', ['requester.email']);
    expect(await snapshot(ada, 'acme', t.number)).toEqual(before);
  });
});

describe('PATCH: bad input', () => {
  const cases: [string, unknown, number, string | RegExp][] = [
    ['an empty patch', {}, 400, /.*/],
    ['an unknown field', { colour: 'red' }, 400, 'colour'],
    ['a read-only field', { version: 9 }, 400, 'version'],
    ['an unknown status', { status: 'done' }, 400, 'status'],
    ['an unknown priority', { priority: 'critical' }, 400, 'priority'],
    ['an unknown source', { source: 'fax' }, 400, 'source'],
    ['an empty subject', { subject: ' ' }, 400, 'subject'],
    ['a 201-character subject', { subject: 'x'.repeat(201) }, 400, 'subject'],
    ['a bad tag', { tags: ['no spaces'] }, 400, /^tags/],
    ['21 tags', { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 400, /^tags/],
    ['a missing queue', { queueId: 'q-missing' }, 422, 'queueId'],
    ['a queue of another tenant', { queueId: 'q-globex-support' }, 422, 'queueId'],
    ['a missing help topic', { helpTopicId: 'ht-missing' }, 422, 'helpTopicId'],
    ['a help topic of another tenant', { helpTopicId: 'ht-globex-howto' }, 422, 'helpTopicId'],
    ['an assignee of another tenant only', { assigneeId: idOf(users.gina) }, 422, 'assigneeId'],
    ['a customer as assignee', { assigneeId: idOf(users.carol) }, 422, 'assigneeId'],
    ['an unknown assignee', { assigneeId: 'nobody' }, 422, 'assigneeId'],
  ];

  it.each(cases)('%s → %i, nothing written', async (_name, body, status, field) => {
    const t = await createTicket(alice);
    const before = await snapshot(ada, 'acme', t.number);
    expectError(await sam.patch(path(t.number), body, 1), status, undefined, [field]);
    expect(await snapshot(ada, 'acme', t.number)).toEqual(before);
  });

  it('answers 404 for an unknown or malformed number, and 403 for a customer', async () => {
    expectError(await alice.patch(path('SD-09999'), { priority: 'low' }, 1), 404, 'not_found');
    expectError(await alice.patch(path('SD-x'), { priority: 'low' }, 1), 404, 'not_found');
    const before = await snapshot(ada, 'acme', 'SD-00003');
    expectError(await (await api.as(users.carol)).patch(path('SD-00003'), { priority: 'low' }, before.version), 403, 'forbidden');
    expect(await snapshot(ada, 'acme', 'SD-00003')).toEqual(before);
  });
});

describe('PATCH: the status machine', () => {
  async function moveTo(number: string, status: string, client: Client = alice) {
    return patchNow(client, number, { status });
  }

  it('takes every legal move and keeps the SLA fields in step', async () => {
    const t = await createTicket(alice);
    const path: [string, number][] = [
      ['pending', 200],
      ['open', 200],
      ['resolved', 200],
      ['open', 200],
      ['pending', 200],
      ['resolved', 200],
      ['closed', 200],
      ['open', 200],
      ['closed', 200],
    ];
    let version = 1;
    for (const [status, code] of path) {
      const res = await moveTo(t.number, status);
      expect(res.status, `→ ${status}`).toBe(code);
      expect(res.body).toMatchObject({ status, version: ++version });
      if (status === 'resolved') expect(res.body.sla.resolvedAt).toEqual(expect.any(String));
      if (status === 'open') expect(res.body.sla).not.toHaveProperty('resolvedAt');
    }
    const thread = (await read(t.number)).thread;
    expect(thread).toHaveLength(1 + path.length);
    expect(thread.every((e: { kind: string }) => e.kind === 'system')).toBe(true);
    await idle(api.rt);
    expect(events.filter((e) => e.number === t.number && e.name === 'ticket.status_changed')).toHaveLength(path.length);
  });

  it.each([
    ['resolved', 'pending'],
    ['closed', 'pending'],
    ['closed', 'resolved'],
  ])('refuses %s → %s with 422 and writes nothing', async (from, to) => {
    const t = await createTicket(alice);
    if (from === 'closed') await moveTo(t.number, 'closed');
    else await moveTo(t.number, from);
    const before = await snapshot(ada, 'acme', t.number);
    expect(before.status).toBe(from);
    expectError(await moveTo(t.number, to), 422, 'unprocessable', ['status']);
    expect(await snapshot(ada, 'acme', t.number)).toEqual(before);
  });

  it('moves open → closed directly, and pending → resolved', async () => {
    const a = await createTicket(alice);
    expect((await moveTo(a.number, 'closed')).body.status).toBe('closed');
    const b = await createTicket(alice);
    await moveTo(b.number, 'pending');
    expect((await moveTo(b.number, 'resolved')).body.status).toBe('resolved');
  });
});

describe('PATCH: assignment rights', () => {
  const me = () => idOf(users.alice);

  it('lets an agent take an unassigned ticket and release her own', async () => {
    const t = await createTicket(alice);
    let res = await alice.patch(path(t.number), { assigneeId: me() }, 1);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ assigneeId: me(), version: 2 });
    res = await alice.patch(path(t.number), { assigneeId: null }, 2);
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(3);
    expect(res.body).not.toHaveProperty('assigneeId');
    expect(await eventsOf(t.number)).toEqual(['ticket.created', 'ticket.updated', 'ticket.assigned', 'ticket.updated', 'ticket.assigned']);
    expect((await read(t.number)).thread).toHaveLength(3);
  });

  it('lets an agent assign an unassigned ticket to a colleague', async () => {
    const t = await createTicket(alice);
    const res = await alice.patch(path(t.number), { assigneeId: idOf(users.max) }, 1);
    expect(res.status).toBe(200);
    expect(res.body.assigneeId).toBe(idOf(users.max));
  });

  it('refuses an agent moving or releasing a ticket assigned to someone else (403), and writes nothing', async () => {
    const t = await createTicket(alice, 'acme', { assigneeId: idOf(users.max) });
    const before = await snapshot(ada, 'acme', t.number);
    expectError(await alice.patch(path(t.number), { assigneeId: me() }, 1), 403, 'forbidden');
    expectError(await alice.patch(path(t.number), { assigneeId: idOf(users.sam) }, 1), 403, 'forbidden');
    expectError(await alice.patch(path(t.number), { assigneeId: null }, 1), 403, 'forbidden');
    expect(await snapshot(ada, 'acme', t.number)).toEqual(before);
    // Other fields of someone else's ticket are hers to change.
    expect((await alice.patch(path(t.number), { priority: 'high' }, 1)).status).toBe(200);
  });

  it('lets a supervisor and an admin reassign anyone’s ticket', async () => {
    const t = await createTicket(alice, 'acme', { assigneeId: idOf(users.max) });
    let res = await sam.patch(path(t.number), { assigneeId: me() }, 1);
    expect(res.status).toBe(200);
    expect(res.body.assigneeId).toBe(me());
    res = await ada.patch(path(t.number), { assigneeId: idOf(users.sam) }, 2);
    expect(res.status).toBe(200);
    expect(res.body.assigneeId).toBe(idOf(users.sam));
    res = await sam.patch(path(t.number), { assigneeId: null }, 3);
    expect(res.status).toBe(200);
    expect(res.body).not.toHaveProperty('assigneeId');
  });

  it('does not count an assignee equal to the current one as a reassignment', async () => {
    const t = await createTicket(alice, 'acme', { assigneeId: idOf(users.max) });
    const res = await alice.patch(path(t.number), { assigneeId: idOf(users.max), priority: 'low' }, 1);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ assigneeId: idOf(users.max), priority: 'low', version: 2 });
  });
});

describe('PATCH: subject and search', () => {
  const search = async (q: string) => ((await alice.get(`/api/tickets?q=${encodeURIComponent(q)}`)).body.items as { number: string }[]).map((i) => i.number);

  it('makes the ticket findable by its new words and not by the old ones', async () => {
    const t = await createTicket(alice, 'acme', { subject: 'Zebrafish aquarium overflowing' });
    expect(await search('zebrafish')).toEqual([t.number]);
    expect(await search('aquar')).toEqual([t.number]);
    const res = await alice.patch(path(t.number), { subject: 'Zebra crossing lights broken' }, 1);
    expect(res.status).toBe(200);
    expect(await search('zebrafish')).toEqual([]);
    expect(await search('aquarium')).toEqual([]);
    expect(await search('overflowing')).toEqual([]);
    expect(await search('zebra')).toEqual([t.number]);
    expect(await search('CROSS light')).toEqual([t.number]);
    expect(await search('zebra aquarium')).toEqual([]);
    // Still findable by number.
    expect(await search(t.number)).toEqual([t.number]);
  });
});

describe('an inactive help topic', () => {
  it('is refused on create and on a change (422), but a patch that repeats it is ignored', async () => {
    const withTopic = await createTicket(alice, 'acme', { helpTopicId: 'ht-acme-access' });
    // Deactivated by an admin, as the administration screens do.
    const topic = (await ada.get('/api/tenants/acme/help-topics/ht-acme-access')).body;
    expect((await ada.call('PUT', '/api/tenants/acme/help-topics/ht-acme-access', { ...topic, active: false })).status).toBe(200);

    expectError(await alice.post('/api/tenants/acme/tickets', { subject: 'x', description: 'y', source: 'email', requester: { type: 'manual', name: 'X' }, helpTopicId: 'ht-acme-access' }), 422, 'unprocessable', ['helpTopicId']);
    const other = await createTicket(alice);
    expectError(await alice.patch(path(other.number), { helpTopicId: 'ht-acme-access' }, 1), 422, 'unprocessable', ['helpTopicId']);
    const res = await alice.patch(path(withTopic.number), { helpTopicId: 'ht-acme-access', priority: 'urgent' }, 1);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ helpTopicId: 'ht-acme-access', priority: 'urgent', version: 2 });
    expect((await ada.call('PUT', '/api/tenants/acme/help-topics/ht-acme-access', { ...topic, active: true })).status).toBe(200);
  });
});

describe('other methods and odd input', () => {
  it('answers 405 with Allow for a known ticket path with another method', async () => {
    for (const method of ['DELETE', 'PUT']) {
      const res = await alice.call(method, path('SD-00001'), method === 'PUT' ? { priority: 'low' } : undefined);
      expectError(res, 405, 'method_not_allowed');
      expect(res.headers.get('allow')?.split(/,\s*/).sort()).toEqual(['GET', 'PATCH']);
    }
    expectError(await alice.call('GET', `${path('SD-00001')}/entries`), 405, 'method_not_allowed');
    expectError(await alice.call('DELETE', '/api/tenants/acme/tickets'), 405, 'method_not_allowed');
  });

  it('never answers 500 for odd paths, queries or headers', async () => {
    const odd = [
      path(encodeURIComponent('SD-😀')),
      path('SD-9999999999'),
      path(encodeURIComponent('../../tickets')),
      '/api/tickets?q=%21%21%21',
      `/api/tickets?q=${encodeURIComponent('日本語 ünïcödé')}`,
      `/api/tickets?q=${'a'.repeat(201)}`,
      '/api/tickets?q=0',
      '/api/tickets?unknown=1',
      '/api/tickets?limit=1e3',
      '/api/tickets?tenant=',
      `/api/tickets?cursor=${encodeURIComponent('😀'.repeat(10))}`,
      `/api/tickets?cursor=${'x'.repeat(5000)}`,
    ];
    for (const url of odd) {
      const res = await ada.get(url);
      expect(res.status, url).toBeLessThan(500);
      if (res.status >= 400) expectError(res, res.status);
    }
    const t = await createTicket(alice);
    for (const ifMatch of ['', '1.5', '-1', '"', 'W/"1"', '1, 2', '99999999999999999999']) {
      const res = await alice.patch(path(t.number), { priority: 'high' }, ifMatch);
      expect(res.status, `If-Match ${ifMatch}`).toBeLessThan(500);
    }
  });
});
