// The configuration cache per warm function: one small read while nothing changed, a reload after a
// change that bumps the stamp (every audited configuration write and every membership change does).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable, type TestTable } from '../../infra/local/testing.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { createUserRepo } from '../identity/user.repo.ts';
import { createIds } from '../platform/clock.ts';
import { createQueueRepo } from '../queue/queue.repo.ts';
import { loadTenantConfig } from './config-cache.ts';

let db: TestTable;
const commands: string[] = [];
beforeAll(async () => {
  db = await startTestTable();
  db.client.middlewareStack.add((next, context) => async (args) => (commands.push(String(context.commandName)), next(args)), { step: 'initialize', name: 'count' });
});
afterAll(async () => db.stop());

const at = '2026-01-01T00:00:00.000Z';
const counted = async <T>(work: () => Promise<T>) => {
  commands.length = 0;
  const value = await work();
  return { value, commands: [...commands] };
};

describe('loadTenantConfig', () => {
  it('reads once, then only the stamp until a change bumps it', async () => {
    await createQueueRepo(db).put({ tenantId: 'acme', id: 'q1', name: 'General', autoAssign: true, members: [], version: 1, createdAt: at, updatedAt: at });
    const first = await counted(() => loadTenantConfig(db, 'acme'));
    expect(first.value.queues.map((q) => q.id)).toEqual(['q1']);
    expect(first.commands).toEqual(['GetItemCommand', 'QueryCommand']);

    const warm = await counted(() => loadTenantConfig(db, 'acme'));
    expect(warm.commands).toEqual(['GetItemCommand']);
    expect(warm.value).toBe(first.value);

    // An audited change (every admin write records one) reaches the very next read.
    await createQueueRepo(db).put({ tenantId: 'acme', id: 'q2', name: 'Billing', autoAssign: true, members: [], version: 1, createdAt: at, updatedAt: at });
    await recordAudit({ db, clock: { now: () => new Date(at) }, ids: createIds() }, { id: 'admin', name: 'Admin' }, 'acme', { kind: 'queue', objectId: 'q2', action: 'create' });
    const changed = await counted(() => loadTenantConfig(db, 'acme'));
    expect(changed.value.queues.map((q) => q.id).sort()).toEqual(['q1', 'q2']);
    expect(changed.commands).toEqual(['GetItemCommand', 'QueryCommand']);
  });

  it('reloads after a membership change, not after a sign-in that changes nothing', async () => {
    const users = createUserRepo(db);
    const user = { id: 'u1', email: 'a@acme.test', name: 'A', roles: ['service-desk-agent' as const], tenants: ['acme'], updatedAt: at };
    await users.upsert(user);
    expect((await loadTenantConfig(db, 'acme')).members.map((m) => m.userId)).toEqual(['u1']);
    await users.upsert({ ...user, updatedAt: '2026-01-02T00:00:00.000Z' });
    expect((await counted(() => loadTenantConfig(db, 'acme'))).commands).toEqual(['GetItemCommand']);
    await users.upsert({ ...user, tenants: ['globex'] });
    expect((await loadTenantConfig(db, 'acme')).members).toEqual([]);
  });

  it('keeps tenants apart', async () => {
    await createQueueRepo(db).put({ tenantId: 'globex', id: 'g1', name: 'Support', autoAssign: true, members: [], version: 1, createdAt: at, updatedAt: at });
    expect((await loadTenantConfig(db, 'globex')).queues.map((q) => q.id)).toEqual(['g1']);
    expect((await loadTenantConfig(db, 'acme')).queues.map((q) => q.id)).not.toContain('g1');
  });
});
