// The sparse, sharded due index (table.ts `due`): an item that has something due carries
// `duePk = due#<kind>#<shard>` and `dueSk = <ISO time>#<item id>`; readers ask one shard for what is
// due up to a time. Who puts what in it: SLA targets and auto-close (tickets), expiring records.
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db.ts';
import { DUE_INDEX, DUE_SHARDS, shardOf } from './table.ts';

export function dueShardKey(kind: string, shard: number): string {
  return `due#${kind}#${shard}`;
}

/** The index attributes of an item with `kind` due at `at`, identified by `itemId`. */
export function dueAttributes(kind: string, itemId: string, at: string): { duePk: string; dueSk: string } {
  return { duePk: dueShardKey(kind, shardOf(itemId, DUE_SHARDS)), dueSk: `${at}#${itemId}` };
}

/** Items of one shard with `kind` due at or before `now`, oldest due first; `start` continues a page. */
export async function queryDue(db: Db, kind: string, shard: number, now: Date, limit: number, start?: Record<string, unknown>): Promise<{ items: Record<string, unknown>[]; next?: Record<string, unknown> }> {
  const res = await db.client.send(
    new QueryCommand({
      TableName: db.table,
      IndexName: DUE_INDEX.name,
      KeyConditionExpression: '#pk = :pk AND #sk <= :now',
      ExpressionAttributeNames: { '#pk': DUE_INDEX.pk, '#sk': DUE_INDEX.sk },
      // Due times are ISO instants: '~' sorts after every '#<item id>' that follows one.
      ExpressionAttributeValues: { ':pk': dueShardKey(kind, shard), ':now': `${now.toISOString()}#~` },
      Limit: limit,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }),
  );
  return { items: (res.Items ?? []) as Record<string, unknown>[], ...(res.LastEvaluatedKey ? { next: res.LastEvaluatedKey } : {}) };
}
