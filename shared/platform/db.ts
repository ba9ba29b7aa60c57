import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** What every repo factory takes: the document client and the table name. */
export type Db = { client: DynamoDBDocumentClient; table: string };

export function createDb(client: DynamoDBClient, table: string): Db {
  return {
    client: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
    table,
  };
}

/** The ElectroDB service name: the prefix of every key it writes. */
export const SERVICE = 'sd';

export const isConditionalCheckFailure = (err: unknown): boolean => {
  if (!(err instanceof Error)) return false;
  const name = (err as { name?: string }).name ?? '';
  const cause = (err as { cause?: { name?: string } }).cause;
  return (
    name === 'ConditionalCheckFailedException' ||
    cause?.name === 'ConditionalCheckFailedException' ||
    /conditional request failed/i.test(err.message)
  );
};

/** A conditional write's outcome: true when written, false when its condition failed. */
export async function conditionalWrite(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (err) {
    if (isConditionalCheckFailure(err)) return false;
    throw err;
  }
}

/**
 * A repo factory made once per Db: repos are stateless, and building ElectroDB entities validates
 * their schemas — work a hot path (an event handler, a create) must not repeat per call.
 */
export function perDb<T>(make: (db: Db) => T): (db: Db) => T {
  const made = new WeakMap<Db, T>();
  return (db) => {
    let repo = made.get(db);
    if (!repo) made.set(db, (repo = make(db)));
    return repo;
  };
}
