// POST /api/tenants/{t}/tickets over real HTTP: defaults, numbering, every field's bad input,
// requester typing, help topic defaults, references, and numbers under concurrency.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTicketRepo } from '../../../shared/ticket/ticket.repo.ts';
import { type Api, type Client, type SeenEvent, createTicket, expectError, idOf, idle, recordEvents, seqOf, startApi, ticketInput, users } from '../api-testing.ts';

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

const create = (body: unknown, client: Client = alice, tenant = 'acme') => client.post(`/api/tenants/${tenant}/tickets`, body);

/** The acme ticket numbers as an admin sees them. */
async function acmeNumbers(): Promise<number[]> {
  const res = await ada.get('/api/tickets?tenant=acme&limit=100');
  expect(res.status).toBe(200);
  return (res.body.items as { number: string }[]).map((t) => seqOf(t.number)).sort((a, b) => a - b);
}

describe('create: the happy path', () => {
  it('answers 201 with the next number after the seed, defaults, a system entry, and ticket.created on the bus', async () => {
    const res = await create(ticketInput({ subject: '  Coffee machine leaks  ', tags: ['Kitchen', 'kitchen', 'URGENT-fix'] }));
    expect(res.status).toBe(201);
    const t = res.body;
    expect(t).toMatchObject({
      tenantId: 'acme',
      number: 'SD-00013',
      subject: 'Coffee machine leaks',
      description: 'It shows **error 42**.',
      status: 'open',
      priority: 'medium',
      source: 'email',
      fromChat: false,
      tags: ['kitchen', 'urgent-fix'],
      requester: { type: 'manual', name: 'Jamie Test', email: 'jamie@example.test' },
      sla: { breached: 'none', escalationLevel: 0 },
      version: 1,
    });
    expect(t.createdAt).toEqual(t.updatedAt);
    expect(new Date(t.createdAt).toISOString()).toBe(t.createdAt);
    expect(t).not.toHaveProperty('assigneeId');

    const detail = (await alice.get(`/api/tenants/acme/tickets/${t.number}`)).body;
    expect(detail.version).toBe(1);
    expect(detail.thread).toHaveLength(1);
    expect(detail.thread[0]).toMatchObject({ kind: 'system', author: { type: 'system' }, attachmentIds: [] });
    expect(detail.attachments).toEqual([]);

    await idle(api.rt);
    expect(events.filter((e) => e.number === 'SD-00013' && e.tenantId === 'acme').map((e) => e.name)).toEqual(['ticket.created']);
    // The owed event was published and the ticket's outbox settled.
    const stored = await createTicketRepo(api.rt.db).get('acme', 'SD-00013');
    expect(Object.keys(stored?.outbox ?? {})).toEqual([]);
  });

  it('numbers each tenant on its own', async () => {
    const g = await createTicket(ada, 'globex', { requester: { type: 'bp', bpId: 'BP-2001' } });
    expect(g.number).toBe('SD-00013');
    const a = await createTicket(alice, 'acme');
    expect(a.number).toBe('SD-00014');
  });

  it('takes every source, priority, an account requester and a future dueAt', async () => {
    const dueAt = new Date(Date.now() + 3 * 24 * 3600_000).toISOString();
    const t = await createTicket(alice, 'acme', { priority: 'urgent', source: 'api', requester: { type: 'account', accountId: 'ACC-1', contactId: 'C-9' }, dueAt });
    expect(t).toMatchObject({ priority: 'urgent', source: 'api', requester: { type: 'account', accountId: 'ACC-1', contactId: 'C-9' } });
    expect(new Date(t.sla.dueAt).getTime()).toBe(new Date(dueAt).getTime());
    for (const source of ['portal', 'phone', 'chat']) expect((await createTicket(alice, 'acme', { source })).source).toBe(source);
    for (const priority of ['low', 'high']) expect((await createTicket(alice, 'acme', { priority })).priority).toBe(priority);
  });

  it('keeps a 200-character subject, and 20 tags of 40 characters', async () => {
    const subject = 's'.repeat(200);
    const tags = Array.from({ length: 20 }, (_, i) => `${String(i).padStart(2, '0')}${'x'.repeat(38)}`);
    const t = await createTicket(alice, 'acme', { subject: `  ${subject} `, tags });
    expect(t.subject).toBe(subject);
    expect(t.tags).toEqual(tags);
  });
});

describe('create: bad input, field by field', () => {
  const cases: [string, Record<string, unknown>, number, string | RegExp][] = [
    ['empty subject', { subject: '' }, 400, 'subject'],
    ['blank subject', { subject: '   ' }, 400, 'subject'],
    ['201-character subject', { subject: 'x'.repeat(201) }, 400, 'subject'],
    ['missing subject', { subject: undefined }, 400, 'subject'],
    ['subject of the wrong type', { subject: 42 }, 400, 'subject'],
    ['missing description', { description: undefined }, 400, 'description'],
    ['unknown priority', { priority: 'critical' }, 400, 'priority'],
    ['missing source', { source: undefined }, 400, 'source'],
    ['unknown source', { source: 'fax' }, 400, 'source'],
    ['21 tags', { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 400, /^tags/],
    ['a tag with a space', { tags: ['ok', 'not ok'] }, 400, /^tags/],
    ['a tag with punctuation', { tags: ['bill!ng'] }, 400, /^tags/],
    ['a 41-character tag', { tags: ['x'.repeat(41)] }, 400, /^tags/],
    ['an empty tag', { tags: [''] }, 400, /^tags/],
    ['tags that are not a list', { tags: 'billing' }, 400, /^tags/],
    ['missing requester', { requester: undefined }, 400, /^requester/],
    ['unknown requester type', { requester: { type: 'person', name: 'X' } }, 400, /^requester/],
    ['manual requester without a name', { requester: { type: 'manual', email: 'a@b.test' } }, 400, 'requester.name'],
    ['manual requester with a 201-character name', { requester: { type: 'manual', name: 'n'.repeat(201) } }, 400, 'requester.name'],
    ['manual requester with a bad email', { requester: { type: 'manual', name: 'X', email: 'not-an-email' } }, 400, 'requester.email'],
    ['manual requester with a bad phone', { requester: { type: 'manual', name: 'X', phone: '555-1234' } }, 400, 'requester.phone'],
    ['bp requester without bpId', { requester: { type: 'bp' } }, 400, 'requester.bpId'],
    ['account requester without accountId', { requester: { type: 'account' } }, 400, 'requester.accountId'],
    ['requester with an unknown field', { requester: { type: 'manual', name: 'X', vip: true } }, 400, /^requester/],
    ['a malformed dueAt', { dueAt: 'tomorrow' }, 400, 'dueAt'],
    ['attachmentIds that are not a list', { attachmentIds: 'att_1' }, 400, /^attachmentIds/],
    ['an unknown field', { colour: 'red' }, 400, 'colour'],
    ['a read-only field', { number: 'SD-00099' }, 400, 'number'],
  ];

  it.each(cases)('%s → %i', async (_name, overrides, status, field) => {
    const before = await acmeNumbers();
    expectError(await create(ticketInput(overrides)), status, 'validation_failed', [field]);
    expect(await acmeNumbers()).toEqual(before);
  });

  it('names each bad field when there are several', async () => {
    const details = expectError(await create({ subject: '', description: 'x', source: 'fax', priority: 'p', requester: { type: 'manual', name: 'X', email: 'bad' } }), 400, 'validation_failed');
    expect(details.map((d) => d.field).sort()).toEqual(['priority', 'requester.email', 'source', 'subject']);
  });

  it('answers 400 for a body that is not JSON, or not an object', async () => {
    expectError(await alice.call('POST', '/api/tenants/acme/tickets', '{"subject": ', { 'content-type': 'application/json' }), 400);
    expectError(await create([]), 400);
    expectError(await alice.call('POST', '/api/tenants/acme/tickets'), 400);
  });

  it('answers 413 for a description over 64 KiB (and takes exactly 64 KiB)', async () => {
    expectError(await create(ticketInput({ description: 'x'.repeat(64 * 1024 + 1) })), 413, 'payload_too_large');
    // Bytes, not characters: 32 Ki two-byte characters plus one is over.
    expectError(await create(ticketInput({ description: 'é'.repeat(32 * 1024) + 'x' })), 413, 'payload_too_large');
    const ok = await create(ticketInput({ description: 'x'.repeat(64 * 1024) }));
    expect(ok.status).toBe(201);
  });

  it('lower-cases and de-duplicates tags', async () => {
    const t = await createTicket(alice, 'acme', { tags: ['VIP', 'vip', 'Billing', ' billing ', 'a_b-C'] });
    expect(t.tags).toEqual(['vip', 'billing', 'a_b-c']);
  });

  it('refuses a dueAt in the past with 422', async () => {
    const before = await acmeNumbers();
    expectError(await create(ticketInput({ dueAt: new Date(Date.now() - 60_000).toISOString() })), 422, 'unprocessable', ['dueAt']);
    expect(await acmeNumbers()).toEqual(before);
  });

  it('allocates no number for a refused request: the next create gets the next number', async () => {
    const first = await createTicket(alice);
    expectError(await create(ticketInput({ subject: '' })), 400);
    expectError(await create(ticketInput({ requester: { type: 'bp', bpId: 'BP-9999' } })), 422);
    expectError(await create(ticketInput({ requester: { type: 'bp', bpId: 'BP-1003' } })), 422);
    expectError(await create(ticketInput({ queueId: 'q-nope' })), 422);
    expectError(await create(ticketInput({ assigneeId: idOf(users.gina) })), 422);
    expectError(await create(ticketInput({ helpTopicId: 'ht-globex-howto' })), 422);
    expectError(await create(ticketInput({ dueAt: '2000-01-01T00:00:00Z' })), 422);
    expectError(await create(ticketInput({ attachmentIds: ['att_missing'] })), 422);
    expectError(await create(ticketInput({ description: 'x'.repeat(70_000) })), 413);
    const next = await createTicket(alice);
    expect(seqOf(next.number)).toBe(seqOf(first.number) + 1);
  });
});

describe('create: requesters', () => {
  it('links an active business partner, with a contact of that partner', async () => {
    const t = await createTicket(alice, 'acme', { requester: { type: 'bp', bpId: 'BP-1002', contactId: 'C-1003' } });
    expect(t.requester).toEqual({ type: 'bp', bpId: 'BP-1002', contactId: 'C-1003' });
    const item = (await alice.get(`/api/tickets?q=${t.number}`)).body.items[0];
    expect(item.requesterName).toBe('Contoso Ltd');
  });

  it('refuses an unknown partner with 422 on requester.bpId', async () => {
    expectError(await create(ticketInput({ requester: { type: 'bp', bpId: 'BP-0000' } })), 422, 'unprocessable', ['requester.bpId']);
  });

  it('refuses a partner of another tenant with 422', async () => {
    expectError(await create(ticketInput({ requester: { type: 'bp', bpId: 'BP-2001' } })), 422, 'unprocessable', ['requester.bpId']);
  });

  it('refuses a closed partner with a clear 422 naming it', async () => {
    const res = await create(ticketInput({ requester: { type: 'bp', bpId: 'BP-1003' } }));
    const details = expectError(res, 422, 'unprocessable', ['requester.bpId']);
    expect(res.body.error.message).toMatch(/BP-1003|Fabrikam/);
    expect(res.body.error.message).toMatch(/closed/i);
    expect(details.length).toBeGreaterThan(0);
  });

  it('resolves a merged partner to its survivor', async () => {
    const t = await createTicket(alice, 'acme', { requester: { type: 'bp', bpId: 'BP-1004' } });
    expect(t.requester).toMatchObject({ type: 'bp', bpId: 'BP-1001' });
    const detail = (await ada.get(`/api/tenants/acme/tickets/${t.number}`)).body;
    expect(detail.requester.bpId).toBe('BP-1001');
    // The survivor's customer sees it.
    const carol = await api.as(users.carol);
    expect((await carol.get(`/api/my/tickets/${t.number}`)).status).toBe(200);
  });

  it('refuses a contact that is not of that partner, or does not exist, with 422', async () => {
    expectError(await create(ticketInput({ requester: { type: 'bp', bpId: 'BP-1001', contactId: 'C-1002' } })), 422, 'unprocessable', ['requester.contactId']);
    expectError(await create(ticketInput({ requester: { type: 'bp', bpId: 'BP-1001', contactId: 'C-0000' } })), 422, 'unprocessable', ['requester.contactId']);
    expectError(await create(ticketInput({ requester: { type: 'bp', bpId: 'BP-1001', contactId: 'C-2001' } })), 422, 'unprocessable', ['requester.contactId']);
  });

  it('accepts a manual requester with an E.164 phone and lower-cases the email', async () => {
    const t = await createTicket(alice, 'acme', { requester: { type: 'manual', name: 'Kim', email: 'Kim@Example.TEST', phone: '+4915112345678' } });
    expect(t.requester).toEqual({ type: 'manual', name: 'Kim', email: 'kim@example.test', phone: '+4915112345678' });
  });
});

describe('create: help topic defaults and explicit values', () => {
  it('fills priority and queue from the topic when the request omits them', async () => {
    const t = await createTicket(alice, 'acme', { helpTopicId: 'ht-acme-billing' });
    expect(t).toMatchObject({ helpTopicId: 'ht-acme-billing', priority: 'medium', queueId: 'q-acme-billing' });
    const outage = await createTicket(alice, 'acme', { helpTopicId: 'ht-acme-outage' });
    expect(outage).toMatchObject({ priority: 'urgent', queueId: 'q-acme-general' });
  });

  it('keeps explicit values over the topic defaults', async () => {
    const t = await createTicket(alice, 'acme', { helpTopicId: 'ht-acme-billing', priority: 'low', queueId: 'q-acme-general' });
    expect(t).toMatchObject({ helpTopicId: 'ht-acme-billing', priority: 'low', queueId: 'q-acme-general' });
    const urgentLow = await createTicket(alice, 'acme', { helpTopicId: 'ht-acme-outage', priority: 'low' });
    expect(urgentLow).toMatchObject({ priority: 'low', queueId: 'q-acme-general' });
  });

  it('fills the assignee from the topic unless one is sent', async () => {
    const t = await createTicket(alice, 'acme', { helpTopicId: 'ht-acme-access' });
    expect(t).toMatchObject({ priority: 'low', assigneeId: idOf(users.alice) });
    const sent = await createTicket(alice, 'acme', { helpTopicId: 'ht-acme-access', assigneeId: idOf(users.max) });
    expect(sent.assigneeId).toBe(idOf(users.max));
  });

  it('refuses a missing help topic, or one of another tenant, with 422', async () => {
    expectError(await create(ticketInput({ helpTopicId: 'ht-nope' })), 422, 'unprocessable', ['helpTopicId']);
    expectError(await create(ticketInput({ helpTopicId: 'ht-globex-hardware' })), 422, 'unprocessable', ['helpTopicId']);
  });
});

describe('create: queue and assignee references', () => {
  it('takes a queue and an assignee of the tenant', async () => {
    const t = await createTicket(alice, 'acme', { queueId: 'q-acme-billing', assigneeId: idOf(users.sam) });
    expect(t).toMatchObject({ queueId: 'q-acme-billing', assigneeId: idOf(users.sam) });
  });

  it('refuses a missing queue, or one of another tenant, with 422', async () => {
    expectError(await create(ticketInput({ queueId: 'q-missing' })), 422, 'unprocessable', ['queueId']);
    expectError(await create(ticketInput({ queueId: 'q-globex-support' })), 422, 'unprocessable', ['queueId']);
  });

  it('refuses an assignee who is unknown, a customer, or an agent of another tenant only, with 422', async () => {
    expectError(await create(ticketInput({ assigneeId: 'nobody' })), 422, 'unprocessable', ['assigneeId']);
    expectError(await create(ticketInput({ assigneeId: idOf(users.carol) })), 422, 'unprocessable', ['assigneeId']);
    expectError(await create(ticketInput({ assigneeId: idOf(users.gina) })), 422, 'unprocessable', ['assigneeId']);
    // Max is an agent of both tenants: fine in globex too.
    expect((await createTicket(ada, 'globex', { requester: { type: 'bp', bpId: 'BP-2002' }, assigneeId: idOf(users.max) })).assigneeId).toBe(idOf(users.max));
  });
});

describe('create: who may', () => {
  it('answers 401 without a token, 403 for a customer, 404 for a tenant the agent lacks', async () => {
    const anon = await fetch(`${api.rt.url}/api/tenants/acme/tickets`, { method: 'POST', body: JSON.stringify(ticketInput()) });
    expect(anon.status).toBe(401);
    expectError(await create(ticketInput(), await api.as(users.carol)), 403, 'forbidden');
    expectError(await create(ticketInput(), await api.as(users.gina)), 404, 'not_found');
    expectError(await create(ticketInput(), alice, 'globex'), 404, 'not_found');
    expectError(await create(ticketInput(), alice, 'nope'), 404, 'not_found');
  });
});

describe('create: concurrency', () => {
  it('gives 50 concurrent creates 50 distinct numbers within 50 consecutive numbers', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => create(ticketInput({ subject: `Concurrent ${i}` }))));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    const seqs = results.map((r) => seqOf(r.body.number)).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(50);
    expect(seqs[49]! - seqs[0]!).toBe(49);
    // Each is stored under its number with its own subject.
    const listed = await ada.get('/api/tickets?tenant=acme&q=concurrent&limit=100');
    expect(listed.body.items).toHaveLength(50);
    const byNumber = new Map(results.map((r) => [r.body.number as string, r.body.subject as string]));
    for (const item of listed.body.items) expect(item.subject).toBe(byNumber.get(item.number));
  });
});
