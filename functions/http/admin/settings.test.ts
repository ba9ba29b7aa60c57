/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies of the API under test */
// Settings tabs over real HTTP: defaults from the first read, PUT of what GET returned, If-Match,
// validation of each tab, the routing tab's default queue, WhatsApp phone number ids unique across
// tenants, a disabled source refused at ticket create, audit records, and who may read and write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPhoneNumberRepo } from '../../../shared/whatsapp/phone-number.repo.ts';
import { settingsDefaults } from '../../../shared/settings/settings.schema.ts';
import { type Api, type Client, expectError, startApi, ticketInput, users } from '../api-testing.ts';
import { lastAudit, put } from './admin-testing.ts';

let api: Api;
let ada: Client;
let alice: Client;
beforeAll(async () => {
  api = await startApi();
  [ada, alice] = await Promise.all([api.as(users.ada), api.as(users.alice)]);
});
afterAll(async () => api.rt.stop());

const S = (tenant: string, tab: string) => `/api/tenants/${tenant}/settings/${tab}`;
const tabs = ['priorities', 'sources', 'routing', 'policies', 'whatsapp'] as const;
const get = async (tenant: string, tab: string) => {
  const res = await ada.get(S(tenant, tab));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as any;
};

describe('reading', () => {
  it('every tab has SPEC’s defaults from the first read, with a version', async () => {
    expect(await get('acme', 'priorities')).toEqual({ ...settingsDefaults.priorities, version: 0 });
    expect((await get('acme', 'priorities')).items.map((i: any) => i.key)).toEqual(['low', 'medium', 'high', 'urgent']);
    expect(await get('acme', 'sources')).toEqual({ ...settingsDefaults.sources, version: 0 });
    expect(await get('globex', 'policies')).toMatchObject({
      timeZone: 'UTC',
      businessHours: [],
      holidays: [],
      pauseOnPending: true,
      reopenWindowDays: 14,
      autoCloseResolvedAfterDays: 7,
      targets: { urgent: { firstResponseMinutes: 30, resolutionMinutes: 240 }, low: { firstResponseMinutes: 480, resolutionMinutes: 2880 } },
      version: expect.any(Number),
    });
    expect(await get('acme', 'routing')).toMatchObject({ autoAssign: true, rerouteOnUpdate: true, defaultQueueId: 'q-acme-general', version: expect.any(Number), updatedAt: expect.any(String) });
    expect((await get('acme', 'whatsapp')).phoneNumberIds).toEqual(['100000001']);
  });

  it('an unknown tab → 404 (GET and PUT)', async () => {
    expectError(await ada.get(S('acme', 'colours')), 404, 'not_found');
    expectError(await put(ada, S('acme', 'colours'), {}), 404, 'not_found');
    expectError(await put(ada, S('acme', 'constructor'), {}), 404, 'not_found');
  });

  it('agents read (view); customers → 403; another tenant → 404', async () => {
    expect((await alice.get(S('acme', 'priorities'))).status).toBe(200);
    expectError(await (await api.as(users.carol)).get(S('acme', 'priorities')), 403, 'forbidden');
    expectError(await (await api.as(users.gina)).get(S('acme', 'priorities')), 404, 'not_found');
    expectError(await alice.get(S('globex', 'priorities')), 404, 'not_found');
  });
});

describe('writing', () => {
  it.each(tabs)('%s: a PUT of exactly what GET returned succeeds, bumps the version and is audited', async (tab) => {
    const got = await get('globex', tab);
    const res = await put(ada, S('globex', tab), got);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ ...got, version: got.version + 1, updatedAt: expect.any(String) });
    expect(await get('globex', tab)).toEqual(res.body);
    const audit = await lastAudit(ada, 'globex', 'settings', tab, got.version === 0 ? 'create' : 'update');
    expect(audit.after).toEqual(res.body);
  });

  it('If-Match: stale → 409 naming the current version, nothing saved; current → 200', async () => {
    expect((await put(ada, S('acme', 'priorities'), await get('acme', 'priorities'))).status).toBe(200);
    const got = await get('acme', 'priorities');
    const edited = { ...got, items: got.items.map((i: any) => (i.key === 'urgent' ? { ...i, label: 'Critical', color: '#ff0000' } : i)) };
    expect(expectError(await put(ada, S('acme', 'priorities'), edited, got.version + 3), 409, 'conflict')).toEqual([{ field: 'version', current: got.version }]);
    expect(await get('acme', 'priorities')).toEqual(got);
    const ok = await put(ada, S('acme', 'priorities'), edited, got.version);
    expect(ok.status).toBe(200);
    expect(ok.body.items.find((i: any) => i.key === 'urgent')).toMatchObject({ label: 'Critical', color: '#ff0000' });
    expectError(await put(ada, S('acme', 'priorities'), edited, got.version), 409, 'conflict', ['version']);
    const audit = await lastAudit(ada, 'acme', 'settings', 'priorities', 'update');
    expect(audit.before.items.find((i: any) => i.key === 'urgent').label).toBe('Urgent');
  });

  it('invalid values → 400 with details; unknown fields too', async () => {
    const p = await get('acme', 'policies');
    const bad = async (tab: string, body: unknown, field: string | RegExp) => expectError(await put(ada, S('acme', tab), body), 400, 'validation_failed', [field]);
    await bad('policies', { ...p, timeZone: 'Mars/Olympus_Mons' }, 'timeZone');
    await bad('policies', { ...p, businessHours: [{ day: 1, start: '17:00', end: '09:00' }] }, 'businessHours.0.end');
    await bad('policies', { ...p, businessHours: [{ day: 8, start: '09:00', end: '17:00' }] }, 'businessHours.0.day');
    await bad('policies', { ...p, holidays: ['2026-02-30'] }, 'holidays.0');
    await bad('policies', { ...p, holidays: ['25.12.2026'] }, 'holidays.0');
    await bad('policies', { ...p, reopenWindowDays: -1 }, 'reopenWindowDays');
    await bad('policies', { ...p, targets: { ...p.targets, high: { firstResponseMinutes: 0, resolutionMinutes: 10 } } }, 'targets.high.firstResponseMinutes');
    await bad('policies', { ...p, slaMode: 'strict' }, 'slaMode');
    await bad('priorities', { items: [] }, 'items');
    await bad('sources', { items: settingsDefaults.sources.items.map((i) => ({ ...i, enabled: 'yes' })) }, 'items.0.enabled');
    await bad('routing', { autoAssign: true, rerouteOnUpdate: true }, 'defaultQueueId');
    expect((await get('acme', 'policies')).version).toBe(p.version);
  });

  it('policies: a valid calendar is saved as sent', async () => {
    const p = await get('acme', 'policies');
    const body = { ...p, timeZone: 'Europe/Berlin', businessHours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })), holidays: ['2026-12-25', '2026-12-26'], reopenWindowDays: 7 };
    const res = await put(ada, S('acme', 'policies'), body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ timeZone: 'Europe/Berlin', holidays: ['2026-12-25', '2026-12-26'], reopenWindowDays: 7 });
  });

  it('routing: defaultQueueId must be a queue of the tenant (422); a valid one moves the default', async () => {
    const r = await get('acme', 'routing');
    expectError(await put(ada, S('acme', 'routing'), { ...r, defaultQueueId: 'q-nope' }), 422, 'unprocessable', ['defaultQueueId']);
    expectError(await put(ada, S('acme', 'routing'), { ...r, defaultQueueId: 'q-globex-support' }), 422, 'unprocessable', ['defaultQueueId']);
    const moved = await put(ada, S('acme', 'routing'), { ...r, defaultQueueId: 'q-acme-billing', autoAssign: false });
    expect(moved.body).toMatchObject({ defaultQueueId: 'q-acme-billing', autoAssign: false, version: r.version + 1 });
    const queues = (await alice.get('/api/tenants/acme/queues')).body.items as any[];
    expect(queues.filter((q) => q.isDefault).map((q) => q.id)).toEqual(['q-acme-billing']);
    expect((await put(ada, S('acme', 'routing'), { ...moved.body, defaultQueueId: 'q-acme-general', autoAssign: true })).status).toBe(200);
  });

  it('agents and supervisors → 403, customers → 403, another tenant → 404', async () => {
    const got = await get('acme', 'sources');
    for (const email of [users.alice, users.sam, users.carol]) expectError(await put(await api.as(email), S('acme', 'sources'), got), 403, 'forbidden');
    expectError(await put(await api.as(users.gina), S('acme', 'sources'), got), 404, 'not_found');
    expectError(await put(ada, S('initech', 'sources'), got), 404, 'not_found');
    expect((await get('acme', 'sources')).version).toBe(got.version);
  });
});

describe('whatsapp', () => {
  it('menu within the Graph API limits, else 400', async () => {
    const w = await get('acme', 'whatsapp');
    const menu = (patch: Record<string, unknown>) => put(ada, S('acme', 'whatsapp'), { ...w, menu: { ...w.menu, ...patch } });
    const row = (i: number, patch: Record<string, unknown>) => w.menu.rows.map((r: any, j: number) => (j === i ? { ...r, ...patch } : r));
    expectError(await menu({ header: 'h'.repeat(61) }), 400, 'validation_failed', ['menu.header']);
    expectError(await menu({ body: '' }), 400, 'validation_failed', ['menu.body']);
    expectError(await menu({ body: 'b'.repeat(1025) }), 400, 'validation_failed', ['menu.body']);
    expectError(await menu({ button: 'b'.repeat(21) }), 400, 'validation_failed', ['menu.button']);
    expectError(await menu({ rows: row(0, { title: 't'.repeat(25) }) }), 400, 'validation_failed', ['menu.rows.0.title']);
    expectError(await menu({ rows: row(1, { description: 'd'.repeat(73) }) }), 400, 'validation_failed', ['menu.rows.1.description']);
    expectError(await menu({ rows: w.menu.rows.slice(0, 2) }), 400, 'validation_failed', ['menu.rows']);
    expectError(await menu({ rows: row(2, { skill: w.menu.rows[0].skill }) }), 400, 'validation_failed', ['menu.rows.2.skill']);
    const ok = await menu({ header: 'h'.repeat(60), body: 'b'.repeat(1024), button: 'b'.repeat(20), rows: row(0, { title: 't'.repeat(24), description: 'd'.repeat(72) }) });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it('a phone number id another tenant holds → 409, nothing saved; dropped ids are released; the claim is the lookup', async () => {
    const phones = createPhoneNumberRepo(api.rt.db);
    // globex saves its tab: its id is claimed (the seed wrote the tab without claims).
    const g = await get('globex', 'whatsapp');
    expect((await put(ada, S('globex', 'whatsapp'), g)).status).toBe(200);
    expect(await phones.findTenantByPhoneNumberId('100000002')).toBe('globex');

    const a = await get('acme', 'whatsapp');
    const taken = await put(ada, S('acme', 'whatsapp'), { ...a, phoneNumberIds: ['100000001', '100000002'] });
    expect(expectError(taken, 409, 'conflict', ['phoneNumberIds.1'])).toHaveLength(1);
    expect(await get('acme', 'whatsapp')).toEqual(a);
    expect(await phones.findTenantByPhoneNumberId('100000002')).toBe('globex');

    const added = await put(ada, S('acme', 'whatsapp'), { ...a, phoneNumberIds: ['100000001', '100000009'] });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(await phones.findTenantByPhoneNumberId('100000001')).toBe('acme');
    expect(await phones.findTenantByPhoneNumberId('100000009')).toBe('acme');
    expectError(await put(ada, S('globex', 'whatsapp'), { ...g, phoneNumberIds: ['100000002', '100000009'] }), 409, 'conflict', ['phoneNumberIds.1']);

    expect((await put(ada, S('acme', 'whatsapp'), { ...added.body, phoneNumberIds: ['100000001'] })).status).toBe(200);
    expect(await phones.findTenantByPhoneNumberId('100000009')).toBeNull();
    expect((await put(ada, S('globex', 'whatsapp'), { ...(await get('globex', 'whatsapp')), phoneNumberIds: ['100000002', '100000009'] })).status).toBe(200);
    expect(await phones.findTenantByPhoneNumberId('100000009')).toBe('globex');
    const audit = await lastAudit(ada, 'globex', 'settings', 'whatsapp', 'update');
    expect(audit.after.phoneNumberIds).toEqual(['100000002', '100000009']);
  });

  it('400 for a phone number id listed twice or not digits', async () => {
    const w = await get('acme', 'whatsapp');
    expectError(await put(ada, S('acme', 'whatsapp'), { ...w, phoneNumberIds: ['100000001', '100000001'] }), 400, 'validation_failed', ['phoneNumberIds.1']);
    expectError(await put(ada, S('acme', 'whatsapp'), { ...w, phoneNumberIds: ['+1 555'] }), 400, 'validation_failed', ['phoneNumberIds.0']);
  });
});

describe('sources', () => {
  it('a disabled source is refused at ticket create (422, field source); the others are not', async () => {
    const s = await get('acme', 'sources');
    const off = await put(ada, S('acme', 'sources'), { ...s, items: s.items.map((i: any) => (i.key === 'email' || i.key === 'portal' ? { ...i, enabled: false } : i)) });
    expect(off.status).toBe(200);
    expectError(await alice.post('/api/tenants/acme/tickets', ticketInput({ source: 'email' })), 422, 'unprocessable', ['source']);
    // Also when the create loads the tenant's configuration anyway (a help topic).
    expectError(await alice.post('/api/tenants/acme/tickets', ticketInput({ source: 'email', helpTopicId: 'ht-acme-billing' })), 422, 'unprocessable', ['source']);
    expectError(await (await api.as(users.carol)).post('/api/my/tickets', { subject: 'Help', description: 'Please' }), 422, 'unprocessable', ['source']);
    expect((await alice.post('/api/tenants/acme/tickets', ticketInput({ source: 'phone' }))).status).toBe(201);
    // globex is not affected.
    expect((await ada.post('/api/tenants/globex/tickets', ticketInput({ source: 'email' }))).status).toBe(201);
    expect((await put(ada, S('acme', 'sources'), off.body)).status).toBe(200);
    expect((await put(ada, S('acme', 'sources'), s)).status).toBe(200);
    expect((await alice.post('/api/tenants/acme/tickets', ticketInput({ source: 'email' }))).status).toBe(201);
  });
});
