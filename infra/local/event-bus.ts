// The in-process EventBridge: applies the declared rules to the declared target handlers,
// asynchronously, at least once, with retries and a dead-letter list, as EventBridge does.
import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { EventBridgeEvent } from 'aws-lambda';
import type { EventPublisher } from '../../shared/platform/ports.ts';
import { type BusEvent, EVENT_SOURCE, type EventEnvelope, type EventRule } from '../../shared/system/events.ts';
import { type Activity, delay } from './activity.ts';

export type DeadLetter = { rule: string; event: EventBridgeEvent<string, EventEnvelope>; error: string; at: string };

export type LocalBus = EventPublisher & { deadLetters: DeadLetter[] };

export function toEventBridgeEvent(event: BusEvent): EventBridgeEvent<string, EventEnvelope> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': event.name,
    source: EVENT_SOURCE,
    account: '000000000000',
    time: event.detail.occurredAt,
    region: 'local',
    resources: [],
    detail: event.detail,
  };
}

export function createLocalBus(options: {
  rules: readonly EventRule[];
  invoke: (module: string, event: unknown) => Promise<unknown>;
  activity: Activity;
  logger: Logger;
  retryDelaysMs?: number[];
}): LocalBus {
  const deadLetters: DeadLetter[] = [];
  const retryDelays = options.retryDelaysMs ?? [100, 500, 2000];

  async function deliver(rule: EventRule, event: EventBridgeEvent<string, EventEnvelope>): Promise<void> {
    // The first attempt plus `rule.retries` more, then the dead-letter list.
    for (let attempt = 0; ; attempt++) {
      try {
        await options.invoke(rule.target, event);
        return;
      } catch (err) {
        if (attempt >= rule.retries) {
          deadLetters.push({ rule: rule.name, event, error: String(err), at: new Date().toISOString() });
          options.logger.error('Event dead-lettered', { rule: rule.name, eventId: event.detail.eventId, error: err as Error });
          return;
        }
        await delay(retryDelays[Math.min(attempt, retryDelays.length - 1)]!);
      }
    }
  }

  return {
    deadLetters,
    async publish(events) {
      for (const event of events) {
        const bridged = toEventBridgeEvent(event);
        for (const rule of options.rules) {
          if (!rule.events.includes(event.name)) continue;
          // Not awaited: the publisher returns once the bus has accepted the event.
          void options.activity.track(async () => {
            await delay(0);
            await deliver(rule, bridged);
          });
        }
      }
      return { published: events.map((e) => e.detail.eventId), failed: [] };
    },
  };
}
