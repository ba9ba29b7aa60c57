/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies of the API under test */
// Business partner and contact writes over real HTTP: create with the platform's id (409 if taken),
// PUT of what GET returned (status and mergedInto ignored), close, merge (survivor rules, chains
// re-pointed, cycles refused), contacts with a phone unique in the tenant (seeded contacts included),
// If-Match, the audit record of each change, and who may write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, type Client, expectError, startApi, ticketInput, users } from '../api-testing.ts';
import { del, lastAudit, put } from './admin-testing.ts';

let api: Api;
let ada: Client;
let alice: Client;
beforeAll(async () => {
  api = await startApi();
  [ada, alice] = await Promise.all([api.as(users.ada), api.as(users.alice)]);
});
afterAll(async () => api.rt.stop());

const P = '/api/tenants/acme/business-partners';
let seq = 0;
const newId = (prefix = 'BP-T') => `${prefix}${++seq}`;
const createPartner = async (name = 'Tailspin Toys') => {
  const res = await ada.post(P, { id: newId(), name });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as any;
};
const get = async (id: string) => (await alice.get(`${P}/${id}`)).body as any;
const merge = (id: string, mergedInto: string, client = ada) => client.post(`${P}/${id}/merge`, { mergedInto });

describe('partners', () => {
  it('creates a partner with the platform’s id: active, version 1; 409 when the id is taken; audited', async () => {
    const res = await ada.post(P, { id: 'BP-1901', name: ' Tailspin Toys ' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ id: 'BP-1901', name: 'Tailspin Toys', status: 'active', version: 1, createdAt: expect.any(String), updatedAt: expect.any(String) });
    expect(await get('BP-1901')).toEqual(res.body);
    expect((await alice.get(`${P}?q=tailspin`)).body.items.map((p: any) => p.id)).toContain('BP-1901');
    expect((await lastAudit(ada, 'acme', 'business-partner', 'BP-1901', 'create')).after).toEqual(res.body);
    expectError(await ada.post(P, { id: 'BP-1901', name: 'Again' }), 409, 'conflict', ['id']);
    expectError(await ada.post(P, { id: 'BP-1001', name: 'Seeded' }), 409, 'conflict', ['id']);
    expect((await get('BP-1001')).name).not.toBe('Seeded');
    // Ids are per tenant: globex may hold the same one.
    expect((await ada.post('/api/tenants/globex/business-partners', { id: 'BP-1901', name: 'Elsewhere' })).status).toBe(201);
  });

  it.each([
    ['no id', { name: 'x' }, 'id'],
    ['an id with a slash', { id: 'BP/1', name: 'x' }, 'id'],
    ['no name', { id: 'BP-X1' }, 'name'],
    ['a blank name', { id: 'BP-X2', name: '  ' }, 'name'],
    ['a name over 200', { id: 'BP-X3', name: 'x'.repeat(201) }, 'name'],
    ['a status', { id: 'BP-X4', name: 'x', status: 'closed' }, 'status'],
  ])('create with %s → 400', async (_what, body, field) => {
    expectError(await ada.post(P, body), 400, 'validation_failed', [field]);
  });

  it('a PUT of exactly what GET returned succeeds; status and mergedInto are ignored; stale If-Match → 409; audited', async () => {
    const p = await createPartner();
    const same = await put(ada, `${P}/${p.id}`, await get(p.id), p.version);
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body).toEqual({ ...p, version: 2, updatedAt: expect.any(String) });
    const renamed = await put(ada, `${P}/${p.id}`, { ...same.body, name: 'Tailspin Toys GmbH', status: 'closed', mergedInto: 'BP-1001' }, 2);
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Tailspin Toys GmbH', status: 'active', version: 3 });
    expect(renamed.body).not.toHaveProperty('mergedInto');
    const audit = await lastAudit(ada, 'acme', 'business-partner', p.id, 'update');
    expect(audit).toMatchObject({ before: { name: 'Tailspin Toys', version: 2 }, after: { name: 'Tailspin Toys GmbH', version: 3 } });
    expect(expectError(await put(ada, `${P}/${p.id}`, { name: 'x' }, 1), 409, 'conflict', ['version'])[0]).toMatchObject({ current: 3 });
    expectError(await put(ada, `${P}/${p.id}`, { name: 'x', extra: 1 }), 400, 'validation_failed', ['extra']);
    expectError(await put(ada, `${P}/${p.id}`, { name: '' }), 400, 'validation_failed', ['name']);
    expectError(await put(ada, `${P}/BP-nope`, { name: 'x' }), 404, 'not_found');
  });

  it('closes a partner: it can no longer raise tickets; closing again changes nothing; audited', async () => {
    const p = await createPartner();
    const res = await ada.post(`${P}/${p.id}/close`, {});
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: p.id, status: 'closed', version: 2 });
    const closed = await get(p.id);
    expect(closed).toEqual(res.body);
    expect((await lastAudit(ada, 'acme', 'business-partner', p.id, 'update')).after).toMatchObject({ status: 'closed' });
    const again = await ada.post(`${P}/${p.id}/close`, {});
    expect(again.status).toBe(200);
    expect(again.body).toEqual(closed);
    expectError(await alice.post('/api/tenants/acme/tickets', ticketInput({ requester: { type: 'bp', bpId: p.id } })), 422, 'unprocessable', ['requester.bpId']);
    expectError(await ada.post(`${P}/BP-nope/close`, {}), 404, 'not_found');
    const other = await createPartner();
    expectError(await ada.call('POST', `${P}/${other.id}/close`, {}, { 'if-match': '5' }), 409, 'conflict', ['version']);
    expect((await get(other.id)).status).toBe('active');
  });
});

describe('merge', () => {
  it('merges into an active survivor; new tickets go to the survivor; audited', async () => {
    const [a, s] = [await createPartner('Merge A'), await createPartner('Merge S')];
    const res = await merge(a.id, s.id);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ id: a.id, status: 'merged', mergedInto: s.id, version: 2 });
    expect(await get(a.id)).toEqual(res.body);
    expect((await lastAudit(ada, 'acme', 'business-partner', a.id, 'update')).after).toMatchObject({ status: 'merged', mergedInto: s.id });
    const ticket = await alice.post('/api/tenants/acme/tickets', ticketInput({ requester: { type: 'bp', bpId: a.id } }));
    expect(ticket.status, JSON.stringify(ticket.body)).toBe(201);
    expect(ticket.body.requester.bpId).toBe(s.id);
  });

  it('re-points partners merged into the one being merged, so every lookup takes one step', async () => {
    const [a, b, c, d] = [await createPartner('Chain A'), await createPartner('Chain B'), await createPartner('Chain C'), await createPartner('Chain D')];
    expect((await merge(a.id, b.id)).status).toBe(200);
    expect((await merge(b.id, c.id)).status).toBe(200);
    expect(await get(a.id)).toMatchObject({ status: 'merged', mergedInto: c.id, version: 3 });
    expect((await lastAudit(ada, 'acme', 'business-partner', a.id, 'update')).after).toMatchObject({ mergedInto: c.id });
    expect((await merge(c.id, d.id)).status).toBe(200);
    for (const id of [a.id, b.id, c.id]) expect(await get(id)).toMatchObject({ status: 'merged', mergedInto: d.id });
    expect(await get(d.id)).toMatchObject({ status: 'active' });
  });

  it('refuses a cycle, itself, a closed or merged or missing survivor, and another tenant’s (422); nothing changes', async () => {
    const [a, b, closed] = [await createPartner('Cyc A'), await createPartner('Cyc B'), await createPartner('Cyc closed')];
    expect((await merge(a.id, b.id)).status).toBe(200);
    expect((await ada.post(`${P}/${closed.id}/close`, {})).status).toBe(200);
    const snapshot = async () => Promise.all([a.id, b.id, closed.id].map(get));
    const before = await snapshot();
    const code = async (res: any) => expectError(res, 422, 'unprocessable', ['mergedInto'])[0]!.code;
    expect(await code(await merge(b.id, a.id))).toBe('merge_cycle');
    expect(await code(await merge(b.id, b.id))).toBe('self');
    expect(await code(await merge(b.id, closed.id))).toBe('survivor_not_active');
    expect(await code(await merge(closed.id, a.id))).toBe('survivor_not_active');
    expect(await code(await merge(b.id, 'BP-1004'))).toBe('survivor_not_active');
    expect(await code(await merge(b.id, 'BP-nope'))).toBe('missing_survivor');
    expect(await code(await merge(b.id, 'BP-2001'))).toBe('missing_survivor');
    expect(await code(await merge(a.id, 'BP-1002'))).toBe('already_merged');
    expect(await snapshot()).toEqual(before);
    // Merging again into the same survivor changes nothing (it only re-points stragglers).
    expect((await merge(a.id, b.id)).body).toEqual(before[0]);
    expectError(await ada.post(`${P}/${b.id}/merge`, {}), 400, 'validation_failed', ['mergedInto']);
    expectError(await merge('BP-nope', b.id), 404, 'not_found');
    expectError(await ada.call('POST', `${P}/${b.id}/merge`, { mergedInto: closed.id }, { 'if-match': '99' }), 409, 'conflict', ['version']);
  });

  it('a closed partner may be merged into an active one', async () => {
    const [c, s] = [await createPartner('Closed src'), await createPartner('Active dst')];
    await ada.post(`${P}/${c.id}/close`, {});
    expect((await merge(c.id, s.id)).body).toMatchObject({ status: 'merged', mergedInto: s.id });
  });
});

describe('contacts', () => {
  const C = (bpId: string) => `${P}/${bpId}/contacts`;
  let phoneSeq = 0;
  const phone = () => `+1555990${String(++phoneSeq).padStart(4, '0')}`;
  const createContact = async (bpId: string, over: Record<string, unknown> = {}) => {
    const res = await ada.post(C(bpId), { id: newId('C-T'), name: 'Sam Contact', phone: phone(), ...over });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as any;
  };

  it('creates a contact with the platform’s id: unconfirmed unless set; listed; 409 when the id is taken; audited', async () => {
    const p = await createPartner();
    const res = await ada.post(C(p.id), { id: 'C-1901', name: ' Kim Lee ', phone: '+15559991901', email: 'Kim@Example.test' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toEqual({ id: 'C-1901', bpId: p.id, name: 'Kim Lee', phone: '+15559991901', email: 'kim@example.test', confirmed: false, version: 1, createdAt: expect.any(String), updatedAt: expect.any(String) });
    expect((await alice.get(C(p.id))).body.items).toEqual([res.body]);
    expect((await lastAudit(ada, 'acme', 'contact', 'C-1901', 'create')).after).toEqual(res.body);
    expect((await createContact(p.id, { confirmed: true })).confirmed).toBe(true);
    // Contact ids are unique in the tenant, whichever partner holds them.
    expectError(await ada.post(C(p.id), { id: 'C-1901', name: 'x', phone: phone() }), 409, 'conflict', ['id']);
    expectError(await ada.post(C(p.id), { id: 'C-1002', name: 'x', phone: phone() }), 409, 'conflict', ['id']);
  });

  it.each([
    ['a phone that is not E.164', { phone: '5550001' }, 'phone'],
    ['a phone with spaces', { phone: '+1 555 000 1234' }, 'phone'],
    ['a phone with a leading 0', { phone: '+05550001234' }, 'phone'],
    ['no phone', { phone: undefined }, 'phone'],
    ['no name', { name: undefined }, 'name'],
    ['a bad email', { email: 'nope' }, 'email'],
    ['an unknown field', { role: 'boss' }, 'role'],
  ])('create with %s → 400', async (_what, over, field) => {
    expectError(await ada.post(C('BP-1001'), { id: newId('C-T'), name: 'x', phone: phone(), ...over }), 400, 'validation_failed', [field]);
  });

  it('a phone used by another contact of the tenant → 409, seeded contacts included; another tenant may use it', async () => {
    const p = await createPartner();
    const first = await createContact(p.id);
    expectError(await ada.post(C(p.id), { id: newId('C-T'), name: 'x', phone: first.phone }), 409, 'conflict', ['phone']);
    expectError(await ada.post(C('BP-1002'), { id: newId('C-T'), name: 'x', phone: first.phone }), 409, 'conflict', ['phone']);
    for (const seeded of ['+15550001001', '+15550001002', '+15550001003']) {
      expectError(await ada.post(C(p.id), { id: newId('C-T'), name: 'x', phone: seeded }), 409, 'conflict', ['phone']);
    }
    const g = (await ada.post('/api/tenants/globex/business-partners', { id: newId(), name: 'G' })).body;
    expect((await ada.post(`/api/tenants/globex/business-partners/${g.id}/contacts`, { id: newId('C-T'), name: 'x', phone: first.phone })).status).toBe(201);
  });

  it('two concurrent creates with the same phone: exactly one wins', async () => {
    const p = await createPartner();
    const shared = phone();
    const results = await Promise.all([0, 1, 2].map(() => ada.post(C(p.id), { id: newId('C-T'), name: 'Racer', phone: shared })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(((await alice.get(C(p.id))).body.items as any[]).filter((c) => c.phone === shared)).toHaveLength(1);
  });

  it('a PUT of exactly what GET returned succeeds; the admin confirms; a phone change frees the old phone; audited', async () => {
    const p = await createPartner();
    const c = await createContact(p.id);
    const got = ((await alice.get(C(p.id))).body.items as any[]).find((x) => x.id === c.id);
    const same = await put(ada, `${C(p.id)}/${c.id}`, got, got.version);
    expect(same.status, JSON.stringify(same.body)).toBe(200);
    expect(same.body).toEqual({ ...got, version: 2, updatedAt: expect.any(String) });

    const newPhone = phone();
    const edited = await put(ada, `${C(p.id)}/${c.id}`, { ...same.body, confirmed: true, phone: newPhone }, 2);
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ confirmed: true, phone: newPhone, version: 3 });
    expect((await lastAudit(ada, 'acme', 'contact', c.id, 'update'))).toMatchObject({ before: { confirmed: false, phone: c.phone }, after: { confirmed: true, phone: newPhone } });
    // The old phone is free again; the new one is taken.
    expect((await ada.post(C(p.id), { id: newId('C-T'), name: 'x', phone: c.phone })).status).toBe(201);
    expectError(await ada.post(C(p.id), { id: newId('C-T'), name: 'x', phone: newPhone }), 409, 'conflict', ['phone']);

    expectError(await put(ada, `${C(p.id)}/${c.id}`, { ...edited.body, phone: '+15550001001' }), 409, 'conflict', ['phone']);
    expectError(await put(ada, `${C(p.id)}/${c.id}`, { ...edited.body, phone: 'nope' }), 400, 'validation_failed', ['phone']);
    expectError(await put(ada, `${C(p.id)}/${c.id}`, { ...edited.body, bpId: 'BP-1001' }), 422, 'unprocessable', ['bpId']);
    expect(expectError(await put(ada, `${C(p.id)}/${c.id}`, edited.body, 1), 409, 'conflict', ['version'])[0]).toMatchObject({ current: 3 });
    expect(((await alice.get(C(p.id))).body.items as any[]).find((x) => x.id === c.id)).toEqual(edited.body);
  });

  it('a seeded contact may be edited keeping its phone (and then holds its claim)', async () => {
    const got = ((await alice.get(C('BP-1002'))).body.items as any[]).find((x) => x.id === 'C-1003');
    const res = await put(ada, `${C('BP-1002')}/C-1003`, { ...got, confirmed: true }, got.version);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ phone: '+15550001003', confirmed: true });
    const back = await put(ada, `${C('BP-1002')}/C-1003`, { ...res.body, confirmed: false }, res.body.version);
    expect(back.body.confirmed).toBe(false);
  });

  it('deletes a contact (If-Match honoured): gone, its phone free; audited', async () => {
    const p = await createPartner();
    const c = await createContact(p.id);
    expectError(await del(ada, `${C(p.id)}/${c.id}`, 4), 409, 'conflict', ['version']);
    expect((await del(ada, `${C(p.id)}/${c.id}`, 1)).status).toBe(204);
    expect((await alice.get(C(p.id))).body.items).toEqual([]);
    expect((await lastAudit(ada, 'acme', 'contact', c.id, 'delete')).before).toMatchObject({ id: c.id, phone: c.phone });
    expect((await ada.post(C(p.id), { id: newId('C-T'), name: 'x', phone: c.phone })).status).toBe(201);
    expectError(await del(ada, `${C(p.id)}/${c.id}`), 404, 'not_found');
  });

  it('a contact is addressed under its own partner (404 otherwise); unknown partner → 404; merged partner → 422', async () => {
    const p = await createPartner();
    const c = await createContact(p.id);
    expectError(await put(ada, `${C('BP-1001')}/${c.id}`, { name: 'x', phone: c.phone }), 404, 'not_found');
    expectError(await del(ada, `${C('BP-1001')}/${c.id}`), 404, 'not_found');
    expectError(await ada.post(C('BP-nope'), { id: newId('C-T'), name: 'x', phone: phone() }), 404, 'not_found');
    expectError(await ada.post(C('BP-1004'), { id: newId('C-T'), name: 'x', phone: phone() }), 422, 'unprocessable', ['bpId']);
    expectError(await ada.post(C('BP-2001'), { id: newId('C-T'), name: 'x', phone: phone() }), 404, 'not_found');
  });
});

describe('who may', () => {
  it('agents → 403 on every write; other tenants → 404; customers → 403', async () => {
    const p = await createPartner();
    const writes = (c: Client) => [
      c.post(P, { id: newId(), name: 'x' }),
      put(c, `${P}/${p.id}`, { name: 'x' }),
      c.post(`${P}/${p.id}/close`, {}),
      c.post(`${P}/${p.id}/merge`, { mergedInto: 'BP-1001' }),
      c.post(`${P}/${p.id}/contacts`, { id: newId('C-T'), name: 'x', phone: '+15559998888' }),
      put(c, `${P}/BP-1001/contacts/C-1001`, { name: 'x', phone: '+15550001001' }),
      del(c, `${P}/BP-1001/contacts/C-1001`),
    ];
    for (const res of await Promise.all(writes(alice))) expectError(res, 403, 'forbidden');
    for (const res of await Promise.all(writes(await api.as(users.max)))) expectError(res, 403, 'forbidden');
    for (const res of await Promise.all(writes(await api.as(users.gina)))) expectError(res, 404, 'not_found');
    for (const res of await Promise.all(writes(await api.as(users.carol)))) expectError(res, 403, 'forbidden');
    expect(await get(p.id)).toEqual(p);
    expect(((await alice.get(`${P}/BP-1001/contacts`)).body.items as any[]).find((c) => c.id === 'C-1001')).toMatchObject({ phone: '+15550001001', version: 1 });
  });
});
