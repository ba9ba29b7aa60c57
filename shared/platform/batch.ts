// BatchWriteItem in chunks of 25, retrying what DynamoDB leaves unprocessed.
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
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
