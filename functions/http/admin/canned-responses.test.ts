/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies of the API under test */
// Canned responses over real HTTP: CRUD with scope and the topic filter, template variables checked,
// PUT of what GET returned, If-Match, audit, who may read and write; render and preview with hostile
// ticket subjects and requester names (every inserted value escaped for markdown and HTML).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, type Client, createTicket, expectError, snapshot, startApi, users } from '../api-testing.ts';
import { del, lastAudit, put } from './admin-testing.ts';

let api: Api;
let ada: Client;
let alice: Client;
beforeAll(async () => {
  api = await startApi();
  [ada, alice] = await Promise.all([api.as(users.ada), api.as(users.alice)]);
});
afterAll(async () => api.rt.stop());

const C = '/api/tenants/acme/canned-responses';
const create = async (body: Record<string, unknown> = {}, client = ada, path = C) => {
  const res = await client.post(path, { title: 'Thanks', body: 'Hi {{requester.name}}, thanks for {{ticket.number}}.', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as any;
};

describe('CRUD', () => {
  it('creates a global response: id, version, times; readable by agents; audited', async () => {
    const res = await ada.post(C, { title: ' Greeting ', body: 'Hello {{ requester.name }},\n\n— {{actor.name}}' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ id: expect.stringMatching(/^cr_[0-9A-Z]{26}$/), title: 'Greeting', body: 'Hello {{ requester.name }},\n\n— {{actor.name}}', version: 1, createdAt: expect.any(String), updatedAt: expect.any(String) });
    expect((await alice.get(`${C}/${res.body.id}`)).body).toEqual(res.body);
    expect(((await alice.get(C)).body.items as any[]).find((r) => r.id === res.body.id)).toEqual(res.body);
    const audit = await lastAudit(ada, 'acme', 'canned-response', res.body.id, 'create');
    expect(audit.after).toEqual(res.body);
  });

  it('scopes to one help topic; ?helpTopicId= lists global + that topic’s, by title', async () => {
    const global = await create({ title: 'AAA global' });
    const billing = await create({ title: 'AAB billing', helpTopicId: 'ht-acme-billing' });
    const outage = await create({ title: 'AAC outage', helpTopicId: 'ht-acme-outage' });
    expect(billing.helpTopicId).toBe('ht-acme-billing');
    const ids = async (q: string) => ((await alice.get(`${C}${q}`)).body.items as any[]).map((r) => r.id);
    const forBilling = await ids('?helpTopicId=ht-acme-billing');
    expect(forBilling).toEqual(expect.arrayContaining([global.id, billing.id]));
    expect(forBilling).not.toContain(outage.id);
    expect(await ids('')).toEqual(expect.arrayContaining([global.id, billing.id, outage.id]));
    const titles = ((await alice.get(C)).body.items as any[]).map((r) => r.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b)));
    // A topic without responses of its own: the global ones only.
    const forAccess = ((await alice.get(`${C}?helpTopicId=ht-acme-access`)).body.items as any[]);
    expect(forAccess.every((r) => !r.helpTopicId || r.helpTopicId === 'ht-acme-access')).toBe(true);
    expectError(await alice.get(`${C}?topic=x`), 400, 'validation_failed', ['query.topic']);
  });

  it('a PUT of exactly what GET returned succeeds; edits apply; stale If-Match → 409; audited before/after', async () => {
    const created = await create({ helpTopicId: 'ht-acme-billing' });
    const same = await put(ada, `${C}/${created.id}`, (await ada.get(`${C}/${created.id}`)).body, created.version);
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body).toMatchObject({ id: created.id, title: created.title, body: created.body, helpTopicId: 'ht-acme-billing', version: 2, createdAt: created.createdAt });

    // Without helpTopicId (or null) it becomes global.
    const edited = await put(ada, `${C}/${created.id}`, { ...same.body, title: 'Renamed', helpTopicId: null }, '"2"');
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ title: 'Renamed', version: 3 });
    expect(edited.body).not.toHaveProperty('helpTopicId');
    const audit = await lastAudit(ada, 'acme', 'canned-response', created.id, 'update');
    expect(audit.before).toMatchObject({ title: created.title, helpTopicId: 'ht-acme-billing', version: 2 });
    expect(audit.after).toMatchObject({ title: 'Renamed', version: 3 });

    const stale = expectError(await put(ada, `${C}/${created.id}`, { title: 'x', body: 'y' }, 2), 409, 'conflict', ['version']);
    expect(stale[0]).toMatchObject({ field: 'version', current: 3 });
    expectError(await put(ada, `${C}/${created.id}`, { title: 'x', body: 'y', extra: 1 }), 400, 'validation_failed', ['extra']);
    // Without If-Match, last write wins.
    expect((await put(ada, `${C}/${created.id}`, { title: 'Last', body: 'y' })).body).toMatchObject({ title: 'Last', version: 4 });
    expectError(await put(ada, `${C}/cr_nope`, { title: 'x', body: 'y' }), 404, 'not_found');
  });

  it('a response of a since-deleted help topic stays editable with its scope unchanged', async () => {
    const topic = await ada.post('/api/tenants/acme/help-topics', { name: 'Short-lived topic' });
    expect(topic.status, JSON.stringify(topic.body)).toBe(201);
    const created = await create({ helpTopicId: topic.body.id });
    expect((await del(ada, `/api/tenants/acme/help-topics/${topic.body.id}`)).status).toBe(204);
    const got = (await ada.get(`${C}/${created.id}`)).body;
    expect((await put(ada, `${C}/${created.id}`, { ...got, title: 'Still here' })).body).toMatchObject({ title: 'Still here', helpTopicId: topic.body.id });
    expectError(await put(ada, `${C}/${created.id}`, { ...got, helpTopicId: 'ht-nope' }), 422, 'unprocessable', ['helpTopicId']);
  });

  it('deletes (If-Match honoured); gone afterwards; audited', async () => {
    const created = await create();
    expectError(await del(ada, `${C}/${created.id}`, 7), 409, 'conflict', ['version']);
    const res = await del(ada, `${C}/${created.id}`, created.version);
    expect(res.status).toBe(204);
    expectError(await alice.get(`${C}/${created.id}`), 404, 'not_found');
    expectError(await del(ada, `${C}/${created.id}`), 404, 'not_found');
    expect((await lastAudit(ada, 'acme', 'canned-response', created.id, 'delete')).before).toMatchObject({ id: created.id, title: created.title });
  });
});

describe('validation', () => {
  it('an unknown variable → 400 naming it; every SPEC variable is accepted', async () => {
    const res = await ada.post(C, { title: 'Bad', body: 'Status: {{ticket.status}} for {{actor.email}} and {{ticket.status}}' });
    const details = expectError(res, 400, 'validation_failed', ['body']);
    expect(details.map((d) => d.variable)).toEqual(['ticket.status', 'actor.email']);
    expect(res.body.error.message).toContain('{{ticket.status}}');
    expect(details[0]!.message).toContain('ticket.status');
    const created = await create({ body: '{{actor.name}} {{ticket.number}} {{ticket.subject}} {{requester.name}} {{queue.name}}' });
    expectError(await put(ada, `${C}/${created.id}`, { title: 'x', body: '{{nope}}' }), 400, 'validation_failed', ['body']);
  });

  it('title and body required, title ≤ 200, unknown fields refused, template ≤ 16 KiB (413)', async () => {
    expectError(await ada.post(C, { body: 'x' }), 400, 'validation_failed', ['title']);
    expectError(await ada.post(C, { title: 'x' }), 400, 'validation_failed', ['body']);
    expectError(await ada.post(C, { title: ' ', body: 'x' }), 400, 'validation_failed', ['title']);
    expectError(await ada.post(C, { title: 'x'.repeat(201), body: 'x' }), 400, 'validation_failed', ['title']);
    expectError(await ada.post(C, { title: 'x', body: 'x', scope: 'global' }), 400, 'validation_failed', ['scope']);
    expectError(await ada.post(C, { title: 'x', body: 'x'.repeat(16 * 1024 + 1) }), 413, 'payload_too_large', ['body']);
  });

  it('a help topic that does not exist, or is another tenant’s → 422', async () => {
    expectError(await ada.post(C, { title: 'x', body: 'x', helpTopicId: 'ht-nope' }), 422, 'unprocessable', ['helpTopicId']);
    const globexTopic = ((await ada.get('/api/tenants/globex/help-topics')).body.items as any[])[0]?.id ?? 'ht-globex-howto';
    expectError(await ada.post(C, { title: 'x', body: 'x', helpTopicId: globexTopic }), 422, 'unprocessable', ['helpTopicId']);
  });
});

describe('who may', () => {
  it('agents read and render but do not write (403); other tenants → 404; customers → 403', async () => {
    const created = await create();
    const ticket = await createTicket(alice);
    expect((await alice.get(C)).status).toBe(200);
    expect((await alice.get(`${C}/${created.id}/render?ticket=${ticket.number}`)).status).toBe(200);
    expect((await alice.post(`${C}/preview`, { body: 'x' })).status).toBe(200);
    expectError(await alice.post(C, { title: 'x', body: 'x' }), 403, 'forbidden');
    expectError(await put(alice, `${C}/${created.id}`, { title: 'x', body: 'x' }), 403, 'forbidden');
    expectError(await del(alice, `${C}/${created.id}`), 403, 'forbidden');

    const gina = await api.as(users.gina);
    for (const res of [await gina.get(C), await gina.get(`${C}/${created.id}`), await gina.post(C, { title: 'x', body: 'x' }), await gina.post(`${C}/preview`, { body: 'x' }), await gina.get(`${C}/${created.id}/render?ticket=${ticket.number}`)]) {
      expectError(res, 404, 'not_found');
    }
    // Another tenant's response does not exist under this tenant.
    const globex = await create({}, ada, '/api/tenants/globex/canned-responses');
    expectError(await ada.get(`${C}/${globex.id}`), 404, 'not_found');
    expectError(await put(ada, `${C}/${globex.id}`, { title: 'x', body: 'x' }), 404, 'not_found');
    expectError(await del(ada, `${C}/${globex.id}`), 404, 'not_found');
    expectError(await ada.get(`${C}/${globex.id}/render?ticket=${ticket.number}`), 404, 'not_found');

    const carol = await api.as(users.carol);
    expectError(await carol.get(C), 403, 'forbidden');
    expectError(await carol.post(C, { title: 'x', body: 'x' }), 403, 'forbidden');
    expectError(await carol.post(`${C}/preview`, { body: 'x' }), 403, 'forbidden');
  });
});

describe('render and preview', () => {
  const hostileSubject = '<img src=x onerror=alert(1)> **x** [y](javascript:z)';
  const hostileName = 'Eve <script>alert(1)</script> _i_ `c` # h';
  const template = '**Hi {{requester.name}}**\n\nRe: {{ticket.number}} — {{ticket.subject}}\nQueue: {{queue.name}}\n\n{{actor.name}}';
  const expected = (number: string) =>
    [
      '**Hi Eve &lt;script&gt;alert\\(1\\)&lt;\\/script&gt; \\_i\\_ \\`c\\` \\# h**',
      '',
      `Re: ${number.replace('-', '\\-')} — &lt;img src\\=x onerror\\=alert\\(1\\)&gt; \\*\\*x\\*\\* \\[y\\]\\(javascript\\:z\\)`,
      'Queue: Billing',
      '',
      'Alice Adams',
    ].join('\n');

  it('renders a response for a ticket and the caller, every inserted value escaped', async () => {
    const ticket = await createTicket(alice, 'acme', { subject: hostileSubject, requester: { type: 'manual', name: hostileName }, queueId: 'q-acme-billing' });
    const response = await create({ body: template });
    const res = await alice.get(`${C}/${response.id}/render?ticket=${ticket.number}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ body: expected(ticket.number) });
    expect(res.body.body).not.toMatch(/<|>|\*\*x\*\*/);
    // The number may be written as SD-12 or 12, as elsewhere.
    expect((await alice.get(`${C}/${response.id}/render?ticket=${Number(ticket.number.slice(3))}`)).body).toEqual({ body: expected(ticket.number) });
  });

  it('render: an unknown ticket or response → 404; the ticket is required', async () => {
    const response = await create();
    expectError(await alice.get(`${C}/${response.id}/render?ticket=SD-99999`), 404, 'not_found');
    expectError(await alice.get(`${C}/${response.id}/render?ticket=nonsense`), 404, 'not_found');
    expectError(await alice.get(`${C}/cr_nope/render?ticket=SD-00001`), 404, 'not_found');
    expectError(await alice.get(`${C}/${response.id}/render`), 400, 'validation_failed', ['query.ticket']);
  });

  it('preview renders with the same code, changes nothing; unknown variables → 400', async () => {
    const ticket = await createTicket(alice, 'acme', { subject: hostileSubject, requester: { type: 'manual', name: hostileName }, queueId: 'q-acme-billing' });
    const before = await snapshot(ada, 'acme', ticket.number);
    const auditBefore = (await ada.get('/api/tenants/acme/audit?limit=1')).body.items[0];
    const res = await alice.post(`${C}/preview`, { body: template, ticket: ticket.number });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ body: expected(ticket.number) });
    expect(await snapshot(ada, 'acme', ticket.number)).toEqual(before);
    expect((await ada.get('/api/tenants/acme/audit?limit=1')).body.items[0]).toEqual(auditBefore);

    expectError(await alice.post(`${C}/preview`, { body: 'x {{ticket.status}}', ticket: ticket.number }), 400, 'validation_failed', ['body']);
    expectError(await alice.post(`${C}/preview`, { body: 'x', ticket: 'SD-99999' }), 422, 'unprocessable', ['ticket']);
    expectError(await alice.post(`${C}/preview`, { ticket: ticket.number }), 400, 'validation_failed', ['body']);
  });

  it('preview without a ticket: ticket variables as placeholders, the caller’s name filled in', async () => {
    const res = await ada.post(`${C}/preview`, { body: '{{ticket.number}} / {{ticket.subject}} / {{requester.name}} / {{queue.name}} — {{actor.name}}' });
    expect(res.body).toEqual({ body: '\\[ticket\\.number\\] / \\[ticket\\.subject\\] / \\[requester\\.name\\] / \\[queue\\.name\\] — Ada Park' });
  });
});
