// EventPublisher on EventBridge. Entries the bus refuses for a passing reason (throttling, internal
// errors) are retried with exponential backoff and full jitter; whatever still fails is answered in
// `failed` rather than thrown, because the caller keeps those events owed in its outbox and
// housekeeping republishes them later.
import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { EVENT_SOURCE, type BusEvent } from '../../system/events.ts';
import type { EventPublisher, PublishResult } from '../ports.ts';

/** PutEvents accepts at most 10 entries per call. */
export const MAX_ENTRIES_PER_CALL = 10;
/** PutEvents' limit on the total size of one call's entries (computed as EventBridge documents it). */
export const MAX_BYTES_PER_CALL = 256 * 1024;

export type PublishFailure = {
  eventIds: string[];
  /** The entry's ErrorCode, or the name of the error the call threw. */
  code: string;
  message: string;
  /** True when the failure was passing (throttling, 5xx) but outlasted the attempts. */
  retryable: boolean;
};

export type EventBridgePublisherConfig = {
  client: EventBridgeClient;
  busName: string;
  /** Attempts per entry, the first included. Default 3. */
  maxAttempts?: number;
  /** Base of the exponential backoff, in ms. Default 50. */
  baseDelayMs?: number;
  /** Upper bound of one backoff, in ms. Default 1000. */
  maxDelayMs?: number;
  /** Size budget of one call's entries, in bytes. Default 256 KiB. */
  maxBytesPerCall?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter, in [0, 1). Default Math.random. */
  random?: () => number;
  /** Told about every event that ends in `failed`, with the reason (the port only carries ids). */
  onFailure?: (failure: PublishFailure) => void;
};

const RETRYABLE_CODES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'InternalException',
  'InternalFailure',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
]);

const TRANSIENT_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN']);

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createEventBridgePublisher(config: EventBridgePublisherConfig): EventPublisher {
  const {
    client,
    busName,
    maxAttempts = 3,
    baseDelayMs = 50,
    maxDelayMs = 1000,
    maxBytesPerCall = MAX_BYTES_PER_CALL,
    sleep = defaultSleep,
    random = Math.random,
    onFailure,
  } = config;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error(`maxAttempts must be an integer ≥ 1, got ${maxAttempts}`);

  const backoff = (retry: number) => Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** retry));

  async function publishBatch(batch: Pending[]): Promise<{ published: Set<string>; failed: Set<string> }> {
    const published = new Set<string>();
    const failed = new Set<string>();
    let pending = batch;
    let lastError: { code: string; message: string } = { code: 'Unknown', message: '' };

    for (let attempt = 1; pending.length > 0 && attempt <= maxAttempts; attempt++) {
      if (attempt > 1) await sleep(backoff(attempt - 2));
      const retry: Pending[] = [];
      try {
        const output = await client.send(new PutEventsCommand({ Entries: pending.map((p) => p.entry) }));
        const results = output.Entries ?? [];
        pending.forEach((p, i) => {
          const result = results[i];
          if (result?.EventId && !result.ErrorCode) {
            published.add(p.eventId);
            return;
          }
          // A missing result says nothing about the entry: treat it as passing.
          const code = result?.ErrorCode ?? 'MissingResultEntry';
          const message = result?.ErrorMessage ?? 'PutEvents answered no result for this entry';
          if (!result || isRetryableCode(code)) {
            retry.push(p);
            lastError = { code, message };
          } else {
            failed.add(p.eventId);
            onFailure?.({ eventIds: [p.eventId], code, message, retryable: false });
          }
        });
      } catch (err) {
        const code = errorCode(err);
        const message = err instanceof Error ? err.message : String(err);
        if (!isRetryableError(err)) {
          for (const p of pending) failed.add(p.eventId);
          onFailure?.({ eventIds: pending.map((p) => p.eventId), code, message, retryable: false });
          return { published, failed };
        }
        retry.push(...pending);
        lastError = { code, message };
      }
      pending = retry;
    }

    if (pending.length > 0) {
      for (const p of pending) failed.add(p.eventId);
      onFailure?.({ eventIds: pending.map((p) => p.eventId), ...lastError, retryable: true });
    }
    return { published, failed };
  }

  return {
    async publish(events: BusEvent[]): Promise<PublishResult> {
      const published = new Set<string>();
      const failed = new Set<string>();
      const sendable: Pending[] = [];

      for (const event of events) {
        const time = new Date(event.detail.occurredAt);
        if (Number.isNaN(time.getTime())) {
          // The SDK would throw while serializing and take the whole batch down with it.
          failed.add(event.detail.eventId);
          onFailure?.({
            eventIds: [event.detail.eventId],
            code: 'InvalidOccurredAt',
            message: `occurredAt is not a date: ${JSON.stringify(event.detail.occurredAt)}`,
            retryable: false,
          });
          continue;
        }
        const entry: PutEventsRequestEntry = {
          EventBusName: busName,
          Source: EVENT_SOURCE,
          DetailType: event.name,
          Detail: JSON.stringify(event.detail),
          Time: time,
        };
        sendable.push({ eventId: event.detail.eventId, entry, size: entrySize(entry) });
      }

      for (const batch of toBatches(sendable, maxBytesPerCall)) {
        const result = await publishBatch(batch);
        for (const id of result.published) published.add(id);
        for (const id of result.failed) failed.add(id);
      }

      // Answer in the order the events came.
      const order = events.map((e) => e.detail.eventId);
      return {
        published: order.filter((id) => published.has(id)),
        failed: order.filter((id) => failed.has(id)),
      };
    },
  };
}

type Pending = { eventId: string; entry: PutEventsRequestEntry; size: number };

/** At most 10 entries and `maxBytes` per call; an entry bigger than the budget goes alone. */
function toBatches(entries: Pending[], maxBytes: number): Pending[][] {
  const batches: Pending[][] = [];
  let current: Pending[] = [];
  let bytes = 0;
  for (const p of entries) {
    if (current.length > 0 && (current.length === MAX_ENTRIES_PER_CALL || bytes + p.size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(p);
    bytes += p.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Entry size as EventBridge counts it: 14 bytes for Time, plus the UTF-8 sizes of the strings. */
export function entrySize(entry: PutEventsRequestEntry): number {
  const utf8 = (s: string | undefined) => (s ? Buffer.byteLength(s, 'utf8') : 0);
  return (
    (entry.Time ? 14 : 0) +
    utf8(entry.Source) +
    utf8(entry.DetailType) +
    utf8(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, r) => sum + utf8(r), 0)
  );
}

function isRetryableCode(code: string): boolean {
  return RETRYABLE_CODES.has(code) || /throttl/i.test(code);
}

function errorCode(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; code?: unknown };
    if (typeof e.name === 'string' && e.name !== 'Error') return e.name;
    if (typeof e.code === 'string') return e.code;
  }
  return 'Error';
}

/** Throttling, 5xx and connection failures pass; validation, access and the like do not. */
function isRetryableError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as {
    name?: unknown;
    code?: unknown;
    $retryable?: unknown;
    $fault?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  if (e.$retryable) return true;
  if (typeof e.name === 'string' && isRetryableCode(e.name)) return true;
  if (typeof e.code === 'string' && (TRANSIENT_NETWORK_CODES.has(e.code) || isRetryableCode(e.code))) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status === 429 || (status !== undefined && status >= 500)) return true;
  return e.$fault === 'server';
}
