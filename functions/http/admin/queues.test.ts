/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies of the API under test */
// Queue writes over real HTTP: create with members, PUT of what GET returned, members, the one
// default (also under concurrent "make default" calls), If-Match, deletes that rules refuse, the
// audit record of each change, and who may write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, type Client, createTicket, expectError, idOf, startApi, users } from '../api-testing.ts';
import { del, lastAudit, put } from './admin-testing.ts';

let api: Api;
let ada: Client;
let alice: Client;
beforeAll(async () => {
  api = await startApi();
  [ada, alice] = await Promise.all([api.as(users.ada), api.as(users.alice)]);
});
afterAll(async () => api.rt.stop());

const Q = '/api/tenants/acme/queues';
const member = (email: string, over: Record<string, unknown> = {}) => ({ userId: idOf(email), role: 'member', priorityWeight: 50, onBreak: false, ...over });
const defaults = async (tenant = 'acme') => ((await ada.get(`/api/tenants/${tenant}/queues`)).body.items as any[]).filter((q) => q.isDefault).map((q) => q.id);
const create = async (body: Record<string, unknown> = {}) => {
  const res = await ada.post(Q, { name: `Queue ${Math.random().toString(36).slice(2, 8)}`, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as any;
};

describe('create', () => {
  it('takes the whole Queue shape, members included; answers it with id, version and times', async () => {
    const res = await ada.post(Q, {
      name: ' Tier 2 ',
      description: 'Escalated cases',
      autoAssign: false,
      members: [member(users.alice, { role: 'lead', priorityWeight: 80 }), member(users.max, { priorityWeight: 20, onBreak: true })],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^q_[0-9A-Z]{26}$/),
      name: 'Tier 2',
      description: 'Escalated cases',
      isDefault: false,
      autoAssign: false,
      members: [member(users.alice, { role: 'lead', priorityWeight: 80 }), member(users.max, { priorityWeight: 20, onBreak: true })],
      version: 1,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await alice.get(`${Q}/${res.body.id}`)).body).toEqual(res.body);
    const audit = await lastAudit(ada, 'acme', 'queue', res.body.id, 'create');
    expect(audit.after).toEqual(res.body);
    expect(audit.before).toBeUndefined();
  });

  it('400 for invalid fields and unknown ones, naming them', async () => {
    expectError(await ada.post(Q, { name: '' }), 400, 'validation_failed', ['name']);
    expectError(await ada.post(Q, { name: 'x', colour: 'red' }), 400, 'validation_failed', ['colour']);
    expectError(await ada.post(Q, { name: 'x', members: [member(users.alice, { priorityWeight: 0 })] }), 400, 'validation_failed', ['members.0.priorityWeight']);
    expectError(await ada.post(Q, { name: 'x', members: [member(users.alice, { priorityWeight: 101 })] }), 400, 'validation_failed', ['members.0.priorityWeight']);
    expectError(await ada.post(Q, { name: 'x', members: [member(users.alice, { role: 'boss' })] }), 400, 'validation_failed', ['members.0.role']);
    expectError(await ada.post(Q, { name: 'x', members: [member(users.alice), member(users.alice)] }), 400, 'validation_failed', ['members.1.userId']);
  });

  it('422 for a member who is not an internal user of the tenant (another tenant’s agent, a customer, nobody)', async () => {
    const before = (await ada.get(Q)).body.items.length;
    for (const userId of [idOf(users.gina), idOf(users.carol), 'nobody']) {
      expectError(await ada.post(Q, { name: 'x', members: [member(users.alice), { ...member(users.alice), userId }] }), 422, 'unprocessable', ['members.1.userId']);
    }
    expect((await ada.get(Q)).body.items).toHaveLength(before);
  });

  it('isDefault: true makes the new queue the default, replacing the old one', async () => {
    const q = await create({ isDefault: true });
    expect(q.isDefault).toBe(true);
    expect(await defaults()).toEqual([q.id]);
    expect((await ada.get('/api/tenants/acme/settings/routing')).body.defaultQueueId).toBe(q.id);
    expect((await put(ada, `${Q}/q-acme-general`, { ...(await ada.get(`${Q}/q-acme-general`)).body, isDefault: true })).status).toBe(200);
    expect(await defaults()).toEqual(['q-acme-general']);
  });
});

describe('update', () => {
  it('a PUT of exactly what GET returned succeeds and bumps the version; the audit has before and after', async () => {
    const got = (await ada.get(`${Q}/q-acme-billing`)).body;
    const res = await put(ada, `${Q}/q-acme-billing`, got);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ ...got, version: got.version + 1, updatedAt: expect.any(String) });
    const edited = await put(ada, `${Q}/q-acme-billing`, { ...res.body, name: 'Billing & Invoices', autoAssign: false }, res.body.version);
    expect(edited.body).toMatchObject({ name: 'Billing & Invoices', autoAssign: false, version: got.version + 2, isDefault: false });
    const audit = await lastAudit(ada, 'acme', 'queue', 'q-acme-billing', 'update');
    expect(audit.before).toMatchObject({ name: got.name, autoAssign: true });
    expect(audit.after).toMatchObject({ name: 'Billing & Invoices', autoAssign: false });
    await put(ada, `${Q}/q-acme-billing`, { ...edited.body, name: got.name, autoAssign: true });
  });

  it('If-Match: a stale version → 409 naming the current one, nothing changed; a quoted current one is accepted', async () => {
    const q = await create();
    const stale = await put(ada, `${Q}/${q.id}`, { ...q, name: 'Stale' }, q.version + 5);
    expect(expectError(stale, 409, 'conflict', ['version'])).toEqual([{ field: 'version', current: q.version }]);
    expect((await ada.get(`${Q}/${q.id}`)).body.name).toBe(q.name);
    const ok = await put(ada, `${Q}/${q.id}`, { ...q, name: 'Fresh' }, `"${q.version}"`);
    expect(ok.status).toBe(200);
    expectError(await put(ada, `${Q}/${q.id}`, { ...q, name: 'Old' }, q.version), 409, 'conflict');
    expectError(await put(ada, `${Q}/${q.id}`, q, 'abc'), 400, 'validation_failed', ['If-Match']);
  });

  it('applies members, and refuses a member of another tenant (422) or an unknown field (400)', async () => {
    const q = await create();
    const res = await put(ada, `${Q}/${q.id}`, { ...q, members: [member(users.sam, { role: 'lead' })] });
    expect(res.body.members).toEqual([member(users.sam, { role: 'lead' })]);
    expectError(await put(ada, `${Q}/${q.id}`, { ...q, members: [member(users.gina)] }), 422, 'unprocessable', ['members.0.userId']);
    expectError(await put(ada, `${Q}/${q.id}`, { ...q, tenantId: 'globex' }), 400, 'validation_failed', ['tenantId']);
    expectError(await put(ada, `${Q}/q-nope`, q), 404, 'not_found');
  });

  it('isDefault: false on the current default → 422; on another queue it changes nothing', async () => {
    const general = (await ada.get(`${Q}/q-acme-general`)).body;
    expectError(await put(ada, `${Q}/q-acme-general`, { ...general, isDefault: false }), 422, 'unprocessable', ['isDefault']);
    expect((await ada.get(`${Q}/q-acme-general`)).body.version).toBe(general.version);
    const billing = (await ada.get(`${Q}/q-acme-billing`)).body;
    expect((await put(ada, `${Q}/q-acme-billing`, { ...billing, isDefault: false })).body.isDefault).toBe(false);
    expect(await defaults()).toEqual(['q-acme-general']);
  });

  it('two concurrent "make default" calls leave exactly one default', async () => {
    const a = await create();
    const b = await create();
    for (let round = 0; round < 4; round++) {
      // Read first, then send the three "make default" writes at once.
      const [ga, gb, routing] = await Promise.all([ada.get(`${Q}/${a.id}`), ada.get(`${Q}/${b.id}`), ada.get('/api/tenants/acme/settings/routing')]);
      const [ra, rb, rc] = await Promise.all([
        put(ada, `${Q}/${a.id}`, { ...ga.body, isDefault: true }),
        put(ada, `${Q}/${b.id}`, { ...gb.body, isDefault: true }),
        put(ada, '/api/tenants/acme/settings/routing', { ...routing.body, defaultQueueId: 'q-acme-billing' }),
      ]);
      expect([ra.status, rb.status, rc.status]).toEqual([200, 200, 200]);
      const now = await defaults();
      expect(now).toHaveLength(1);
      expect([a.id, b.id, 'q-acme-billing']).toContain(now[0]);
      expect((await ada.get('/api/tenants/acme/settings/routing')).body.defaultQueueId).toBe(now[0]);
    }
    await put(ada, `${Q}/q-acme-general`, { ...(await ada.get(`${Q}/q-acme-general`)).body, isDefault: true });
    expect(await defaults()).toEqual(['q-acme-general']);
    expect(await defaults('globex')).toEqual(['q-globex-support']);
  });
});

describe('members', () => {
  it('PUT …/members replaces them (the list, or {members}); version bumps; audited', async () => {
    const q = await create({ members: [member(users.alice)] });
    const res = await put(ada, `${Q}/${q.id}/members`, [member(users.sam, { role: 'lead', priorityWeight: 100 }), member(users.max, { priorityWeight: 1, onBreak: true })]);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: q.id, name: q.name, version: 2, members: [member(users.sam, { role: 'lead', priorityWeight: 100 }), member(users.max, { priorityWeight: 1, onBreak: true })] });
    expect((await alice.get(`${Q}/${q.id}`)).body.members).toEqual(res.body.members);
    const audit = await lastAudit(ada, 'acme', 'queue', q.id, 'update');
    expect(audit.before.members).toEqual([member(users.alice)]);
    expect(audit.after.members).toEqual(res.body.members);
    expect((await put(ada, `${Q}/${q.id}/members`, { members: [] })).body.members).toEqual([]);
  });

  it('400 for a weight outside 1–100 or a bad role; 422 for a user not of the tenant; 409 for a stale If-Match', async () => {
    const q = await create();
    expectError(await put(ada, `${Q}/${q.id}/members`, [member(users.alice, { priorityWeight: 0 })]), 400, 'validation_failed', [/priorityWeight/]);
    expectError(await put(ada, `${Q}/${q.id}/members`, [member(users.alice, { role: 'owner' })]), 400, 'validation_failed', [/role/]);
    expectError(await put(ada, `${Q}/${q.id}/members`, [member(users.alice), member(users.gina)]), 422, 'unprocessable', ['1.userId']);
    expectError(await put(ada, `${Q}/${q.id}/members`, [member(users.erin)]), 422, 'unprocessable', ['0.userId']);
    expectError(await put(ada, `${Q}/${q.id}/members`, [member(users.alice)], q.version + 1), 409, 'conflict', ['version']);
    expect((await ada.get(`${Q}/${q.id}`)).body).toMatchObject({ version: q.version, members: [] });
  });
});

describe('delete', () => {
  it('deletes a free queue (204), audited, then 404', async () => {
    const q = await create();
    const res = await del(ada, `${Q}/${q.id}`);
    expect(res.status).toBe(204);
    expectError(await ada.get(`${Q}/${q.id}`), 404, 'not_found');
    expect((await lastAudit(ada, 'acme', 'queue', q.id, 'delete')).before).toMatchObject({ id: q.id, name: q.name });
    expectError(await del(ada, `${Q}/${q.id}`), 404, 'not_found');
  });

  it('the default queue → 422', async () => {
    expectError(await del(ada, `${Q}/q-acme-general`), 422, 'unprocessable', ['isDefault']);
    expect((await ada.get(`${Q}/q-acme-general`)).status).toBe(200);
  });

  it('a queue help topics default to → 422 naming them', async () => {
    const q = await create();
    const topic = (await ada.post('/api/tenants/acme/help-topics', { name: 'Printers', defaults: { queueId: q.id } })).body;
    const details = expectError(await del(ada, `${Q}/${q.id}`), 422, 'unprocessable', ['helpTopics']);
    expect(details[0]).toMatchObject({ helpTopicIds: [topic.id], message: expect.stringContaining('Printers') });
    const billing = expectError(await del(ada, `${Q}/q-acme-billing`), 422, 'unprocessable', ['helpTopics']);
    expect(billing[0]!.helpTopicIds).toEqual(['ht-acme-billing']);
    expect((await del(ada, `/api/tenants/acme/help-topics/${topic.id}`)).status).toBe(204);
    expect((await del(ada, `${Q}/${q.id}`)).status).toBe(204);
  });

  it('a queue that holds tickets that are not closed → 422; once they are closed, it goes', async () => {
    const q = await create();
    const ticket = await createTicket(alice, 'acme', { queueId: q.id });
    expectError(await del(ada, `${Q}/${q.id}`), 422, 'unprocessable', ['tickets']);
    const resolved = await alice.patch(`/api/tenants/acme/tickets/${ticket.number}`, { status: 'resolved' }, ticket.version);
    expect(resolved.status).toBe(200);
    expectError(await del(ada, `${Q}/${q.id}`), 422, 'unprocessable', ['tickets']);
    expect((await alice.patch(`/api/tenants/acme/tickets/${ticket.number}`, { status: 'closed' }, resolved.body.version)).status).toBe(200);
    expect((await del(ada, `${Q}/${q.id}`)).status).toBe(204);
    expect((await alice.get(`/api/tenants/acme/tickets/${ticket.number}`)).body.queueId).toBe(q.id);
  });

  it('If-Match on delete: stale → 409, the queue stays', async () => {
    const q = await create();
    expectError(await del(ada, `${Q}/${q.id}`, q.version + 1), 409, 'conflict', ['version']);
    expect((await del(ada, `${Q}/${q.id}`, q.version)).status).toBe(204);
  });
});

describe('who may write queues', () => {
  const writes = (id: string) => [
    ['POST', Q, { name: 'x' }],
    ['PUT', `${Q}/${id}`, { name: 'x' }],
    ['DELETE', `${Q}/${id}`, undefined],
    ['PUT', `${Q}/${id}/members`, []],
  ] as const;

  it('an agent or a supervisor → 403; a customer → 403; nothing changes', async () => {
    const q = await create();
    for (const email of [users.alice, users.sam, users.carol]) {
      const c = await api.as(email);
      for (const [method, path, body] of writes(q.id)) expectError(await c.call(method, path, body), 403, 'forbidden');
    }
    expect((await ada.get(`${Q}/${q.id}`)).body).toEqual(q);
  });

  it('another tenant → 404: an agent of globex, an admin on a tenant not theirs, a globex queue by an acme path', async () => {
    const q = await create();
    const gina = await api.as(users.gina);
    for (const [method, path, body] of writes(q.id)) {
      expectError(await gina.call(method, path, body), 404, 'not_found');
      expectError(await ada.call(method, path.replace('/acme/', '/initech/'), body), 404, 'not_found');
    }
    expectError(await put(ada, `${Q}/q-globex-support`, { name: 'x' }), 404, 'not_found');
    expectError(await del(ada, `${Q}/q-globex-support`), 404, 'not_found');
    expectError(await put(ada, `${Q}/q-globex-support/members`, []), 404, 'not_found');
    expect((await ada.get('/api/tenants/globex/queues/q-globex-support')).body.name).not.toBe('x');
  });

  it('401 without a token', async () => {
    expect((await fetch(`${api.rt.url}${Q}`, { method: 'POST', body: '{}' })).status).toBe(401);
  });
});
