import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable, type TestTable } from '../../infra/local/testing.ts';
import { createPhoneNumberRepo } from './phone-number.repo.ts';

let db: TestTable;
beforeAll(async () => {
  db = await startTestTable();
});
afterAll(async () => db.stop());

const now = new Date('2026-01-01T00:00:00Z');

describe('phone number claims', () => {
  it('one tenant per phone number id; claiming again is idempotent; another tenant is refused', async () => {
    const repo = createPhoneNumberRepo(db);
    expect(await repo.findTenantByPhoneNumberId('555')).toBeNull();
    expect(await repo.claim('acme', '555', now)).toBe('claimed');
    expect(await repo.claim('acme', '555', now)).toBe('held');
    expect(await repo.claim('globex', '555', now)).toBe('taken');
    expect(await repo.findTenantByPhoneNumberId('555')).toBe('acme');
  });

  it('two tenants racing for one id: exactly one wins', async () => {
    const repo = createPhoneNumberRepo(db);
    const results = await Promise.all(['a', 'b', 'c', 'd'].map((t) => repo.claim(t, '777', now)));
    expect(results.filter((r) => r === 'claimed')).toHaveLength(1);
    expect(results.filter((r) => r === 'taken')).toHaveLength(3);
  });

  it('only the holder releases', async () => {
    const repo = createPhoneNumberRepo(db);
    await repo.claim('acme', '888', now);
    await repo.release('globex', '888');
    expect(await repo.findTenantByPhoneNumberId('888')).toBe('acme');
    await repo.release('acme', '888');
    expect(await repo.findTenantByPhoneNumberId('888')).toBeNull();
    expect(await repo.claim('globex', '888', now)).toBe('claimed');
  });
});
