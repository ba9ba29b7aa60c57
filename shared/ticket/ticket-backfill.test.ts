// The backfill over data written before SLA clocks, due items and agent loads existed: a seeded
// runtime's tickets are made "old" (those attributes removed, the schema version forgotten), then
// the backfill must restore what the current code derives — once.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startRuntime } from '../../infra/local/runtime.ts';
import { createDashboardRepo } from '../dashboard/dashboard.repo.ts';
import { createMetaRepo } from '../platform/meta.ts';
import { createAgentLoadRepo } from '../routing/agent-load.repo.ts';
import { DUE_SHARDS } from '../platform/table.ts';
import { DATA_SCHEMA_VERSION, runBackfill } from './ticket-backfill.ts';
import { dueOf, type StoredTicket } from './ticket.repo.ts';
import { ticketRepos } from './ticket.service.ts';

let rt: LocalRuntime;
let before: StoredTicket[];

async function allTickets(): Promise<StoredTicket[]> {
  const out: StoredTicket[] = [];
  let cursor: string | undefined;
  do {
    const page = await ticketRepos(rt.db).tickets.scanPage(100, cursor);
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return out;
}

beforeAll(async () => {
  rt = await startRuntime({ port: 0, dataDir: ':memory:' });
  await rt.activity.idle();
  before = await allTickets();
  // Make the data look as version 1 left it.
  for (const t of before) {
    const key = ticketRepos(rt.db).tickets.keyOf(t.tenantId, t.number);
    await rt.db.client.send(new UpdateCommand({ TableName: rt.db.table, Key: key, UpdateExpression: 'REMOVE slaClock, duePk, dueSk, autoCloseAt, sla.firstResponseDueAt, sla.dueAt' }));
    if (t.assigneeId) await createAgentLoadRepo(rt.db).set(t.tenantId, t.assigneeId, 0);
  }
  // The dashboard as if no event had ever counted.
  for (const tenantId of ['acme', 'globex']) await createDashboardRepo(rt.db).replace(tenantId, { tiles: [], days: [] }, 'UTC', []);
  await createMetaRepo(rt.db).set('schema-version', '1', new Date());
});
afterAll(() => rt.stop());

describe('backfill to schema version 2', () => {
  it('gives every ticket its SLA clock and due item, and recounts agent loads, once', async () => {
    const stripped = await allTickets();
    expect(stripped.every((t) => t.slaClock === undefined)).toBe(true);
    const now = new Date('2100-01-01T00:00:00Z');
    const dueBefore = (await Promise.all(Array.from({ length: DUE_SHARDS }, (_, s) => ticketRepos(rt.db).tickets.listDue('sla', s, now, 1000)))).flatMap((p) => p.items);
    expect(dueBefore).toHaveLength(0);

    const result = await runBackfill(rt.deps);
    expect(result).toMatchObject({ ran: true, tickets: before.length, updated: before.length });
    const after = await allTickets();
    expect(after.every((t) => t.slaClock !== undefined)).toBe(true);
    // Versions are what people saw: unchanged.
    expect(after.map((t) => t.version).sort()).toEqual(before.map((t) => t.version).sort());
    const expectedDue = after.filter((t) => dueOf(t)?.kind === 'sla').length;
    const dueAfter = (await Promise.all(Array.from({ length: DUE_SHARDS }, (_, s) => ticketRepos(rt.db).tickets.listDue('sla', s, now, 1000)))).flatMap((p) => p.items);
    expect(dueAfter).toHaveLength(expectedDue);
    expect(expectedDue).toBeGreaterThan(0);

    const held = new Map<string, number>();
    for (const t of after) if (t.assigneeId && (t.status === 'open' || t.status === 'pending')) held.set(`${t.tenantId}|${t.assigneeId}`, (held.get(`${t.tenantId}|${t.assigneeId}`) ?? 0) + 1);
    for (const [key, count] of held) {
      const [tenantId, userId] = key.split('|') as [string, string];
      expect((await createAgentLoadRepo(rt.db).loads(tenantId, [userId]))[userId]).toBe(count);
    }
    expect(await createMetaRepo(rt.db).get('schema-version')).toBe(String(DATA_SCHEMA_VERSION));

    // The dashboard's tiles are recounted from the tickets.
    for (const tenantId of ['acme', 'globex']) {
      const mine = after.filter((t) => t.tenantId === tenantId && (t.status === 'open' || t.status === 'pending'));
      const { tiles } = await createDashboardRepo(rt.db).read(tenantId, null, 'utc', '2000-01-01');
      expect(tiles).toEqual({ open: mine.length, breached: mine.filter((t) => t.sla.breached !== 'none').length, escalated: mine.filter((t) => t.sla.escalationLevel > 0).length });
      expect(mine.length).toBeGreaterThan(0);
    }

    const again = await runBackfill(rt.deps);
    expect(again.ran).toBe(false);
  });
});
