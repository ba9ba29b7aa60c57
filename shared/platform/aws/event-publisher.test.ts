import {
  EventBridgeClient,
  InternalException,
  PutEventsCommand,
  type PutEventsCommandInput,
  type PutEventsRequestEntry,
  ThrottlingException,
} from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BusEvent } from '../../system/events.ts';
import { createEventBridgePublisher, entrySize, type PublishFailure } from './event-publisher.ts';

const client = new EventBridgeClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
});
const eventBridge = mockClient(client);

const BUS = 'service-desk-bus';

function busEvent(n: number, extra: Partial<BusEvent['detail']> = {}): BusEvent {
  return {
    name: 'ticket.created',
    detail: {
      eventId: `evt-${String(n).padStart(2, '0')}`,
      tenantId: 't1',
      number: `T-${n}`,
      version: 1,
      occurredAt: `2025-03-04T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
      actor: { id: 'agent-1', type: 'agent' },
      ticket: { id: `ticket-${n}`, subject: 'Printer on fire' },
      ...extra,
    },
  };
}

const entryOf = (event: BusEvent): PutEventsRequestEntry => ({
  EventBusName: BUS,
  Source: 'service-desk',
  DetailType: event.name,
  Detail: JSON.stringify(event.detail),
  Time: new Date(event.detail.occurredAt),
});

/** Answers every entry as accepted. */
const acceptAll = (input: PutEventsCommandInput) => ({
  FailedEntryCount: 0,
  Entries: (input.Entries ?? []).map((_, i) => ({ EventId: `eb-${i}` })),
});

const inputs = () => eventBridge.commandCalls(PutEventsCommand).map((call) => call.args[0].input);

const instantSleep = vi.fn(async (_ms: number) => {});

beforeEach(() => {
  eventBridge.reset();
  instantSleep.mockClear();
});
afterAll(() => eventBridge.restore());

describe('createEventBridgePublisher', () => {
  it('sends one exact entry per event', async () => {
    eventBridge.on(PutEventsCommand).callsFake(acceptAll);
    const publisher = createEventBridgePublisher({ client, busName: BUS, sleep: instantSleep });
    const event: BusEvent = {
      name: 'ticket.replied',
      detail: {
        eventId: 'evt-1',
        tenantId: 't1',
        number: 'T-1',
        version: 3,
        occurredAt: '2025-03-04T10:00:00.000Z',
        actor: { id: 'c-1', type: 'customer' },
        data: { entryId: 'e-1', kind: 'reply', authorType: 'customer' },
        ticket: { id: 'ticket-1' },
      },
    };

    await expect(publisher.publish([event])).resolves.toEqual({ published: ['evt-1'], failed: [] });

    expect(inputs()).toEqual([
      {
        Entries: [
          {
            EventBusName: 'service-desk-bus',
            Source: 'service-desk',
            DetailType: 'ticket.replied',
            Detail:
              '{"eventId":"evt-1","tenantId":"t1","number":"T-1","version":3,"occurredAt":"2025-03-04T10:00:00.000Z",' +
              '"actor":{"id":"c-1","type":"customer"},"data":{"entryId":"e-1","kind":"reply","authorType":"customer"},' +
              '"ticket":{"id":"ticket-1"}}',
            Time: new Date('2025-03-04T10:00:00.000Z'),
          },
        ],
      },
    ]);
  });

  it('batches 23 events into calls of 10, 10 and 3, in order', async () => {
    eventBridge.on(PutEventsCommand).callsFake(acceptAll);
    const publisher = createEventBridgePublisher({ client, busName: BUS, sleep: instantSleep });
    const events = Array.from({ length: 23 }, (_, i) => busEvent(i + 1));

    const result = await publisher.publish(events);

    expect(inputs()).toEqual([
      { Entries: events.slice(0, 10).map(entryOf) },
      { Entries: events.slice(10, 20).map(entryOf) },
      { Entries: events.slice(20).map(entryOf) },
    ]);
    expect(result).toEqual({ published: events.map((e) => e.detail.eventId), failed: [] });
    expect(instantSleep).not.toHaveBeenCalled();
  });

  it('publishes nothing and calls nothing for no events', async () => {
    const publisher = createEventBridgePublisher({ client, busName: BUS, sleep: instantSleep });
    await expect(publisher.publish([])).resolves.toEqual({ published: [], failed: [] });
    expect(inputs()).toEqual([]);
  });

  it('retries only the throttled entry, then publishes it', async () => {
    const events = [busEvent(1), busEvent(2), busEvent(3)];
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [
          { EventId: 'eb-1' },
          { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' },
          { EventId: 'eb-3' },
        ],
      })
      .resolvesOnce({ FailedEntryCount: 0, Entries: [{ EventId: 'eb-2' }] });
    const publisher = createEventBridgePublisher({ client, busName: BUS, sleep: instantSleep });

    const result = await publisher.publish(events);

    expect(inputs()).toEqual([{ Entries: events.map(entryOf) }, { Entries: [entryOf(events[1]!)] }]);
    expect(result).toEqual({ published: ['evt-01', 'evt-02', 'evt-03'], failed: [] });
    expect(instantSleep).toHaveBeenCalledTimes(1);
  });

  it('answers an entry that keeps being throttled in `failed`, without throwing', async () => {
    const events = [busEvent(1), busEvent(2)];
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }, { EventId: 'eb-2' }],
      })
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }] });
    const failures: PublishFailure[] = [];
    const publisher = createEventBridgePublisher({
      client,
      busName: BUS,
      sleep: instantSleep,
      onFailure: (f) => failures.push(f),
    });

    const result = await publisher.publish(events);

    expect(result).toEqual({ published: ['evt-02'], failed: ['evt-01'] });
    // maxAttempts defaults to 3: the first call, then two retries of the throttled entry alone.
    expect(inputs()).toEqual([
      { Entries: events.map(entryOf) },
      { Entries: [entryOf(events[0]!)] },
      { Entries: [entryOf(events[0]!)] },
    ]);
    expect(failures).toEqual([
      { eventIds: ['evt-01'], code: 'ThrottlingException', message: 'Rate exceeded', retryable: true },
    ]);
  });

  it('retries a call that throws ThrottlingException with the same entries', async () => {
    const events = [busEvent(1), busEvent(2)];
    eventBridge
      .on(PutEventsCommand)
      .rejectsOnce(new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } }))
      .callsFake(acceptAll);
    const publisher = createEventBridgePublisher({ client, busName: BUS, sleep: instantSleep });

    const result = await publisher.publish(events);

    expect(inputs()).toEqual([{ Entries: events.map(entryOf) }, { Entries: events.map(entryOf) }]);
    expect(result).toEqual({ published: ['evt-01', 'evt-02'], failed: [] });
  });

  it('gives up after maxAttempts on a call that keeps failing with 5xx, without throwing', async () => {
    const events = Array.from({ length: 12 }, (_, i) => busEvent(i + 1));
    // The first batch (10) keeps failing; the second (2) goes through.
    eventBridge
      .on(PutEventsCommand)
      .callsFake((input: PutEventsCommandInput) => {
        if (input.Entries?.length === 10) {
          throw new InternalException({ message: 'Internal error', $metadata: { httpStatusCode: 500 } });
        }
        return acceptAll(input);
      });
    const publisher = createEventBridgePublisher({ client, busName: BUS, sleep: instantSleep, maxAttempts: 4 });

    const result = await publisher.publish(events);

    expect(result).toEqual({
      published: ['evt-11', 'evt-12'],
      failed: events.slice(0, 10).map((e) => e.detail.eventId),
    });
    expect(inputs().map((input) => input.Entries?.length)).toEqual([10, 10, 10, 10, 2]);
  });

  it('does not retry an entry refused for a lasting reason', async () => {
    const events = [busEvent(1), busEvent(2)];
    eventBridge.on(PutEventsCommand).resolvesOnce({
      FailedEntryCount: 1,
      Entries: [{ EventId: 'eb-1' }, { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' }],
    });
    const failures: PublishFailure[] = [];
    const publisher = createEventBridgePublisher({
      client,
      busName: BUS,
      sleep: instantSleep,
      onFailure: (f) => failures.push(f),
    });

    await expect(publisher.publish(events)).resolves.toEqual({ published: ['evt-01'], failed: ['evt-02'] });
    expect(inputs()).toHaveLength(1);
    expect(instantSleep).not.toHaveBeenCalled();
    expect(failures).toEqual([
      { eventIds: ['evt-02'], code: 'MalformedDetail', message: 'Detail is malformed.', retryable: false },
    ]);
  });

  it('does not retry a call refused by validation, and does not throw', async () => {
    const validation = Object.assign(new Error('1 validation error detected'), {
      name: 'ValidationException',
      $fault: 'client',
      $metadata: { httpStatusCode: 400 },
    });
    eventBridge.on(PutEventsCommand).rejects(validation);
    const publisher = createEventBridgePublisher({ client, busName: BUS, sleep: instantSleep });

    await expect(publisher.publish([busEvent(1), busEvent(2)])).resolves.toEqual({
      published: [],
      failed: ['evt-01', 'evt-02'],
    });
    expect(inputs()).toHaveLength(1);
  });

  it('backs off exponentially with full jitter', async () => {
    eventBridge.on(PutEventsCommand).rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
    const publisher = createEventBridgePublisher({
      client,
      busName: BUS,
      sleep: instantSleep,
      maxAttempts: 5,
      baseDelayMs: 100,
      maxDelayMs: 500,
      random: () => 0.5,
    });

    await expect(publisher.publish([busEvent(1)])).resolves.toEqual({ published: [], failed: ['evt-01'] });

    // 0.5 × min(500, 100 × 2^n) for the 4 waits between 5 attempts.
    expect(instantSleep.mock.calls.map(([ms]) => ms)).toEqual([50, 100, 200, 250]);
  });

  it('keeps each call under the size budget', async () => {
    eventBridge.on(PutEventsCommand).callsFake(acceptAll);
    const big = (n: number) => busEvent(n, { ticket: { id: `ticket-${n}`, description: 'x'.repeat(100_000) } });
    const events = [big(1), big(2), big(3), busEvent(4)];
    const publisher = createEventBridgePublisher({ client, busName: BUS, sleep: instantSleep });

    await expect(publisher.publish(events)).resolves.toEqual({
      published: ['evt-01', 'evt-02', 'evt-03', 'evt-04'],
      failed: [],
    });

    expect(inputs()).toEqual([
      { Entries: [entryOf(events[0]!), entryOf(events[1]!)] },
      { Entries: [entryOf(events[2]!), entryOf(events[3]!)] },
    ]);
    for (const input of inputs()) {
      expect((input.Entries ?? []).reduce((sum, e) => sum + entrySize(e), 0)).toBeLessThanOrEqual(256 * 1024);
    }
  });

  it('fails an event whose occurredAt is not a date without sending it', async () => {
    eventBridge.on(PutEventsCommand).callsFake(acceptAll);
    const publisher = createEventBridgePublisher({ client, busName: BUS, sleep: instantSleep });
    const events = [busEvent(1, { occurredAt: 'yesterday' }), busEvent(2)];

    await expect(publisher.publish(events)).resolves.toEqual({ published: ['evt-02'], failed: ['evt-01'] });
    expect(inputs()).toEqual([{ Entries: [entryOf(events[1]!)] }]);
  });

  it('counts entry sizes as EventBridge does', () => {
    expect(
      entrySize({ Source: 'service-desk', DetailType: 'ticket.created', Detail: '{"é":1}', Time: new Date(0) }),
    ).toBe(14 + 12 + 14 + 8);
  });
});
