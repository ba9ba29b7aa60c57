// Events never get lost between a write and its publication: the item that changes carries the
// events it owes (`outbox`, a map by eventId) in the same write — that write is the commit. They
// are published right after and removed; housekeeping republishes any still owed after a minute,
// found through the sparse outbox index (never a scan). Handlers are idempotent by eventId, so a
// republish is harmless.
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BusEvent } from '../system/events.ts';
import { type Db, isConditionalCheckFailure } from './db.ts';
import type { EventPublisher } from './ports.ts';
import { OUTBOX_INDEX, OUTBOX_SHARDS, shardOf } from './table.ts';

export type ItemKey = { pk: string; sk: string };
export type Outbox = Record<string, BusEvent>;

/** How long an event may stay owed before housekeeping republishes it. */
export const OUTBOX_GRACE_MS = 60_000;

/**
 * Attributes to write with the commit: what the item already owed plus `events`. `owedSince` keeps
 * the time of the oldest owed event so housekeeping finds it.
 */
export function oweEvents(
  itemId: string,
  current: { outbox?: Outbox; outboxSk?: string } | undefined,
  events: BusEvent[],
  now: Date,
): { outbox: Outbox; outboxPk: string; outboxSk: string } {
  const outbox: Outbox = { ...(current?.outbox ?? {}) };
  for (const event of events) outbox[event.detail.eventId] = event;
  return {
    outbox,
    outboxPk: `outbox#${shardOf(itemId, OUTBOX_SHARDS)}`,
    outboxSk: current?.outboxSk && Object.keys(current.outbox ?? {}).length ? current.outboxSk : `${now.toISOString()}#${itemId}`,
  };
}

/**
 * Publishes owed events and removes those the bus accepted; what failed stays owed. `events` is
 * everything the item owes, so when all are accepted one conditional write clears the outbox.
 */
export async function settleOutbox(db: Db, publisher: EventPublisher, key: ItemKey, events: BusEvent[]): Promise<string[]> {
  if (events.length === 0) return [];
  const { published } = await publisher.publish(events);
  if (published.length === 0) return [];
  const clearAll = {
    UpdateExpression: 'REMOVE #o, #pk, #sk',
    ExpressionAttributeNames: { '#o': 'outbox', '#pk': OUTBOX_INDEX.pk, '#sk': OUTBOX_INDEX.sk },
  };
  if (published.length === events.length) {
    // Nothing else was owed unless a commit added events meanwhile; then fall through.
    const cleared = await db.client
      .send(new UpdateCommand({ TableName: db.table, Key: key, ...clearAll, ConditionExpression: 'size(#o) = :n', ExpressionAttributeValues: { ':n': events.length } }))
      .then(() => true, (err: unknown) => (isConditionalCheckFailure(err) ? false : Promise.reject(err)));
    if (cleared) return published;
  }
  const names: Record<string, string> = { '#o': 'outbox' };
  published.forEach((id, i) => (names[`#e${i}`] = id));
  await db.client
    .send(
      new UpdateCommand({
        TableName: db.table,
        Key: key,
        UpdateExpression: `REMOVE ${published.map((_, i) => `#o.#e${i}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(#o)',
        ExpressionAttributeNames: names,
      }),
    )
    .catch(ignoreConditionFailure);
  // Leave the sparse index once nothing is owed; a commit in between keeps the item listed.
  await db.client
    .send(new UpdateCommand({ TableName: db.table, Key: key, ...clearAll, ConditionExpression: 'size(#o) = :zero', ExpressionAttributeValues: { ':zero': 0 } }))
    .catch(ignoreConditionFailure);
  return published;
}

function ignoreConditionFailure(err: unknown): void {
  if (!isConditionalCheckFailure(err)) throw err;
}

/** Republishes events owed for longer than the grace period. Bounded per shard and run. */
export async function republishOwedEvents(
  db: Db,
  publisher: EventPublisher,
  now: Date,
  limitPerShard = 100,
): Promise<{ items: number; published: number }> {
  const before = new Date(now.getTime() - OUTBOX_GRACE_MS).toISOString();
  let items = 0;
  let published = 0;
  for (let shard = 0; shard < OUTBOX_SHARDS; shard++) {
    const res = await db.client.send(
      new QueryCommand({
        TableName: db.table,
        IndexName: OUTBOX_INDEX.name,
        KeyConditionExpression: '#pk = :pk AND #sk < :before',
        ExpressionAttributeNames: { '#pk': OUTBOX_INDEX.pk, '#sk': OUTBOX_INDEX.sk },
        ExpressionAttributeValues: { ':pk': `outbox#${shard}`, ':before': before },
        Limit: limitPerShard,
      }),
    );
    for (const item of res.Items ?? []) {
      const owed = Object.values((item.outbox ?? {}) as Outbox);
      items++;
      published += (await settleOutbox(db, publisher, { pk: item.pk as string, sk: item.sk as string }, owed)).length;
    }
  }
  return { items, published };
}
