/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies of the API under test */
// Help topic writes over real HTTP: create with defaults, references checked, PUT of what GET
// returned, If-Match, deactivation (hidden from new tickets, kept on existing ones), delete, the
// audit record of each change, and who may write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, type Client, createTicket, expectError, idOf, startApi, ticketInput, users } from '../api-testing.ts';
import { del, lastAudit, put } from './admin-testing.ts';

let api: Api;
let ada: Client;
let alice: Client;
beforeAll(async () => {
  api = await startApi();
  [ada, alice] = await Promise.all([api.as(users.ada), api.as(users.alice)]);
});
afterAll(async () => api.rt.stop());

const H = '/api/tenants/acme/help-topics';
const create = async (body: Record<string, unknown> = {}) => {
  const res = await ada.post(H, { name: 'Hardware', ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as any;
};

describe('create', () => {
  it('takes name, description, active and defaults; answers id, version and times; audited', async () => {
    const body = { name: ' Hardware ', description: 'Laptops and printers', defaults: { priority: 'high', queueId: 'q-acme-billing', assigneeId: idOf(users.alice), dueOffsetHours: 8 } };
    const res = await ada.post(H, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^ht_[0-9A-Z]{26}$/),
      name: 'Hardware',
      description: 'Laptops and printers',
      active: true,
      defaults: body.defaults,
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await alice.get(`${H}/${res.body.id}`)).body).toEqual(res.body);
    expect((await alice.get(H)).body.items.map((t: any) => t.id)).toContain(res.body.id);
    expect((await lastAudit(ada, 'acme', 'help-topic', res.body.id, 'create')).after).toEqual(res.body);
    expect((await create({ name: 'Bare', defaults: { dueOffsetHours: 0 } })).defaults).toEqual({ dueOffsetHours: 0 });
  });

  it('422 for a queue that does not exist or is another tenant’s, and for a user who is not an agent of the tenant', async () => {
    expectError(await ada.post(H, { name: 'x', defaults: { queueId: 'q-nope' } }), 422, 'unprocessable', ['defaults.queueId']);
    expectError(await ada.post(H, { name: 'x', defaults: { queueId: 'q-globex-support' } }), 422, 'unprocessable', ['defaults.queueId']);
    for (const email of [users.gina, users.carol]) expectError(await ada.post(H, { name: 'x', defaults: { assigneeId: idOf(email) } }), 422, 'unprocessable', ['defaults.assigneeId']);
    expectError(await ada.post(H, { name: 'x', defaults: { assigneeId: 'nobody' } }), 422, 'unprocessable', ['defaults.assigneeId']);
  });

  it('400 for a negative due offset, an unknown priority, an empty name or an unknown field', async () => {
    expectError(await ada.post(H, { name: 'x', defaults: { dueOffsetHours: -1 } }), 400, 'validation_failed', ['defaults.dueOffsetHours']);
    expectError(await ada.post(H, { name: 'x', defaults: { priority: 'asap' } }), 400, 'validation_failed', ['defaults.priority']);
    expectError(await ada.post(H, { name: '  ' }), 400, 'validation_failed', ['name']);
    expectError(await ada.post(H, { name: 'x', defaults: { slaHours: 3 } }), 400, 'validation_failed', ['defaults.slaHours']);
    expectError(await ada.post(H, { name: 'x', id: 'ht-mine' }), 400, 'validation_failed', ['id']);
  });
});

describe('update', () => {
  it('a PUT of exactly what GET returned succeeds and bumps the version; edits are audited with before and after', async () => {
    const got = (await ada.get(`${H}/ht-acme-access`)).body;
    const same = await put(ada, `${H}/ht-acme-access`, got);
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body).toEqual({ ...got, version: got.version + 1, updatedAt: expect.any(String) });
    const edited = await put(ada, `${H}/ht-acme-access`, { ...same.body, defaults: { ...same.body.defaults, priority: 'high', dueOffsetHours: 2 } }, same.body.version);
    expect(edited.body.defaults).toMatchObject({ priority: 'high', dueOffsetHours: 2, assigneeId: idOf(users.alice) });
    const audit = await lastAudit(ada, 'acme', 'help-topic', 'ht-acme-access', 'update');
    expect(audit.before.defaults.priority).toBe('low');
    expect(audit.after.defaults.priority).toBe('high');
  });

  it('references checked on PUT too; a stale If-Match → 409; unknown → 404', async () => {
    const t = await create();
    expectError(await put(ada, `${H}/${t.id}`, { ...t, defaults: { queueId: 'q-globex-support' } }), 422, 'unprocessable', ['defaults.queueId']);
    expectError(await put(ada, `${H}/${t.id}`, { ...t, defaults: { assigneeId: idOf(users.gina) } }), 422, 'unprocessable', ['defaults.assigneeId']);
    expect(expectError(await put(ada, `${H}/${t.id}`, { ...t, name: 'Stale' }, t.version + 1), 409, 'conflict')).toEqual([{ field: 'version', current: t.version }]);
    expect((await ada.get(`${H}/${t.id}`)).body).toEqual(t);
    expectError(await put(ada, `${H}/ht-nope`, t), 404, 'not_found');
    expectError(await put(ada, `${H}/ht-globex-howto`, t), 404, 'not_found');
  });

  it('active: false hides the topic from new tickets (422) but keeps it on existing ones', async () => {
    const t = await create({ name: 'Seasonal', defaults: { priority: 'low' } });
    const ticket = await createTicket(alice, 'acme', { helpTopicId: t.id });
    const off = await put(ada, `${H}/${t.id}`, { ...t, active: false });
    expect(off.body.active).toBe(false);
    expect((await alice.get(`/api/tenants/acme/tickets/${ticket.number}`)).body.helpTopicId).toBe(t.id);
    expect((await alice.get(H)).body.items.find((x: any) => x.id === t.id).active).toBe(false);
    expectError(await alice.post('/api/tenants/acme/tickets', ticketInput({ helpTopicId: t.id })), 422, 'unprocessable', ['helpTopicId']);
    await put(ada, `${H}/${t.id}`, { ...off.body, active: true });
    expect((await alice.post('/api/tenants/acme/tickets', ticketInput({ helpTopicId: t.id }))).status).toBe(201);
  });
});

describe('delete', () => {
  it('204, audited; tickets keep the topic id; then 404', async () => {
    const t = await create({ name: 'Temporary' });
    const ticket = await createTicket(alice, 'acme', { helpTopicId: t.id });
    expectError(await del(ada, `${H}/${t.id}`, t.version + 1), 409, 'conflict', ['version']);
    expect((await del(ada, `${H}/${t.id}`, t.version)).status).toBe(204);
    expect((await lastAudit(ada, 'acme', 'help-topic', t.id, 'delete')).before).toEqual(t);
    expectError(await alice.get(`${H}/${t.id}`), 404, 'not_found');
    expectError(await del(ada, `${H}/${t.id}`), 404, 'not_found');
    expect((await alice.get(`/api/tenants/acme/tickets/${ticket.number}`)).body.helpTopicId).toBe(t.id);
  });
});

describe('who may write help topics', () => {
  const writes = (id: string) => [
    ['POST', H, { name: 'x' }],
    ['PUT', `${H}/${id}`, { name: 'x' }],
    ['DELETE', `${H}/${id}`, undefined],
  ] as const;

  it('agents, supervisors and customers → 403; nothing changes', async () => {
    const t = await create();
    for (const email of [users.alice, users.sam, users.max, users.carol]) {
      const c = await api.as(email);
      for (const [method, path, body] of writes(t.id)) expectError(await c.call(method, path, body), 403, 'forbidden');
    }
    expect((await ada.get(`${H}/${t.id}`)).body).toEqual(t);
  });

  it('another tenant → 404', async () => {
    const t = await create();
    const gina = await api.as(users.gina);
    for (const [method, path, body] of writes(t.id)) {
      expectError(await gina.call(method, path, body), 404, 'not_found');
      expectError(await ada.call(method, path.replace('/acme/', '/initech/'), body), 404, 'not_found');
    }
    expectError(await del(ada, `${H}/ht-globex-howto`), 404, 'not_found');
  });
});
