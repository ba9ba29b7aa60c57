import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable, type TestTable } from '../../infra/local/testing.ts';
import { createPartnerRepo } from './partner.repo.ts';
import { resolvePartner } from './partner.service.ts';

let db: TestTable;
beforeAll(async () => {
  db = await startTestTable();
});
afterAll(async () => db.stop());

const meta = { version: 1, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' };

describe('partners by name', () => {
  it('finds partners by a name prefix, accent- and case-insensitive, paged by cursor', async () => {
    const repo = createPartnerRepo(db);
    const names = ['Zeta AG', 'Acme One', 'Äcme Two', 'acme three', 'Beta', 'Acme Four'];
    for (const [i, name] of names.entries()) await repo.put({ tenantId: 'acme', id: `BP-${i}`, name, status: 'active', ...meta });
    await repo.put({ tenantId: 'globex', id: 'BP-9', name: 'Acme Elsewhere', status: 'active', ...meta });

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = (await repo.listByName('acme', 'ACME', 2, cursor))!;
      seen.push(...page.items.map((p) => p.name));
      cursor = page.cursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(['Acme Four', 'Acme One', 'acme three', 'Äcme Two']);
    expect((await repo.listByName('acme', '', 100))!.items).toHaveLength(6);
  });

  it('refuses a cursor of another tenant or a tampered one', async () => {
    const repo = createPartnerRepo(db);
    const other = (await repo.listByName('globex', '', 1))!;
    const page = (await repo.listByName('acme', '', 1))!;
    expect(page.cursor).toBeDefined();
    expect(await repo.listByName('acme', '', 1, Buffer.from(JSON.stringify({ pk: 'x', sk: 'y', gsi1pk: 'z', gsi1sk: 'w' })).toString('base64url'))).toBeNull();
    expect(await repo.listByName('acme', '', 1, 'not-base64-json')).toBeNull();
    if (other.cursor) expect(await repo.listByName('acme', '', 1, other.cursor)).toBeNull();
  });
});

describe('merges', () => {
  it('follow merged partners to the survivor, and report closed and missing ones', async () => {
    const repo = createPartnerRepo(db);
    await repo.put({ tenantId: 't', id: 'A', name: 'A', status: 'merged', mergedInto: 'B', ...meta });
    await repo.put({ tenantId: 't', id: 'B', name: 'B', status: 'merged', mergedInto: 'C', ...meta });
    await repo.put({ tenantId: 't', id: 'C', name: 'C', status: 'active', ...meta });
    await repo.put({ tenantId: 't', id: 'D', name: 'D', status: 'closed', ...meta });
    expect(await resolvePartner(repo, 't', 'A')).toMatchObject({ status: 'active', partner: { id: 'C' }, chain: ['A', 'B', 'C'] });
    expect(await resolvePartner(repo, 't', 'D')).toMatchObject({ status: 'closed' });
    expect(await resolvePartner(repo, 't', 'nope')).toEqual({ status: 'missing' });
    expect(await resolvePartner(repo, 'other', 'C')).toEqual({ status: 'missing' });
  });
});
