import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable, type TestTable } from '../../infra/local/testing.ts';
import { createPartnerRepo } from '../partner/partner.repo.ts';
import { createQueueRepo } from '../queue/queue.repo.ts';
import { createSettingsRepo } from '../settings/settings.repo.ts';
import { createUserRepo } from './user.repo.ts';

let db: TestTable;
beforeAll(async () => {
  db = await startTestTable();
});
afterAll(async () => db.stop());

const at = '2026-01-01T00:00:00.000Z';

describe('user directory', () => {
  it('finds a user by id and by email (case-insensitive), and lists internal users per tenant', async () => {
    const users = createUserRepo(db);
    await users.upsert({ id: 'u-ada', email: 'Ada@Acme.test', name: 'Ada Park', roles: ['service-desk-admin'], tenants: ['acme', 'globex'], updatedAt: at });
    await users.upsert({ id: 'u-gina', email: 'gina@globex.test', name: 'Gina Gold', roles: ['service-desk-agent'], tenants: ['globex'], updatedAt: at });
    await users.upsert({ id: 'u-carol', email: 'carol@customer.test', name: 'Carol', roles: ['service-desk-customer'], tenants: ['acme'], bpId: 'BP-1001', updatedAt: at });

    expect(await users.get('u-ada')).toMatchObject({ email: 'ada@acme.test', tenants: ['acme', 'globex'] });
    expect((await users.findByEmail('ADA@acme.test'))?.id).toBe('u-ada');
    expect((await users.findByEmail('carol@customer.test'))?.bpId).toBe('BP-1001');
    expect(await users.findByEmail('nobody@acme.test')).toBeNull();

    expect((await users.listMembers('acme')).map((m) => m.userId)).toEqual(['u-ada']);
    expect((await users.listMembers('globex')).map((m) => m.userId).sort()).toEqual(['u-ada', 'u-gina']);
  });

  it('drops a membership when the user leaves a tenant, so the agents list follows sign-in changes', async () => {
    const users = createUserRepo(db);
    await users.upsert({ id: 'u-max', email: 'max@acme.test', name: 'Max', roles: ['service-desk-agent'], tenants: ['acme', 'globex'], updatedAt: at });
    await users.upsert({ id: 'u-max', email: 'max@acme.test', name: 'Max Meyer', roles: ['service-desk-supervisor'], tenants: ['globex'], updatedAt: at });
    expect((await users.listMembers('acme')).map((m) => m.userId)).not.toContain('u-max');
    expect((await users.listMembers('globex')).find((m) => m.userId === 'u-max')).toMatchObject({ name: 'Max Meyer', roles: ['service-desk-supervisor'] });
  });
});

describe('tenant configuration items', () => {
  it('keeps one settings item per tab, versioned; the routing tab holds the default queue', async () => {
    const settings = createSettingsRepo(db);
    expect(await settings.get('acme', 'routing')).toBeNull();
    const first = await settings.put('acme', 'routing', { autoAssign: true, rerouteOnUpdate: true, defaultQueueId: 'q1' }, new Date(at));
    const second = await settings.put('acme', 'routing', { autoAssign: false, rerouteOnUpdate: true, defaultQueueId: 'q2' }, new Date(at));
    expect([first.version, second.version]).toEqual([1, 2]);
    expect((await settings.get('acme', 'routing'))?.value.defaultQueueId).toBe('q2');
    expect(await settings.get('globex', 'routing')).toBeNull();
  });

  it('lists a tenant’s queues only', async () => {
    const queues = createQueueRepo(db);
    const q = { autoAssign: true, members: [{ userId: 'u-ada', role: 'lead' as const, priorityWeight: 50, onBreak: false }], version: 1, createdAt: at, updatedAt: at };
    await queues.put({ tenantId: 'acme', id: 'q1', name: 'General', ...q });
    await queues.put({ tenantId: 'globex', id: 'q9', name: 'Support', ...q });
    expect((await queues.listByTenant('acme')).map((x) => x.id)).toEqual(['q1']);
    expect(await queues.get('globex', 'q1')).toBeNull();
    expect((await queues.get('acme', 'q1'))?.members[0]).toEqual({ userId: 'u-ada', role: 'lead', priorityWeight: 50, onBreak: false });
  });

  it('finds partners and contacts, and contacts by phone within one tenant', async () => {
    const partners = createPartnerRepo(db);
    const meta = { version: 1, createdAt: at, updatedAt: at };
    await partners.put({ tenantId: 'acme', id: 'BP-1', name: 'Northwind', status: 'active', ...meta });
    await partners.put({ tenantId: 'acme', id: 'BP-2', name: 'Old', status: 'merged', mergedInto: 'BP-1', ...meta });
    await partners.putContact({ tenantId: 'acme', id: 'C-1', bpId: 'BP-1', name: 'Carol', phone: '+15550001001', confirmed: true, ...meta });
    await partners.putContact({ tenantId: 'globex', id: 'C-9', bpId: 'BP-9', name: 'Other', phone: '+15550001001', confirmed: true, ...meta });

    expect(await partners.get('acme', 'BP-2')).toMatchObject({ status: 'merged', mergedInto: 'BP-1' });
    expect((await partners.listContacts('acme', 'BP-1')).map((c) => c.id)).toEqual(['C-1']);
    expect((await partners.findContactsByPhone('acme', '+15550001001')).map((c) => c.id)).toEqual(['C-1']);
    expect(await partners.findContactsByPhone('acme', '+15550009999')).toEqual([]);
    expect(await partners.getContact('globex', 'C-1')).toBeNull();
  });
});
