import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable, type TestTable } from '../../infra/local/testing.ts';
import { directoryUserFrom, syncDirectoryUser } from './directory-sync.ts';
import { createUserRepo } from './user.repo.ts';

let db: TestTable;
beforeAll(async () => {
  db = await startTestTable();
});
afterAll(async () => db.stop());

const now = new Date('2026-02-01T00:00:00Z');

describe('directoryUserFrom', () => {
  it('takes the identity provider attributes and the product roles among the groups', () => {
    expect(directoryUserFrom({ sub: 'u1', email: 'Ada@Acme.test', name: 'Ada Park', 'custom:tenants': 'acme, globex' }, ['service-desk-admin', 'Everyone'], now)).toEqual({
      id: 'u1',
      email: 'ada@acme.test',
      name: 'Ada Park',
      roles: ['service-desk-admin'],
      tenants: ['acme', 'globex'],
      updatedAt: now.toISOString(),
    });
  });
  it('keeps a customer’s partner or contact, and ignores users without a subject or email', () => {
    expect(directoryUserFrom({ sub: 'c', email: 'c@x.test', 'custom:bp_id': 'BP-1' }, ['service-desk-customer'], now)).toMatchObject({ bpId: 'BP-1', name: 'c@x.test' });
    expect(directoryUserFrom({ email: 'x@x.test' }, [], now)).toBeNull();
  });
});

describe('syncDirectoryUser', () => {
  it('moves the user between tenants’ agent lists as their attributes change', async () => {
    await syncDirectoryUser(db, { sub: 'u2', email: 'max@acme.test', name: 'Max', 'custom:tenants': 'acme' }, ['service-desk-agent'], now);
    await syncDirectoryUser(db, { sub: 'u2', email: 'max@acme.test', name: 'Max', 'custom:tenants': 'globex' }, ['service-desk-supervisor'], now);
    const users = createUserRepo(db);
    expect((await users.listMembers('acme')).map((m) => m.userId)).toEqual([]);
    expect(await users.listMembers('globex')).toMatchObject([{ userId: 'u2', roles: ['service-desk-supervisor'] }]);
  });
});
