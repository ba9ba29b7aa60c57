// dynalite: DynamoDB's API on LevelDB, on disk under DATA_DIR or in memory; the table is created
// from the one definition in shared/platform/table.ts.
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createTableInput } from '../../shared/platform/table.ts';

export type LocalDynamo = { endpoint: string; client: DynamoDBClient; close(): Promise<void> };

export async function startDynalite(dataDir: string): Promise<LocalDynamo> {
  let path: string | undefined;
  if (dataDir !== ':memory:') {
    path = join(dataDir, 'dynamodb');
    mkdirSync(path, { recursive: true });
  }
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(path ? { path } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
  return {
    endpoint,
    client,
    close: () =>
      new Promise<void>((resolve, reject) => {
        client.destroy();
        server.close((err?: Error) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Creates the table when missing and waits until it is ACTIVE (dynalite creates tables asynchronously). */
export async function ensureTable(client: DynamoDBClient, tableName: string, timeoutMs = 10_000): Promise<void> {
  const status = async () => {
    try {
      return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table?.TableStatus;
    } catch (err) {
      if (err instanceof ResourceNotFoundException) return undefined;
      throw err;
    }
  };
  if ((await status()) === undefined) await client.send(new CreateTableCommand(createTableInput(tableName)));
  const deadline = Date.now() + timeoutMs;
  while ((await status()) !== 'ACTIVE') {
    if (Date.now() > deadline) throw new Error(`Table ${tableName} did not become active`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
