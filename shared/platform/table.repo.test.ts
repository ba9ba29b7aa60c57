// The table definition against dynalite, and the consistency patterns built on it.
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable, type TestTable } from '../../infra/local/testing.ts';
import type { BusEvent } from '../system/events.ts';
import { createCounterRepo } from './counter.ts';
import { createIdempotencyRepo } from './idempotency.ts';
import { OUTBOX_GRACE_MS, oweEvents, republishOwedEvents, settleOutbox } from './outbox.ts';
import type { EventPublisher } from './ports.ts';
import { DUE_INDEX, GENERIC_INDEXES, OUTBOX_INDEX, TTL_ATTRIBUTE } from './table.ts';

let db: TestTable;
beforeAll(async () => {
  db = await startTestTable();
});
afterAll(async () => db.stop());

const event = (id: string, at = '2026-01-01T00:00:00.000Z'): BusEvent => ({
  name: 'ticket.updated',
  detail: { eventId: id, tenantId: 'acme', number: 'SD-00001', version: 2, occurredAt: at, actor: { id: 'u1', type: 'agent' }, ticket: { number: 'SD-00001' } },
});

/** Records what it is asked to publish; refuses the ids in `refuse`. */
function recordingPublisher(refuse: string[] = []) {
  const seen: string[] = [];
  const publisher: EventPublisher = {
    async publish(events) {
      const ids = events.map((e) => e.detail.eventId);
      seen.push(...ids);
      return { published: ids.filter((id) => !refuse.includes(id)), failed: ids.filter((id) => refuse.includes(id)) };
    },
  };
  return { publisher, seen };
}

describe('the table', () => {
  it('has the primary key and every decided index, projecting all attributes', async () => {
    const { Table } = await db.raw.send(new DescribeTableCommand({ TableName: db.table }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    const names = (Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort();
    expect(names).toEqual([...GENERIC_INDEXES, DUE_INDEX.name, OUTBOX_INDEX.name].sort());
    expect(Table?.GlobalSecondaryIndexes?.every((i) => i.Projection?.ProjectionType === 'ALL')).toBe(true);
  });
});

describe('counter', () => {
  it('hands out 1, 2, 3… per scope, never the same number twice under concurrency', async () => {
    const counters = createCounterRepo(db);
    const values = await Promise.all(Array.from({ length: 25 }, () => counters.next('tickets#acme')));
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(await counters.next('tickets#globex')).toBe(1);
    expect(await counters.current('tickets#acme')).toBe(25);
  });
});

describe('idempotency records', () => {
  const now = new Date('2026-03-01T10:00:00Z');

  it('claims a key once; a repeat is refused until it expires', async () => {
    const records = createIdempotencyRepo(db);
    expect(await records.claim('wamid', 'm1', now, 60)).toBe(true);
    expect(await records.claim('wamid', 'm1', new Date(now.getTime() + 30_000), 60)).toBe(false);
    expect(await records.claim('other-scope', 'm1', now, 60)).toBe(true);
    expect(await records.claim('wamid', 'm1', new Date(now.getTime() + 61_000), 60)).toBe(true);
  });

  it('carries its expiry in the TTL attribute (epoch seconds)', async () => {
    const records = createIdempotencyRepo(db);
    await records.claim('ttl', 'k', now, 3600);
    const found = await db.client.send(new GetCommand({ TableName: db.table, Key: { pk: '$sd#scope_ttl#key_k', sk: '$idempotency_1' } }));
    expect(found.Item?.[TTL_ATTRIBUTE]).toBe(Math.floor(now.getTime() / 1000) + 3600);
  });

  it('releases a claim so a redelivery can do the work', async () => {
    const records = createIdempotencyRepo(db);
    expect(await records.claim('release', 'k', now, 60)).toBe(true);
    await records.release('release', 'k');
    expect(await records.claim('release', 'k', now, 60)).toBe(true);
  });

  it('deletes only expired records', async () => {
    const records = createIdempotencyRepo(db);
    await records.claim('sweep', 'old', new Date('2026-01-01T00:00:00Z'), 60);
    await records.claim('sweep', 'new', new Date('2026-06-01T00:00:00Z'), 60);
    const deleted = await records.deleteExpired(new Date('2026-05-01T00:00:00Z'));
    expect(deleted).toBeGreaterThanOrEqual(1);
    // The expired key can be claimed afresh, the live one cannot.
    expect(await records.claim('sweep', 'new', new Date('2026-06-01T00:00:30Z'), 60)).toBe(false);
    const old = await db.client.send(new GetCommand({ TableName: db.table, Key: { pk: '$sd#scope_sweep#key_old', sk: '$idempotency_1' } }));
    expect(old.Item).toBeUndefined();
  });
});

describe('outbox', () => {
  const now = new Date('2026-04-01T12:00:00Z');

  async function putOwing(pk: string, events: BusEvent[], at = now) {
    await db.client.send(new PutCommand({ TableName: db.table, Item: { pk, sk: 'item', value: 1, ...oweEvents(pk, undefined, events, at) } }));
  }
  const read = async (pk: string) => (await db.client.send(new GetCommand({ TableName: db.table, Key: { pk, sk: 'item' } }))).Item;

  it('keeps what an item already owed when a commit adds events, and the oldest time', () => {
    const first = oweEvents('x', undefined, [event('e1')], now);
    const later = oweEvents('x', first, [event('e2')], new Date(now.getTime() + 5000));
    expect(Object.keys(later.outbox).sort()).toEqual(['e1', 'e2']);
    expect(later.outboxSk).toBe(first.outboxSk);
  });

  it('publishes owed events and leaves the sparse index once nothing is owed', async () => {
    await putOwing('settle-1', [event('a1'), event('a2')]);
    const { publisher, seen } = recordingPublisher();
    await settleOutbox(db, publisher, { pk: 'settle-1', sk: 'item' }, [event('a1'), event('a2')]);
    expect(seen).toEqual(['a1', 'a2']);
    const item = await read('settle-1');
    expect(item).toMatchObject({ value: 1 });
    expect(item).not.toHaveProperty('outbox');
    expect(item).not.toHaveProperty(OUTBOX_INDEX.pk);
  });

  it('keeps what the bus refused, and housekeeping republishes it after the grace period', async () => {
    await putOwing('settle-2', [event('b1'), event('b2')]);
    const refusing = recordingPublisher(['b2']);
    await settleOutbox(db, refusing.publisher, { pk: 'settle-2', sk: 'item' }, [event('b1'), event('b2')]);
    expect(Object.keys((await read('settle-2'))?.outbox ?? {})).toEqual(['b2']);

    const early = recordingPublisher();
    await republishOwedEvents(db, early.publisher, new Date(now.getTime() + OUTBOX_GRACE_MS - 1000));
    expect(early.seen).not.toContain('b2');

    const later = recordingPublisher();
    const result = await republishOwedEvents(db, later.publisher, new Date(now.getTime() + OUTBOX_GRACE_MS + 1000));
    expect(later.seen).toContain('b2');
    expect(result.published).toBeGreaterThanOrEqual(1);
    expect(await read('settle-2')).not.toHaveProperty('outbox');
  });
});
