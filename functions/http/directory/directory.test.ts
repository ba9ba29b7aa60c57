// The read side of a tenant's configuration and the partner directory over real HTTP: queues, help
// topics, agents, business partners (search, paging) and contacts, and who may read them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, type Client, expectError, idOf, listAll, startApi, users } from '../api-testing.ts';

let api: Api;
let ada: Client;
let alice: Client;
beforeAll(async () => {
  api = await startApi();
  [ada, alice] = await Promise.all([api.as(users.ada), api.as(users.alice)]);
});
afterAll(async () => api.rt.stop());

const T = '/api/tenants';

describe('queues', () => {
  it('lists the tenant’s queues, isDefault true only for the default', async () => {
    const res = await alice.get(`${T}/acme/queues`);
    expect(res.status).toBe(200);
    const items = res.body.items as { id: string; isDefault: boolean; name: string; autoAssign: boolean; members: { userId: string; role: string; priorityWeight: number; onBreak: boolean }[] }[];
    expect(items.map((q) => q.id).sort()).toEqual(['q-acme-billing', 'q-acme-general']);
    expect(items.filter((q) => q.isDefault).map((q) => q.id)).toEqual(['q-acme-general']);
    const general = items.find((q) => q.id === 'q-acme-general')!;
    expect(general).toMatchObject({ name: 'General Support', isDefault: true, autoAssign: true, version: expect.any(Number) });
    expect(general.members).toEqual([
      { userId: idOf(users.sam), role: 'lead', priorityWeight: 50, onBreak: false },
      { userId: idOf(users.alice), role: 'member', priorityWeight: 50, onBreak: false },
      { userId: idOf(users.max), role: 'member', priorityWeight: 50, onBreak: false },
    ]);
    expect(items.find((q) => q.id === 'q-acme-billing')!.isDefault).toBe(false);
    expect(JSON.stringify(res.body)).not.toContain('globex');

    const globex = (await ada.get(`${T}/globex/queues`)).body.items as { id: string; isDefault: boolean }[];
    expect(globex.filter((q) => q.isDefault).map((q) => q.id)).toEqual(['q-globex-support']);
  });

  it('answers a queue by id, and 404 for an unknown one or another tenant’s', async () => {
    const res = await alice.get(`${T}/acme/queues/q-acme-billing`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'q-acme-billing', name: 'Billing', isDefault: false, autoAssign: true });
    expect(res.body).not.toHaveProperty('tenantId');
    expect((await alice.get(`${T}/acme/queues/q-acme-general`)).body.isDefault).toBe(true);
    expectError(await alice.get(`${T}/acme/queues/q-nope`), 404, 'not_found');
    expectError(await ada.get(`${T}/acme/queues/q-globex-support`), 404, 'not_found');
  });
});

describe('help topics', () => {
  it('lists the tenant’s help topics with their defaults', async () => {
    const res = await alice.get(`${T}/acme/help-topics`);
    expect(res.status).toBe(200);
    const items = res.body.items as { id: string; active: boolean; defaults: Record<string, unknown> }[];
    expect(items.map((t) => t.id).sort()).toEqual(['ht-acme-access', 'ht-acme-billing', 'ht-acme-outage']);
    expect(items.every((t) => t.active)).toBe(true);
    expect(items.find((t) => t.id === 'ht-acme-billing')!.defaults).toEqual({ priority: 'medium', queueId: 'q-acme-billing' });
    expect(items.find((t) => t.id === 'ht-acme-access')!.defaults).toMatchObject({ priority: 'low', assigneeId: idOf(users.alice) });
  });

  it('answers a help topic by id, and 404 for an unknown one or another tenant’s', async () => {
    const res = await alice.get(`${T}/acme/help-topics/ht-acme-outage`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'ht-acme-outage', name: 'Service outage', active: true, defaults: { priority: 'urgent', queueId: 'q-acme-general' } });
    expectError(await alice.get(`${T}/acme/help-topics/ht-nope`), 404, 'not_found');
    expectError(await ada.get(`${T}/acme/help-topics/ht-globex-howto`), 404, 'not_found');
  });
});

describe('agents', () => {
  it('lists the tenant’s internal users: acme has alice, sam, ada and max — not gina, no customers', async () => {
    const res = await alice.get(`${T}/acme/agents`);
    expect(res.status).toBe(200);
    const items = res.body.items as { id: string; name: string; email: string; roles: string[] }[];
    expect(items.map((a) => a.email).sort()).toEqual(['ada@acme.test', 'alice@acme.test', 'max@acme.test', 'sam@acme.test']);
    expect(items.find((a) => a.email === 'sam@acme.test')).toEqual({ id: idOf(users.sam), name: 'Sam Stone', email: 'sam@acme.test', roles: ['service-desk-supervisor'] });
    for (const a of items) expect(Object.keys(a).sort()).toEqual(['email', 'id', 'name', 'roles']);
  });

  it('lists globex’s: ada, max and gina', async () => {
    const items = (await ada.get(`${T}/globex/agents`)).body.items as { email: string }[];
    expect(items.map((a) => a.email).sort()).toEqual(['ada@acme.test', 'gina@globex.test', 'max@acme.test']);
  });
});

describe('business partners and contacts', () => {
  type Partner = { id: string; name: string; status: string; mergedInto?: string };

  it('lists the tenant’s partners with their status', async () => {
    const items = await listAll<Partner>(alice, `${T}/acme/business-partners`);
    expect(items.map((p) => p.id).sort()).toEqual(['BP-1001', 'BP-1002', 'BP-1003', 'BP-1004']);
    expect(items.find((p) => p.id === 'BP-1003')).toMatchObject({ name: 'Fabrikam Inc', status: 'closed' });
    expect(items.find((p) => p.id === 'BP-1004')).toMatchObject({ status: 'merged', mergedInto: 'BP-1001' });
    expect(JSON.stringify(items)).not.toContain('BP-2');
  });

  it('searches by name prefix, case-insensitive', async () => {
    const ids = async (q: string) => (await listAll<Partner>(alice, `${T}/acme/business-partners?q=${encodeURIComponent(q)}`)).map((p) => p.id).sort();
    expect(await ids('north')).toEqual(['BP-1001', 'BP-1004']);
    expect(await ids('NORTHWIND T')).toEqual(['BP-1001']);
    expect(await ids('Con')).toEqual(['BP-1002']);
    expect(await ids('traders')).toEqual([]);
    expect(await ids('Initech')).toEqual([]);
  });

  it('pages by cursor, each partner once', async () => {
    const all = (await listAll<Partner>(alice, `${T}/acme/business-partners`)).map((p) => p.id);
    for (const limit of [1, 3]) expect((await listAll<Partner>(alice, `${T}/acme/business-partners`, limit)).map((p) => p.id)).toEqual(all);
    expect((await listAll<Partner>(alice, `${T}/acme/business-partners?q=north`, 1)).map((p) => p.id).sort()).toEqual(['BP-1001', 'BP-1004']);
  });

  it('answers 400 for a tampered cursor, another tenant’s cursor, or a bad limit', async () => {
    const { nextCursor } = (await alice.get(`${T}/acme/business-partners?limit=1`)).body;
    expect(nextCursor).toEqual(expect.any(String));
    const globexCursor = (await ada.get(`${T}/globex/business-partners?limit=1`)).body.nextCursor;
    for (const cursor of ['garbage', 'e30', `${nextCursor.slice(0, -4)}AAAA`, Buffer.from('{"pk":1}').toString('base64url'), globexCursor]) {
      expectError(await ada.get(`${T}/acme/business-partners?limit=1&cursor=${encodeURIComponent(cursor)}`), 400, 'validation_failed', [/cursor/]);
    }
    for (const limit of ['101', '0', 'x']) expectError(await alice.get(`${T}/acme/business-partners?limit=${limit}`), 400, 'validation_failed', [/limit/]);
  });

  it('answers 400 for a tampered cursor that still decodes (an edited position)', async () => {
    const { nextCursor } = (await alice.get(`${T}/acme/business-partners?limit=1`)).body;
    // The cursor is base64url JSON and a digest: edit the position inside, keep the digest.
    const [body, digest] = (nextCursor as string).split('.');
    const sealed = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')) as { k: string };
    const key = JSON.parse(Buffer.from(sealed.k, 'base64url').toString('utf8')) as Record<string, string>;
    const k = Buffer.from(JSON.stringify({ ...key, gsi1sk: key.gsi1sk!.replace(/namekey_[^#]*/, 'namekey_a') })).toString('base64url');
    const edited = `${Buffer.from(JSON.stringify({ k })).toString('base64url')}.${digest}`;
    expectError(await alice.get(`${T}/acme/business-partners?limit=5&cursor=${encodeURIComponent(edited)}`), 400, 'validation_failed', [/cursor/]);
  });

  it('answers a partner by id (merged and closed ones too), and 404 for an unknown one or another tenant’s', async () => {
    const res = await alice.get(`${T}/acme/business-partners/BP-1004`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 'BP-1004', name: 'Northwind (old account)', status: 'merged', mergedInto: 'BP-1001' });
    expect(res.body).not.toHaveProperty('tenantId');
    expect((await alice.get(`${T}/acme/business-partners/BP-1003`)).body.status).toBe('closed');
    expectError(await alice.get(`${T}/acme/business-partners/BP-9999`), 404, 'not_found');
    expectError(await ada.get(`${T}/acme/business-partners/BP-2001`), 404, 'not_found');
  });

  it('lists a partner’s contacts, and 404 for an unknown partner or another tenant’s', async () => {
    const res = await alice.get(`${T}/acme/business-partners/BP-1002/contacts`);
    expect(res.status).toBe(200);
    const items = res.body.items as { id: string; bpId: string; name: string; phone: string; confirmed: boolean }[];
    expect(items.map((c) => c.id).sort()).toEqual(['C-1002', 'C-1003']);
    expect(items.find((c) => c.id === 'C-1003')).toMatchObject({ bpId: 'BP-1002', name: 'Pat Lee', phone: '+15550001003', confirmed: false });
    expect(items.find((c) => c.id === 'C-1002')).toMatchObject({ email: 'dave@customer.test', confirmed: true });
    expect((await alice.get(`${T}/acme/business-partners/BP-1003/contacts`)).body.items).toEqual([]);
    expectError(await alice.get(`${T}/acme/business-partners/BP-9999/contacts`), 404, 'not_found');
    expectError(await ada.get(`${T}/acme/business-partners/BP-2001/contacts`), 404, 'not_found');
  });
});

describe('who may read the directory', () => {
  const routes = ['queues', 'queues/q-acme-general', 'help-topics', 'help-topics/ht-acme-billing', 'agents', 'business-partners', 'business-partners/BP-1001', 'business-partners/BP-1001/contacts'];

  it.each(routes)('%s: 404 for an agent of another tenant', async (route) => {
    const gina = await api.as(users.gina);
    const res = await gina.get(`${T}/acme/${route}`);
    expectError(res, 404, 'not_found');
    expect(JSON.stringify(res.body)).not.toMatch(/Northwind|General Support|Billing|alice/i);
    expectError(await alice.get(`${T}/globex/${route.replace('acme', 'globex').replace('BP-1001', 'BP-2001')}`), 404, 'not_found');
    expectError(await alice.get(`${T}/nope/${route}`), 404, 'not_found');
  });

  it.each(routes)('%s: 403 for a customer, 401 without a token', async (route) => {
    expectError(await (await api.as(users.carol)).get(`${T}/acme/${route}`), 403, 'forbidden');
    expectError(await (await api.as(users.erin)).get(`${T}/acme/${route}`), 403, 'forbidden');
    expect((await fetch(`${api.rt.url}${T}/acme/${route}`)).status).toBe(401);
  });
});
