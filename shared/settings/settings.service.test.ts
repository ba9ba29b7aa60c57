// Settings and the default queue of a tenant that has saved nothing yet, against dynalite; and the
// claims of phone number ids written into WhatsApp tabs directly (as the seed does).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable, type TestTable } from '../../infra/local/testing.ts';
import type { Actor } from '../identity/actor.ts';
import { createQueueRepo } from '../queue/queue.repo.ts';
import { createQueue } from '../queue/queue.service.ts';
import { listQueues } from '../tenant/directory.service.ts';
import { createPhoneNumberRepo } from '../whatsapp/phone-number.repo.ts';
import { createSettingsRepo } from './settings.repo.ts';
import { settingsDefaults } from './settings.schema.ts';
import { getSettingsTab, syncPhoneNumberClaims } from './settings.service.ts';

let db: TestTable;
beforeAll(async () => {
  db = await startTestTable();
});
afterAll(async () => db.stop());

let n = 0;
const ctx = () => ({ db, clock: { now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, n)) }, ids: { next: () => `ID${String(++n).padStart(24, '0')}` } });
const admin: Actor = { id: 'u-admin', name: 'Admin', email: 'a@x.test', type: 'agent', roles: ['service-desk-admin'], permissions: ['service-desk.view', 'service-desk.manage', 'service-desk.admin'], tenants: ['initech'] };

describe('a tenant that has saved nothing', () => {
  it('reads defaults for every tab; routing has none until the tenant has a queue (404)', async () => {
    expect(await getSettingsTab(ctx(), 'initech', 'sources')).toEqual({ ...settingsDefaults.sources, version: 0 });
    await expect(getSettingsTab(ctx(), 'initech', 'routing')).rejects.toMatchObject({ code: 'not_found' });
    await expect(getSettingsTab(ctx(), 'initech', 'nope')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('its first queue becomes the default (saved in the routing tab); the next does not', async () => {
    const first = await createQueue(ctx(), admin, 'initech', { name: 'Front desk', autoAssign: true, members: [], isDefault: false });
    expect(first.isDefault).toBe(true);
    expect(await getSettingsTab(ctx(), 'initech', 'routing')).toMatchObject({ autoAssign: true, rerouteOnUpdate: true, defaultQueueId: first.id, version: 1 });
    const second = await createQueue(ctx(), admin, 'initech', { name: 'Back office', autoAssign: true, members: [] });
    expect(second.isDefault).toBe(false);
    expect((await listQueues(db, 'initech')).items.filter((q) => q.isDefault).map((q) => q.id)).toEqual([first.id]);
  });

  it('without a routing tab, the oldest queue is the default it reads', async () => {
    const c = ctx();
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
    await createQueueRepo(db).put({ tenantId: 'umbrella', id: 'q-b', name: 'B', autoAssign: true, members: [], version: 1, createdAt: at(2), updatedAt: at(2) });
    await createQueueRepo(db).put({ tenantId: 'umbrella', id: 'q-a', name: 'A', autoAssign: true, members: [], version: 1, createdAt: at(5), updatedAt: at(5) });
    expect(await getSettingsTab(c, 'umbrella', 'routing')).toEqual({ autoAssign: true, rerouteOnUpdate: true, defaultQueueId: 'q-b', version: 0 });
    expect((await listQueues(db, 'umbrella')).items.filter((q) => q.isDefault).map((q) => q.id)).toEqual(['q-b']);
  });
});

describe('syncPhoneNumberClaims', () => {
  it('claims the ids a tab lists, idempotently; an id another tenant holds is reported, not taken', async () => {
    const settings = createSettingsRepo(db);
    const now = new Date('2026-01-01T00:00:00Z');
    await settings.put('t1', 'whatsapp', { ...settingsDefaults.whatsapp, phoneNumberIds: ['111', '222'] }, now);
    await settings.put('t2', 'whatsapp', { ...settingsDefaults.whatsapp, phoneNumberIds: ['222', '333'] }, now);
    expect(await syncPhoneNumberClaims(ctx(), 't1')).toEqual({ claimed: ['111', '222'], taken: [] });
    expect(await syncPhoneNumberClaims(ctx(), 't1')).toEqual({ claimed: ['111', '222'], taken: [] });
    expect(await syncPhoneNumberClaims(ctx(), 't2')).toEqual({ claimed: ['333'], taken: ['222'] });
    expect(await syncPhoneNumberClaims(ctx(), 't-none')).toEqual({ claimed: [], taken: [] });
    const phones = createPhoneNumberRepo(db);
    expect(await Promise.all(['111', '222', '333', '444'].map((id) => phones.findTenantByPhoneNumberId(id)))).toEqual(['t1', 't1', 't2', null]);
  });
});
