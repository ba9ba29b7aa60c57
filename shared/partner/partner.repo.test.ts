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

describe('writes', () => {
  it('creates a partner once, and replaces it only at the expected version', async () => {
    const repo = createPartnerRepo(db);
    expect(await repo.create({ tenantId: 'w', id: 'P1', name: 'One', status: 'active', ...meta })).toBe(true);
    expect(await repo.create({ tenantId: 'w', id: 'P1', name: 'Again', status: 'active', ...meta })).toBe(false);
    expect(await repo.replace({ tenantId: 'w', id: 'P1', name: 'Two', status: 'active', ...meta, version: 2 }, 5)).toBe(false);
    expect(await repo.replace({ tenantId: 'w', id: 'P1', name: 'Two', status: 'active', ...meta, version: 2 }, 1)).toBe(true);
    expect(await repo.replace({ tenantId: 'w', id: 'P-none', name: 'X', status: 'active', ...meta, version: 2 }, 1)).toBe(false);
    expect((await repo.get('w', 'P1'))!.name).toBe('Two');
    expect((await repo.listByName('w', 'two', 10))!.items.map((p) => p.id)).toEqual(['P1']);
  });

  it('lists the partners merged into one (a sparse index: active ones are not in it)', async () => {
    const repo = createPartnerRepo(db);
    await repo.put({ tenantId: 'm', id: 'S', name: 'S', status: 'active', ...meta });
    await repo.put({ tenantId: 'm', id: 'A', name: 'A', status: 'merged', mergedInto: 'S', ...meta });
    await repo.create({ tenantId: 'm', id: 'B', name: 'B', status: 'merged', mergedInto: 'S', ...meta });
    await repo.put({ tenantId: 'm', id: 'C', name: 'C', status: 'merged', mergedInto: 'A', ...meta });
    expect((await repo.listMergedInto('m', 'S')).map((p) => p.id).sort()).toEqual(['A', 'B']);
    await repo.replace({ tenantId: 'm', id: 'C', name: 'C', status: 'merged', mergedInto: 'S', ...meta, version: 2 }, 1);
    expect((await repo.listMergedInto('m', 'S')).map((p) => p.id).sort()).toEqual(['A', 'B', 'C']);
    expect(await repo.listMergedInto('m', 'A')).toEqual([]);
    expect(await repo.listMergedInto('other', 'S')).toEqual([]);
  });

  it('claims a phone for one contact at a time, takes over a stale claim, releases only its own', async () => {
    const repo = createPartnerRepo(db);
    const now = new Date('2026-01-01T00:00:00Z');
    expect(await repo.claimPhone('c', '+15550009999', 'C1', now)).toBe(true);
    expect(await repo.claimPhone('c', '+15550009999', 'C1', now)).toBe(true);
    expect(await repo.claimPhone('c', '+15550009999', 'C2', now)).toBe(false);
    expect(await repo.claimPhone('other', '+15550009999', 'C2', now)).toBe(true);
    await repo.releasePhone('c', '+15550009999', 'C2');
    expect(await repo.phoneClaimOf('c', '+15550009999')).toEqual({ contactId: 'C1', claimedAt: now.toISOString() });
    expect(await repo.claimPhone('c', '+15550009999', 'C2', now, 'C1')).toBe(true);
    expect((await repo.phoneClaimOf('c', '+15550009999'))?.contactId).toBe('C2');
    await repo.releasePhone('c', '+15550009999', 'C2');
    expect(await repo.phoneClaimOf('c', '+15550009999')).toBeNull();
  });

  it('creates, replaces and deletes contacts at the expected version', async () => {
    const repo = createPartnerRepo(db);
    const contact = { tenantId: 'k', id: 'C1', bpId: 'P', name: 'N', phone: '+15550001234', confirmed: false, ...meta };
    expect(await repo.createContact(contact)).toBe(true);
    expect(await repo.createContact({ ...contact, bpId: 'Q' })).toBe(false);
    expect(await repo.replaceContact({ ...contact, confirmed: true, version: 2 }, 2)).toBe(false);
    expect(await repo.replaceContact({ ...contact, confirmed: true, version: 2 }, 1)).toBe(true);
    expect(await repo.deleteContact('k', 'C1', 1)).toBe(false);
    expect((await repo.findContactsByPhone('k', '+15550001234')).map((c) => c.id)).toEqual(['C1']);
    expect(await repo.deleteContact('k', 'C1', 2)).toBe(true);
    expect(await repo.getContact('k', 'C1')).toBeNull();
  });
});
