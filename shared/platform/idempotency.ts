// "Seen before?" records for at-least-once delivery (webhook message ids, processed event ids).
// Each carries an expiry: DynamoDB's TTL deletes them on AWS, housekeeping does it in both runtimes
// through the sparse due index (dynalite has no TTL).
import { Entity } from 'electrodb';
import { type Db, SERVICE, conditionalWrite, perDb } from './db.ts';
import { dueAttributes, queryDue } from './due.ts';
import { DUE_SHARDS } from './table.ts';

const EXPIRE_KIND = 'expire';

const idempotencySchema = {
  model: { entity: 'idempotency', version: '1', service: SERVICE },
  attributes: {
    scope: { type: 'string', required: true },
    key: { type: 'string', required: true },
    /** Epoch seconds (the table's TTL attribute): the end of a running lease, or of a done record's keep. */
    expiresAt: { type: 'number', required: true },
    /** `running` while a delivery does the work (a lease), `done` once it did; absent = done (older records). */
    state: { type: ['running', 'done'] as const },
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
  /**
   * Takes a lease of `leaseSeconds` on (scope, key): 'go' to do the work, 'done' when a delivery
   * finished it, 'busy' while another holds a live lease (a delivery that died frees it on expiry).
   */
  begin(scope: string, key: string, now: Date, leaseSeconds: number): Promise<'go' | 'done' | 'busy'>;
  /** Marks the work done and keeps the record for `ttlSeconds`. */
  finish(scope: string, key: string, now: Date, ttlSeconds: number): Promise<void>;
  /** Deletes records expired at `now`; answers how many. Bounded per call. */
  deleteExpired(now: Date, limitPerShard?: number): Promise<number>;
};

export const createIdempotencyRepo = perDb((db: Db): IdempotencyRepo => {
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
    async begin(scope, key, now, leaseSeconds) {
      const expires = new Date(now.getTime() + leaseSeconds * 1000);
      const nowSeconds = Math.floor(now.getTime() / 1000);
      const taken = await conditionalWrite(
        records
          .put({ scope, key, state: 'running', expiresAt: Math.floor(expires.getTime() / 1000), ...dueAttributes(EXPIRE_KIND, `${scope}#${key}`, expires.toISOString()) })
          .where((attr, op) => `${op.notExists(attr.key)} OR ${op.lt(attr.expiresAt, nowSeconds)}`)
          .go({ response: 'none' }),
      );
      if (taken) return 'go';
      const { data } = await records.get({ scope, key }).go({ consistent: true });
      // Gone meanwhile (its worker failed and released it): the redelivery will find it free.
      if (!data) return 'busy';
      return data.state === 'running' ? 'busy' : 'done';
    },
    async finish(scope, key, now, ttlSeconds) {
      const expires = new Date(now.getTime() + ttlSeconds * 1000);
      await records
        .put({ scope, key, state: 'done', expiresAt: Math.floor(expires.getTime() / 1000), ...dueAttributes(EXPIRE_KIND, `${scope}#${key}`, expires.toISOString()) })
        .go({ response: 'none' });
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
});

/** The work is being done by another delivery right now: retry later (the bus or queue will). */
export class WorkInProgressError extends Error {
  constructor(scope: string, key: string) {
    super(`${scope} ${key} is being handled by another delivery`);
    this.name = 'WorkInProgressError';
  }
}

/**
 * Runs `work` to completion at most once per (scope, key) across at-least-once deliveries: a
 * delivery that finds it done does nothing; one that finds it running throws WorkInProgressError (so
 * it is retried); a delivery that dies mid-work leaves a lease that expires after `leaseSeconds`
 * (longer than the handler's timeout), and a failure releases it at once. Answers whether it ran.
 */
export async function runOnce(
  ctx: { db: Db; clock: { now(): Date } },
  scope: string,
  key: string,
  times: { leaseSeconds: number; keepSeconds: number },
  work: () => Promise<void>,
): Promise<boolean> {
  const records = createIdempotencyRepo(ctx.db);
  const started = await records.begin(scope, key, ctx.clock.now(), times.leaseSeconds);
  if (started === 'done') return false;
  if (started === 'busy') throw new WorkInProgressError(scope, key);
  try {
    await work();
  } catch (err) {
    await records.release(scope, key);
    throw err;
  }
  await records.finish(scope, key, ctx.clock.now(), times.keepSeconds);
  return true;
}
