/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies of the API under test */
// Routing rules over real HTTP: create (append or insert at a position), PUT of what GET returned
// (position ignored), If-Match, delete, reorder (exactly the tenant's rules, else nothing changes),
// validation of fields, ops, values and targets, the preview with its trace, audit, who may.
// The seed may hold rules of its own: every assertion is relative to what the list held before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, type Client, createTicket, expectError, idOf, snapshot, startApi, users } from '../api-testing.ts';
import { del, lastAudit, put } from './admin-testing.ts';

let api: Api;
let ada: Client;
let alice: Client;
beforeAll(async () => {
  api = await startApi();
  [ada, alice] = await Promise.all([api.as(users.ada), api.as(users.alice)]);
});
afterAll(async () => api.rt.stop());

const R = '/api/tenants/acme/routing-rules';
const rule = (over: Record<string, unknown> = {}) => ({
  name: 'VIP to billing',
  enabled: true,
  match: 'all',
  clauses: [{ field: 'tag', op: 'eq', value: 'vip' }],
  action: { type: 'assign_to_queue', queueId: 'q-acme-billing' },
  ...over,
});
const create = async (over: Record<string, unknown> = {}) => {
  const res = await ada.post(R, rule(over));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as any;
};
const list = async (client = alice): Promise<any[]> => {
  const res = await client.get(R);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items;
};
const ids = async () => (await list()).map((r) => r.id);

describe('create and list', () => {
  it('answers the SPEC shape with position; absent position appends; audited', async () => {
    const n = (await list()).length;
    const res = await ada.post(R, rule());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ id: expect.stringMatching(/^rr_[0-9A-Z]{26}$/), ...rule(), position: n, version: 1, createdAt: expect.any(String), updatedAt: expect.any(String) });
    const items = await list();
    expect(items).toHaveLength(n + 1);
    expect(items[n]).toEqual(res.body);
    items.forEach((r, i) => expect(r.position).toBe(i));
    expect((await lastAudit(ada, 'acme', 'routing-rule', res.body.id, 'create')).after).toEqual(res.body);
  });

  it('inserts at 0..n; beyond n → 400, nothing created', async () => {
    const first = await create({ name: 'first', position: 0 });
    expect(first.position).toBe(0);
    expect((await ids())[0]).toBe(first.id);
    const n = (await list()).length;
    const middle = await create({ name: 'middle', position: 1 });
    expect((await ids()).slice(0, 2)).toEqual([first.id, middle.id]);
    const last = await create({ name: 'last', position: n + 1 });
    expect(last.position).toBe(n + 1);
    expect((await ids()).at(-1)).toBe(last.id);
    const count = (await list()).length;
    expectError(await ada.post(R, rule({ position: count + 1 })), 400, 'validation_failed', ['position']);
    expectError(await ada.post(R, rule({ position: -1 })), 400, 'validation_failed', ['position']);
    expectError(await ada.post(R, rule({ position: '0' })), 400, 'validation_failed', ['position']);
    expect((await list()).length).toBe(count);
    (await list()).forEach((r, i) => expect(r.position).toBe(i));
  });

  it('concurrent creates all land in the order, each at its own position', async () => {
    const n = (await list()).length;
    const created = await Promise.all([0, 1, 2, 3, 4].map((i) => ada.post(R, rule({ name: `burst ${i}`, ...(i % 2 ? { position: 0 } : {}) }))));
    expect(created.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const items = await list();
    expect(items).toHaveLength(n + 5);
    expect(new Set(items.map((r) => r.id)).size).toBe(n + 5);
    items.forEach((r, i) => expect(r.position).toBe(i));
    for (const r of created) expect(items.map((x) => x.id)).toContain(r.body.id);
  });

  it('enabled defaults to true; tags are lower-cased; list values kept once', async () => {
    const { enabled: _e, ...noEnabled } = rule({ clauses: [{ field: 'tag', op: 'in', value: ['VIP', 'vip', 'Gold'] }] });
    const res = await ada.post(R, noEnabled);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ enabled: true, clauses: [{ field: 'tag', op: 'in', value: ['vip', 'gold'] }] });
  });
});

describe('update and delete', () => {
  it('a PUT of exactly what GET returned succeeds and keeps the position; position in a PUT is ignored', async () => {
    const created = await create({ position: 0 });
    const got = (await list()).find((r) => r.id === created.id);
    const same = await put(ada, `${R}/${created.id}`, got, got.version);
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body).toEqual({ ...got, version: 2, updatedAt: expect.any(String) });

    const edited = await put(ada, `${R}/${created.id}`, { ...same.body, name: 'Renamed', enabled: false, match: 'any', position: 5, action: { type: 'escalate' } }, 2);
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ name: 'Renamed', enabled: false, match: 'any', position: 0, action: { type: 'escalate' }, version: 3 });
    expect((await ids())[0]).toBe(created.id);
    const audit = await lastAudit(ada, 'acme', 'routing-rule', created.id, 'update');
    expect(audit.before).toMatchObject({ name: 'VIP to billing', version: 2 });
    expect(audit.after).toMatchObject({ name: 'Renamed', version: 3 });
  });

  it('stale If-Match → 409 naming the current version; unknown rule → 404; unknown field → 400', async () => {
    const created = await create();
    expect((await put(ada, `${R}/${created.id}`, rule({ name: 'v2' }))).status).toBe(200);
    const details = expectError(await put(ada, `${R}/${created.id}`, rule({ name: 'v3' }), 1), 409, 'conflict', ['version']);
    expect(details[0]).toMatchObject({ current: 2 });
    expectError(await put(ada, `${R}/rr_nope`, rule()), 404, 'not_found');
    expectError(await put(ada, `${R}/${created.id}`, { ...rule(), priority: 1 }), 400, 'validation_failed', ['priority']);
    expectError(await put(ada, `${R}/${created.id}`, rule(), 'abc'), 400, 'validation_failed', ['If-Match']);
  });

  it('deletes a rule: the others close up; If-Match honoured; audited', async () => {
    const a = await create({ name: 'a', position: 0 });
    const b = await create({ name: 'b', position: 1 });
    expectError(await del(ada, `${R}/${a.id}`, 9), 409, 'conflict', ['version']);
    expect((await del(ada, `${R}/${a.id}`, 1)).status).toBe(204);
    const items = await list();
    expect(items[0]!.id).toBe(b.id);
    expect(items.map((r) => r.id)).not.toContain(a.id);
    items.forEach((r, i) => expect(r.position).toBe(i));
    expectError(await del(ada, `${R}/${a.id}`), 404, 'not_found');
    expect((await lastAudit(ada, 'acme', 'routing-rule', a.id, 'delete')).before).toMatchObject({ id: a.id, name: 'a' });
  });
});

describe('reorder', () => {
  it('takes every rule exactly once; positions follow the list; audited', async () => {
    await create({ name: 'x' });
    await create({ name: 'y' });
    const before = await ids();
    const reversed = [...before].reverse();
    const res = await ada.call('PUT', `${R}/order`, { ids: reversed });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.map((r: any) => [r.id, r.position])).toEqual(reversed.map((id, i) => [id, i]));
    expect(await ids()).toEqual(reversed);
    const audit = await lastAudit(ada, 'acme', 'routing-order', 'routing-rules', 'update');
    expect(audit).toMatchObject({ before: { ids: before }, after: { ids: reversed } });
  });

  it('a list that is not exactly the tenant’s rules → 422 and nothing changes', async () => {
    await create({ name: 'z' });
    const before = await list();
    const current = before.map((r) => r.id);
    const globexRule = (await ada.post('/api/tenants/globex/routing-rules', rule({ action: { type: 'escalate' } }))).body.id;
    const auditBefore = (await ada.get('/api/tenants/acme/audit?kind=routing-order&limit=1')).body.items[0];
    for (const [wrong, code] of [
      [current.slice(1), 'missing'],
      [[...current, 'rr_nope'], 'unknown'],
      [[...current, current[0]], 'duplicate'],
      [[...current.slice(1), globexRule], 'unknown'],
      [[], 'missing'],
    ] as const) {
      const details = expectError(await ada.call('PUT', `${R}/order`, { ids: wrong }), 422, 'unprocessable', ['ids']);
      expect(details.map((d) => d.code)).toContain(code);
      expect(await list()).toEqual(before);
    }
    expect((await ada.get('/api/tenants/acme/audit?kind=routing-order&limit=1')).body.items[0]).toEqual(auditBefore);
    expectError(await ada.call('PUT', `${R}/order`, { ids: 'x' }), 400, 'validation_failed', ['ids']);
    expectError(await ada.call('PUT', `${R}/order`, {}), 400, 'validation_failed', ['ids']);
  });
});

describe('validation', () => {
  it.each([
    ['an unknown field', { clauses: [{ field: 'status', op: 'eq', value: 'open' }] }, 'clauses.0.field'],
    ['an unknown op', { clauses: [{ field: 'priority', op: 'gt', value: 'low' }] }, 'clauses.0.op'],
    ['an extra key in a clause', { clauses: [{ field: 'priority', op: 'eq', value: 'low', not: true }] }, 'clauses.0.not'],
    ['a list for eq', { clauses: [{ field: 'priority', op: 'eq', value: ['low'] }] }, 'clauses.0.value'],
    ['a string for in', { clauses: [{ field: 'priority', op: 'in', value: 'low' }] }, 'clauses.0.value'],
    ['an empty list for not_in', { clauses: [{ field: 'source', op: 'not_in', value: [] }] }, 'clauses.0.value'],
    ['a priority that is not one', { clauses: [{ field: 'priority', op: 'eq', value: 'critical' }] }, 'clauses.0.value'],
    ['a source that is not one', { clauses: [{ field: 'priority', op: 'eq', value: 'low' }, { field: 'source', op: 'in', value: ['email', 'fax'] }] }, 'clauses.1.value.1'],
    ['a requester type that is not one', { clauses: [{ field: 'requesterType', op: 'neq', value: 'customer' }] }, 'clauses.0.value'],
    ['a tag that is not one', { clauses: [{ field: 'tag', op: 'eq', value: 'not a tag' }] }, 'clauses.0.value'],
    ['an unknown match', { match: 'some' }, 'match'],
    ['no name', { name: '' }, 'name'],
    ['an unknown action', { action: { type: 'close' } }, 'action.type'],
    ['an action without its queue', { action: { type: 'reassign_queue' } }, 'action.queueId'],
    ['an action with extra fields', { action: { type: 'escalate', queueId: 'q-acme-billing' } }, 'action.queueId'],
  ])('%s → 400 naming the field', async (_what, over, field) => {
    const n = (await list()).length;
    expectError(await ada.post(R, rule(over)), 400, 'validation_failed', [field]);
    expect((await list()).length).toBe(n);
  });

  it.each([
    ['a queue that does not exist', { type: 'assign_to_queue', queueId: 'q-nope' }, 'action.queueId'],
    ['another tenant’s queue', { type: 'reassign_queue', queueId: 'q-globex-support' }, 'action.queueId'],
    ['a user who is not in the tenant', { type: 'assign_to_user', userId: idOf(users.gina) }, 'action.userId'],
    ['a customer', { type: 'assign_to_user', userId: idOf(users.carol) }, 'action.userId'],
    ['an unknown user', { type: 'assign_to_user', userId: 'nobody' }, 'action.userId'],
  ])('%s → 422, on create and on update', async (_what, action, field) => {
    expectError(await ada.post(R, rule({ action })), 422, 'unprocessable', [field]);
    const created = await create();
    expectError(await put(ada, `${R}/${created.id}`, rule({ action })), 422, 'unprocessable', [field]);
  });

  it('every action with a target of the tenant is accepted', async () => {
    for (const action of [
      { type: 'assign_to_queue', queueId: 'q-acme-general' },
      { type: 'assign_to_user', userId: idOf(users.alice) },
      { type: 'escalate' },
      { type: 'reassign_queue', queueId: 'q-acme-billing' },
    ]) {
      expect((await create({ action })).action).toEqual(action);
    }
    expect((await create({ match: 'any', clauses: [] })).clauses).toEqual([]);
  });
});

describe('preview', () => {
  it('evaluates the tenant’s rules against a ticket: first enabled match wins, with the trace; changes nothing', async () => {
    const ticket = await createTicket(alice, 'acme', { priority: 'urgent', source: 'phone', tags: ['vip', 'gold'] });
    // Four rules at the top, in this order: disabled, not matching, matching (any), matching.
    const r4 = await create({ name: 'catch-all', match: 'all', clauses: [], action: { type: 'escalate' }, position: 0 });
    const r3 = await create({ name: 'any vip', match: 'any', clauses: [{ field: 'tag', op: 'eq', value: 'nope' }, { field: 'tag', op: 'in', value: ['x', 'vip'] }], action: { type: 'assign_to_user', userId: idOf(users.alice) }, position: 0 });
    const r2 = await create({ name: 'low email', match: 'all', clauses: [{ field: 'priority', op: 'eq', value: 'urgent' }, { field: 'source', op: 'eq', value: 'email' }], position: 0 });
    const r1 = await create({ name: 'off', enabled: false, clauses: [], position: 0 });
    const before = await snapshot(ada, 'acme', ticket.number);
    const auditBefore = (await ada.get('/api/tenants/acme/audit?limit=1')).body.items[0];

    const res = await alice.post(`${R}/preview`, { ticket: ticket.number });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      ruleId: r3.id,
      action: { type: 'assign_to_user', userId: idOf(users.alice) },
      trace: [
        { ruleId: r1.id, matched: false, clauses: [], skipped: 'disabled' },
        { ruleId: r2.id, matched: false, clauses: [true, false] },
        { ruleId: r3.id, matched: true, clauses: [false, true] },
      ],
    });
    expect(res.body.trace.map((t: any) => t.ruleId)).not.toContain(r4.id);
    expect(await snapshot(ada, 'acme', ticket.number)).toEqual(before);
    expect((await ada.get('/api/tenants/acme/audit?limit=1')).body.items[0]).toEqual(auditBefore);

    // Moving the catch-all to the top makes it win.
    const order = (await ids()).filter((id) => id !== r4.id);
    expect((await ada.call('PUT', `${R}/order`, { ids: [r4.id, ...order] })).status).toBe(200);
    expect((await alice.post(`${R}/preview`, { ticket: ticket.number })).body).toEqual({ ruleId: r4.id, action: { type: 'escalate' }, trace: [{ ruleId: r4.id, matched: true, clauses: [] }] });
  });

  it('a rule whose queue was deleted is skipped and reported in the preview, and can still be edited', async () => {
    const queue = await ada.post('/api/tenants/acme/queues', { name: 'Short-lived', autoAssign: false, members: [] });
    expect(queue.status, JSON.stringify(queue.body)).toBe(201);
    const ticket = await createTicket(alice, 'acme', { tags: ['gone-queue'] });
    const fallback = await create({ name: 'fallback', clauses: [{ field: 'tag', op: 'eq', value: 'gone-queue' }], action: { type: 'escalate' }, position: 0 });
    const broken = await create({ name: 'broken', clauses: [{ field: 'tag', op: 'eq', value: 'gone-queue' }], action: { type: 'assign_to_queue', queueId: queue.body.id }, position: 0 });
    expect((await del(ada, `/api/tenants/acme/queues/${queue.body.id}`)).status).toBe(204);

    const res = await alice.post(`${R}/preview`, { ticket: ticket.number });
    expect(res.body).toMatchObject({ ruleId: fallback.id, action: { type: 'escalate' } });
    expect(res.body.trace.slice(0, 2)).toEqual([
      { ruleId: broken.id, matched: true, clauses: [true], skipped: 'missing_target' },
      { ruleId: fallback.id, matched: true, clauses: [true] },
    ]);
    // Disabling it keeps the action as it is: allowed; pointing it at another missing queue is not.
    const got = (await list()).find((r) => r.id === broken.id);
    expect((await put(ada, `${R}/${broken.id}`, { ...got, enabled: false })).body).toMatchObject({ enabled: false, action: got.action });
    expectError(await put(ada, `${R}/${broken.id}`, { ...got, action: { type: 'assign_to_queue', queueId: 'q-other-gone' } }), 422, 'unprocessable', ['action.queueId']);
  });

  it('a ticket that does not exist → 422; no ticket → 400', async () => {
    expectError(await alice.post(`${R}/preview`, { ticket: 'SD-99999' }), 422, 'unprocessable', ['ticket']);
    expectError(await alice.post(`${R}/preview`, { ticket: 'nonsense' }), 422, 'unprocessable', ['ticket']);
    expectError(await alice.post(`${R}/preview`, {}), 400, 'validation_failed', ['ticket']);
  });
});

describe('who may', () => {
  it('agents read and preview but do not write (403); other tenants → 404; customers → 403', async () => {
    const created = await create();
    const ticket = await createTicket(alice);
    expect((await alice.post(`${R}/preview`, { ticket: ticket.number })).status).toBe(200);
    expectError(await alice.post(R, rule()), 403, 'forbidden');
    expectError(await put(alice, `${R}/${created.id}`, rule()), 403, 'forbidden');
    expectError(await del(alice, `${R}/${created.id}`), 403, 'forbidden');
    expectError(await alice.call('PUT', `${R}/order`, { ids: await ids() }), 403, 'forbidden');

    const gina = await api.as(users.gina);
    for (const res of [await gina.get(R), await gina.post(R, rule()), await gina.post(`${R}/preview`, { ticket: ticket.number }), await gina.call('PUT', `${R}/order`, { ids: [] })]) {
      expectError(res, 404, 'not_found');
    }
    const globexRule = (await ada.post('/api/tenants/globex/routing-rules', rule({ action: { type: 'escalate' } }))).body;
    expectError(await put(ada, `${R}/${globexRule.id}`, rule()), 404, 'not_found');
    expectError(await del(ada, `${R}/${globexRule.id}`), 404, 'not_found');
    expect((await ids())).not.toContain(globexRule.id);

    const carol = await api.as(users.carol);
    expectError(await carol.get(R), 403, 'forbidden');
    expectError(await carol.post(R, rule()), 403, 'forbidden');
    expectError(await carol.post(`${R}/preview`, { ticket: ticket.number }), 403, 'forbidden');
  });
});
