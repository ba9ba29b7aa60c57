// DynamoDB calls seen through an AWS SDK middleware: counted by command name (for "calls per
// request" figures), or captured instead of sent (to get the items a repo would write, built by
// the repo's own entities, without writing them).
//
// A DynamoDBDocumentClient shares its middleware stack with the DynamoDBClient under it, so one
// middleware on either sees every call of both. It sits in the `initialize` step: it sees each
// `send` once (retries happen further down the stack), with the document client's unmarshalled input.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Db, createDb } from '../shared/platform/db.ts';

type Stack = DynamoDBClient['middlewareStack'];
type WithStack = { middlewareStack: Stack };

export type CallCounts = Record<string, number>;

export type CallCounter = {
  /** Calls by command name (`PutItemCommand`, `QueryCommand` …) since the last reset. */
  counts(): CallCounts;
  /** All calls since the last reset. */
  total(): number;
  /** Items in BatchWriteItem requests and keys in BatchGetItem requests since the last reset. */
  batchItems(): { written: number; read: number };
  reset(): void;
  /** Takes the middleware off the stack. */
  remove(): void;
};

let counters = 0;

/** Counts every `send` of the client (or document client) by command name. */
export function countCalls(client: WithStack): CallCounter {
  const name = `bench-call-counter-${++counters}`;
  let counts: CallCounts = {};
  let written = 0;
  let read = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? 'unknown';
      counts[command] = (counts[command] ?? 0) + 1;
      const input = args.input as { RequestItems?: Record<string, unknown[] | { Keys?: unknown[] }> };
      if (command === 'BatchWriteItemCommand') for (const list of Object.values(input.RequestItems ?? {})) written += (list as unknown[]).length;
      if (command === 'BatchGetItemCommand') for (const entry of Object.values(input.RequestItems ?? {})) read += (entry as { Keys?: unknown[] }).Keys?.length ?? 0;
      return next(args);
    },
    { step: 'initialize', name, priority: 'high' },
  );
  return {
    counts: () => ({ ...counts }),
    total: () => Object.values(counts).reduce((a, b) => a + b, 0),
    batchItems: () => ({ written, read }),
    reset() {
      counts = {};
      written = 0;
      read = 0;
    },
    remove: () => void client.middlewareStack.remove(name),
  };
}

/** The difference of two count snapshots (after − before), without zero entries. */
export function diffCounts(after: CallCounts, before: CallCounts): CallCounts {
  const out: CallCounts = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) !== 0) out[k] = v - (before[k] ?? 0);
  return out;
}

export const sumCounts = (counts: CallCounts): number => Object.values(counts).reduce((a, b) => a + b, 0);

export type CapturedCall = { command: string; input: Record<string, unknown> };

export type CaptureDb = {
  db: Db;
  /** The calls captured since the last take, oldest first; empties the list. */
  take(): CapturedCall[];
};

/**
 * A Db whose client sends nothing: every call is recorded and answered with an empty success, so a
 * repo writes into the list instead of the table (`UpdateItem` answers `updated`'s attributes).
 * Inputs are the document client's (plain JavaScript values, not AttributeValues).
 */
export function captureDb(table: string, updated: Record<string, unknown> = {}): CaptureDb {
  const client = new DynamoDBClient({ region: 'local', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'capture', secretAccessKey: 'capture' } });
  let calls: CapturedCall[] = [];
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      calls.push({ command: context.commandName ?? 'unknown', input: args.input as Record<string, unknown> });
      const output = context.commandName === 'UpdateItemCommand' ? { $metadata: {}, Attributes: updated } : { $metadata: {} };
      return { output, response: {} } as never;
    },
    { step: 'initialize', name: 'bench-capture', priority: 'high' },
  );
  return {
    db: createDb(client, table),
    take() {
      const taken = calls;
      calls = [];
      return taken;
    },
  };
}
