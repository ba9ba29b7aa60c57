import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable, type TestTable } from '../../infra/local/testing.ts';
import { createHelpTopicRepo } from '../help-topic/help-topic.repo.ts';
import { createUserRepo } from '../identity/user.repo.ts';
import { createQueueRepo } from '../queue/queue.repo.ts';
import { createCannedResponseRepo } from '../canned-response/canned-response.repo.ts';
import { createRoutingRuleRepo } from '../routing/routing.repo.ts';
import { createSettingsRepo } from '../settings/settings.repo.ts';
import { createTenantConfigRepo, policiesOf } from './tenant-config.ts';

let db: TestTable;
beforeAll(async () => {
  db = await startTestTable();
});
afterAll(async () => db.stop());

const at = '2026-01-01T00:00:00.000Z';

describe('tenant configuration', () => {
  it('reads queues, help topics, members and settings of one tenant in one query', async () => {
    await createQueueRepo(db).put({ tenantId: 'acme', id: 'q1', name: 'General', autoAssign: true, members: [], version: 1, createdAt: at, updatedAt: at });
    await createQueueRepo(db).put({ tenantId: 'globex', id: 'q9', name: 'Other', autoAssign: true, members: [], version: 1, createdAt: at, updatedAt: at });
    await createHelpTopicRepo(db).put({ tenantId: 'acme', id: 'ht1', name: 'Billing', active: true, defaults: { priority: 'high' }, version: 1, createdAt: at, updatedAt: at });
    await createUserRepo(db).upsert({ id: 'u1', email: 'a@acme.test', name: 'A', roles: ['service-desk-agent'], tenants: ['acme'], updatedAt: at });
    await createSettingsRepo(db).put('acme', 'routing', { autoAssign: true, rerouteOnUpdate: false, defaultQueueId: 'q1' }, new Date(at));

    let calls = 0;
    db.client.middlewareStack.add((next) => async (args) => (calls++, next(args)), { step: 'initialize', name: 'count' });
    const config = await createTenantConfigRepo(db).load('acme');
    db.client.middlewareStack.remove('count');

    expect(calls).toBe(1);
    expect(config.queues.map((q) => q.id)).toEqual(['q1']);
    expect(config.helpTopics.map((t) => t.defaults)).toEqual([{ priority: 'high' }]);
    expect(config.members.map((m) => m.userId)).toEqual(['u1']);
    expect(config.settings.routing?.defaultQueueId).toBe('q1');
    expect(policiesOf(config).reopenWindowDays).toBe(14);
  });

  it('reads canned responses and routing rules in the same query, the rules in the stored order', async () => {
    const rule = (id: string, createdAt: string) => ({ tenantId: 'rt', id, name: id, enabled: true, match: 'all' as const, clauses: [], action: { type: 'escalate' as const }, version: 1, createdAt, updatedAt: createdAt });
    const rules = createRoutingRuleRepo(db);
    for (const r of [rule('r1', at), rule('r2', at), rule('r3', '2026-01-02T00:00:00.000Z')]) await rules.create(r);
    expect(await rules.putOrder('rt', ['r2', 'gone', 'r1'], 0, new Date(at))).toBe(true);
    expect(await rules.putOrder('rt', ['r1'], 0, new Date(at))).toBe(false);
    await createCannedResponseRepo(db).create({ tenantId: 'rt', id: 'cr1', title: 'T', body: 'B', version: 1, createdAt: at, updatedAt: at });

    let calls = 0;
    db.client.middlewareStack.add((next) => async (args) => (calls++, next(args)), { step: 'initialize', name: 'count2' });
    const config = await createTenantConfigRepo(db).load('rt');
    db.client.middlewareStack.remove('count2');

    expect(calls).toBe(1);
    expect(config.routingRules.map((r) => r.id)).toEqual(['r2', 'r1', 'r3']);
    expect(config.ruleOrder).toEqual({ ids: ['r2', 'gone', 'r1'], version: 1 });
    expect(config.cannedResponses.map((r) => r.id)).toEqual(['cr1']);
    // The order is an internal item: not a settings tab.
    expect(config.settings).toEqual({});
  });
});
