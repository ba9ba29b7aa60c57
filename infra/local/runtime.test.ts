// The runtime itself, with fixture declarations: the bus, the queue, the scheduler, /dev/idle and
// /dev/clock behave as their AWS counterparts would.
import { PutCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { oweEvents } from '../../shared/platform/outbox.ts';
import type { BusEvent, EventName } from '../../shared/system/events.ts';
import { fixtureCalls } from './fixtures/calls.ts';
import { fixtureSystem } from './fixtures/system.ts';
import { type LocalRuntime, startRuntime } from './runtime.ts';
import { tokenFor } from './testing.ts';

let rt: LocalRuntime;
beforeAll(async () => {
  rt = await startRuntime({ port: 0, dataDir: ':memory:', system: fixtureSystem, retryDelaysMs: [10], redeliveryDelayMs: 10 });
  // The seed's own events reach the fixture rules too; let them pass before counting.
  await rt.activity.idle();
});
afterAll(async () => rt.stop());
beforeEach(() => {
  fixtureCalls().length = 0;
});

let seq = 0;
function busEvent(name: EventName, ticket: Record<string, unknown> = {}): BusEvent {
  seq++;
  return {
    name,
    detail: {
      eventId: `evt-${seq}`,
      tenantId: 'acme',
      number: `SD-${String(seq).padStart(5, '0')}`,
      version: 1,
      occurredAt: rt.clock.now().toISOString(),
      actor: { id: 'u1', type: 'agent' },
      ticket: { number: `SD-${seq}`, ...ticket },
    },
  };
}

const post = (path: string, body?: unknown) =>
  fetch(`${rt.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

const callsTo = (target: string) => fixtureCalls().filter((c) => c.target === target);

describe('event bus', () => {
  it('delivers an event to the handlers its rules name, as an EventBridge event, and to no others', async () => {
    const event = busEvent('ticket.created');
    await rt.deps.events.publish([event]);
    await rt.activity.idle();
    expect(callsTo('record-event')).toHaveLength(1);
    expect(callsTo('slow-event')).toHaveLength(0);
    expect(callsTo('record-event')[0]!.payload).toMatchObject({ 'detail-type': 'ticket.created', source: 'service-desk', detail: event.detail });
  });

  it('retries a failing target, then dead-letters the event', async () => {
    const event = busEvent('ticket.created', { fail: true });
    await rt.deps.events.publish([event]);
    await rt.activity.idle();
    // The first attempt plus the rule's 2 retries.
    expect(callsTo('record-event')).toHaveLength(3);
    expect(rt.bus.deadLetters.map((d) => d.event.detail.eventId)).toContain(event.detail.eventId);
  });
});

describe('POST /dev/idle', () => {
  it('answers only once the bus has handled what was published', async () => {
    await rt.deps.events.publish([busEvent('ticket.updated')]);
    expect(callsTo('slow-event')).toHaveLength(0);
    const res = await post('/dev/idle');
    expect(res.status).toBe(200);
    expect(callsTo('slow-event')).toHaveLength(1);
  });

  it('waits for queue redeliveries too', async () => {
    await rt.deps.queue.send('fixture-work', { id: 'idle-check', fail: true });
    await post('/dev/idle');
    expect(callsTo('queue-worker').filter((c) => (c.payload as { id: string }).id === 'idle-check')).toHaveLength(3);
  });
});

describe('queue', () => {
  it('delivers messages in batches and retries only the failed ones until the dead-letter queue', async () => {
    await rt.deps.queue.send('fixture-work', { id: 'ok-1' });
    await rt.deps.queue.send('fixture-work', { id: 'bad-1', fail: true });
    await rt.deps.queue.send('fixture-work', { id: 'ok-2' });
    await rt.activity.idle();
    const seen = callsTo('queue-worker').map((c) => c.payload as { id: string; receiveCount: number });
    expect(seen.filter((s) => s.id === 'ok-1')).toHaveLength(1);
    expect(seen.filter((s) => s.id === 'ok-2')).toHaveLength(1);
    expect(seen.filter((s) => s.id === 'bad-1').map((s) => s.receiveCount)).toEqual([1, 2, 3]);
    expect(rt.queues.deadLetters('fixture-work').map((m) => m.body)).toContainEqual({ id: 'bad-1', fail: true });
    expect(rt.queues.deadLetters('fixture-work').map((m) => (m.body as { id: string }).id)).not.toContain('ok-1');
  });

  it('refuses a queue that is not declared', async () => {
    await expect(rt.deps.queue.send('nope', {})).rejects.toThrow(/nope/);
  });
});

describe('housekeeping', () => {
  it('republishes an event left in an outbox for over a minute, then forgets it', async () => {
    const event = busEvent('ticket.created');
    const owed = oweEvents('stuck-item', undefined, [event], rt.clock.now());
    await rt.db.client.send(new PutCommand({ TableName: rt.db.table, Item: { pk: 'stuck-item', sk: 'x', ...owed } }));

    await post('/dev/schedules/housekeeping/run');
    expect(callsTo('record-event')).toHaveLength(0);

    await post('/dev/clock', { advanceMinutes: 2 });
    const res = await post('/dev/schedules/housekeeping/run');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { result: { republished: number } }).result.republished).toBe(1);
    expect(callsTo('record-event').map((c) => (c.payload as { detail: { eventId: string } }).detail.eventId)).toEqual([event.detail.eventId]);
    const item = await rt.db.client.send(new GetCommand({ TableName: rt.db.table, Key: { pk: 'stuck-item', sk: 'x' } }));
    expect(item.Item).not.toHaveProperty('outbox');
  });

  it('answers 404 for a schedule that does not exist', async () => {
    expect((await post('/dev/schedules/nope/run')).status).toBe(404);
  });
});

describe('POST /dev/clock', () => {
  it('moves the time handlers see, and not token expiry', async () => {
    const token = await tokenFor(rt, 'alice@acme.test');
    const before = new Date(((await (await fetch(`${rt.url}/api/fixture/now`)).json()) as { now: string }).now);
    const moved = await post('/dev/clock', { advanceMinutes: 60 * 24 * 30 });
    expect(moved.status).toBe(200);
    const after = new Date(((await (await fetch(`${rt.url}/api/fixture/now`)).json()) as { now: string }).now);
    expect(after.getTime() - before.getTime()).toBeGreaterThanOrEqual(30 * 24 * 3600_000);
    // A token that expires in hours still works a month of product time later.
    const me = await fetch(`${rt.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
  });

  it('refuses to move backwards', async () => {
    expect((await post('/dev/clock', { advanceMinutes: -5 })).status).toBe(400);
  });
});
