// BatchWriteItem in chunks of 25, retrying what DynamoDB leaves unprocessed.
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';

export type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

export async function batchWrite(db: Db, requests: WriteRequest[], maxAttempts = 6): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending = requests.slice(i, i + 25);
    for (let attempt = 1; pending.length; attempt++) {
      const res = await db.client.send(new BatchWriteCommand({ RequestItems: { [db.table]: pending } }));
      pending = (res.UnprocessedItems?.[db.table] ?? []) as WriteRequest[];
      if (!pending.length) break;
      if (attempt >= maxAttempts) throw new Error(`${pending.length} writes left unprocessed after ${attempt} attempts`);
      await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 10));
    }
  }
}

/** Reads items by key in one BatchGetItem (retrying what DynamoDB leaves unprocessed); answers them in key order, undefined where missing. */
export async function batchGet(db: Db, keys: Record<string, unknown>[], options: { consistent?: boolean; maxAttempts?: number } = {}): Promise<(Record<string, unknown> | undefined)[]> {
  const maxAttempts = options.maxAttempts ?? 6;
  const found: Record<string, unknown>[] = [];
  let pending = keys;
  for (let attempt = 1; pending.length; attempt++) {
    const res = await db.client.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys: pending, ...(options.consistent ? { ConsistentRead: true } : {}) } } }));
    found.push(...(res.Responses?.[db.table] ?? []));
    pending = (res.UnprocessedKeys?.[db.table]?.Keys ?? []) as Record<string, unknown>[];
    if (pending.length && attempt >= maxAttempts) throw new Error(`${pending.length} reads left unprocessed after ${attempt} attempts`);
    if (pending.length) await new Promise((resolve) => setTimeout(resolve, 2 ** attempt * 10));
  }
  const same = (item: Record<string, unknown>, key: Record<string, unknown>) => Object.entries(key).every(([k, v]) => item[k] === v);
  return keys.map((key) => found.find((item) => same(item, key)));
}
