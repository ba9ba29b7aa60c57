import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable, type TestTable } from '../../infra/local/testing.ts';
import { createIds } from '../platform/clock.ts';
import { listAudit, recordAudit } from './audit.service.ts';

let db: TestTable;
beforeAll(async () => {
  db = await startTestTable();
});
afterAll(async () => db.stop());

describe('audit', () => {
  it('lists a tenant’s records newest first, by kind too, paged by a sealed cursor', async () => {
    const ids = createIds();
    const actor = { id: 'u1', name: 'Ada' };
    for (let i = 0; i < 5; i++) {
      const clock = { now: () => new Date(Date.UTC(2026, 0, 1, 0, i)) };
      await recordAudit({ db, ids, clock }, actor, 'acme', { kind: i % 2 ? 'queue' : 'settings', objectId: `o${i}`, action: 'update', before: { n: i }, after: { n: i + 1 } });
    }
    await recordAudit({ db, ids, clock: { now: () => new Date() } }, actor, 'globex', { kind: 'queue', objectId: 'other', action: 'create', after: {} });

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await listAudit({ db }, 'acme', { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((r) => r.objectId));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(['o4', 'o3', 'o2', 'o1', 'o0']);
    expect((await listAudit({ db }, 'acme', { kind: 'queue', limit: 10 })).items.map((r) => r.objectId)).toEqual(['o3', 'o1']);
    const first = (await listAudit({ db }, 'acme', { limit: 1 })).items[0];
    expect(first).toMatchObject({ actor, kind: 'settings', action: 'update', before: { n: 4 }, after: { n: 5 } });
  });

  it('refuses a cursor of another tenant’s list or a tampered one', async () => {
    const other = (await listAudit({ db }, 'acme', { limit: 1 })).nextCursor!;
    await expect(listAudit({ db }, 'globex', { limit: 1, cursor: other })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(listAudit({ db }, 'acme', { limit: 1, cursor: `${other}x` })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
