// "Seen before?" records for at-least-once delivery (webhook message ids, processed event ids).
// Each carries an expiry: DynamoDB's TTL deletes them on AWS, housekeeping does it in both runtimes
// through the sparse due index (dynalite has no TTL).
import { Entity } from 'electrodb';
import { type Db, SERVICE, conditionalWrite } from './db.ts';
import { dueAttributes, queryDue } from './due.ts';
import { DUE_SHARDS } from './table.ts';

const EXPIRE_KIND = 'expire';

const idempotencySchema = {
  model: { entity: 'idempotency', version: '1', service: SERVICE },
  attributes: {
    scope: { type: 'string', required: true },
    key: { type: 'string', required: true },
    /** Epoch seconds (the table's TTL attribute). */
    expiresAt: { type: 'number', required: true },
    duePk: { type: 'string', required: true },
    dueSk: { type: 'string', required: true },
  },
  indexes: {
    byKey: { pk: { field: 'pk', composite: ['scope', 'key'] }, sk: { field: 'sk', composite: [] } },
  },
} as const;

export type IdempotencyRepo = {
  /** True the first time (scope, key) is claimed while unexpired; false for a repeat. */
  claim(scope: string, key: string, now: Date, ttlSeconds: number): Promise<boolean>;
  /** Releases a claim whose work failed, so a redelivery can do it. */
  release(scope: string, key: string): Promise<void>;
  /** Deletes records expired at `now`; answers how many. Bounded per call. */
  deleteExpired(now: Date, limitPerShard?: number): Promise<number>;
};

export function createIdempotencyRepo(db: Db): IdempotencyRepo {
  const records = new Entity(idempotencySchema, db);
  return {
    async claim(scope, key, now, ttlSeconds) {
      const expires = new Date(now.getTime() + ttlSeconds * 1000);
      const nowSeconds = Math.floor(now.getTime() / 1000);
      return conditionalWrite(
        records
          .put({
            scope,
            key,
            expiresAt: Math.floor(expires.getTime() / 1000),
            ...dueAttributes(EXPIRE_KIND, `${scope}#${key}`, expires.toISOString()),
          })
          .where((attr, op) => `${op.notExists(attr.key)} OR ${op.lt(attr.expiresAt, nowSeconds)}`)
          .go({ response: 'none' }),
      );
    },
    async release(scope, key) {
      await records.delete({ scope, key }).go({ response: 'none' });
    },
    async deleteExpired(now, limitPerShard = 200) {
      let deleted = 0;
      for (let shard = 0; shard < DUE_SHARDS; shard++) {
        const { items } = await queryDue(db, EXPIRE_KIND, shard, now, limitPerShard);
        await Promise.all(
          items.map((item) => records.delete({ scope: item.scope as string, key: item.key as string }).go({ response: 'none' })),
        );
        deleted += items.length;
      }
      return deleted;
    },
  };
}
