// Test helpers: a fresh table in dynalite for data tests, and tokens for API tests.
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createDb, type Db } from '../../shared/platform/db.ts';
import { ensureTable, startDynalite } from './dynalite.ts';
import type { LocalRuntime } from './runtime.ts';

export type TestTable = Db & { raw: DynamoDBClient; stop(): Promise<void> };

/** dynalite in memory with a freshly created table of the product's definition. */
export async function startTestTable(): Promise<TestTable> {
  const dynamo = await startDynalite(':memory:');
  const table = `test-${randomUUID().slice(0, 8)}`;
  await ensureTable(dynamo.client, table);
  return { ...createDb(dynamo.client, table), raw: dynamo.client, stop: () => dynamo.close() };
}

/** A token for a seeded user, obtained the way the web app does (POST /dev/token). */
export async function tokenFor(runtime: Pick<LocalRuntime, 'url'>, email: string): Promise<string> {
  const res = await fetch(`${runtime.url}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
  if (!res.ok) throw new Error(`No token for ${email}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
