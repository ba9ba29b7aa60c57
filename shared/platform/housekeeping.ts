import type { Db } from './db.ts';
import { createIdempotencyRepo } from './idempotency.ts';
import { republishOwedEvents } from './outbox.ts';
import type { Clock, EventPublisher } from './ports.ts';

export type HousekeepingResult = { owedItems: number; republished: number; expiredRecords: number };

/** Republishes events owed for over a minute and deletes expired idempotency records. */
export async function runHousekeeping(ctx: { db: Db; clock: Clock; events: EventPublisher }): Promise<HousekeepingResult> {
  const now = ctx.clock.now();
  const { items, published } = await republishOwedEvents(ctx.db, ctx.events, now);
  const expiredRecords = await createIdempotencyRepo(ctx.db).deleteExpired(now);
  return { owedItems: items, republished: published, expiredRecords };
}
