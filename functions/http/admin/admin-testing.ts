/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies of the API under test */
// Helpers of the administration API tests: versioned writes and the audit record of a change.
import { expect } from 'vitest';
import type { Client, Res } from '../api-testing.ts';

export const put = (c: Client, path: string, body: unknown, ifMatch?: number | string): Promise<Res> =>
  c.call('PUT', path, body, ifMatch === undefined ? {} : { 'if-match': String(ifMatch) });

export const del = (c: Client, path: string, ifMatch?: number | string): Promise<Res> => c.call('DELETE', path, undefined, ifMatch === undefined ? {} : { 'if-match': String(ifMatch) });

/** The newest audit record of the tenant for `kind` (read by an admin); asserts who and what. */
export async function lastAudit(admin: Client, tenant: string, kind: string, objectId: string, action: 'create' | 'update' | 'delete'): Promise<{ before?: any; after?: any; at: string }> {
  const res = await admin.get(`/api/tenants/${tenant}/audit?kind=${kind}&limit=1`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const [record] = res.body.items as any[];
  expect(record).toMatchObject({ kind, objectId, action, actor: { id: admin.id, name: expect.any(String) }, at: expect.any(String) });
  return record;
}
