// dynalite: DynamoDB's API on LevelDB, on disk under DATA_DIR or in memory; the table is created
// from the one definition in shared/platform/table.ts.
import { fork } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createTableInput } from '../../shared/platform/table.ts';

export type LevelIterator = { next(): Promise<unknown>; close(): Promise<void> };
type LevelDb = { keys(o: unknown): LevelIterator; values(o: unknown): LevelIterator; createKeyStream(o: unknown): Readable; createValueStream(o: unknown): Readable };

/**
 * dynalite 4 turns LevelDB iterators into streams whose `destroy` calls `iterator.return()`, which
 * abstract-level 3 iterators lack: every Query that stops early (a Limit, a page) left its iterator
 * open with what it had buffered, and the runtime's memory grew with every list request. These
 * streams close the iterator — after a read in progress, never during it.
 */
export function iteratorStream(iterator: LevelIterator): Readable {
  let pending: Promise<void> | undefined;
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= iterator.close().catch(() => undefined));
  return new Readable({
    objectMode: true,
    read() {
      pending = iterator.next().then(
        (value) => {
          pending = undefined;
          if (this.destroyed) return;
          if (value === undefined) {
            void close();
            this.push(null);
          } else this.push(value);
        },
        (err: Error) => {
          pending = undefined;
          this.destroy(err);
        },
      );
    },
    destroy(err, callback) {
      const done = () => close().then(() => callback(err));
      void (pending ? pending.then(done, done) : done());
    },
  });
}

function closeIteratorsOfDynalite(): void {
  const require = createRequire(import.meta.url);
  const dbModule = require('dynalite/db/index.js') as { create(o: unknown): { db: LevelDb }; __sdIteratorsClosed?: boolean };
  if (dbModule.__sdIteratorsClosed) return;
  const create = dbModule.create;
  dbModule.create = (options: unknown) => {
    const store = create(options);
    store.db.createKeyStream = (o) => iteratorStream(store.db.keys(o));
    store.db.createValueStream = (o) => iteratorStream(store.db.values(o));
    return store;
  };
  dbModule.__sdIteratorsClosed = true;
}

export type LocalDynamo = { endpoint: string; client: DynamoDBClient; close(): Promise<void> };

function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 });
}

/**
 * dynalite in a child process: the store's work (LevelDB, request parsing) moves off the runtime's
 * event loop onto the machine's other core. Closing asks the child to flush and close its store.
 */
export async function startDynaliteProcess(dataDir: string): Promise<LocalDynamo> {
  const child = fork(fileURLToPath(new URL('./dynalite-child.ts', import.meta.url)), [dataDir], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const endpoint = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { endpoint?: string }) => (m.endpoint ? resolve(m.endpoint) : reject(new Error('dynalite did not start'))));
    void exited.then((code) => reject(new Error(`dynalite exited with ${code} before it was ready`)));
  });
  const client = localClient(endpoint);
  return {
    endpoint,
    client,
    async close() {
      client.destroy();
      if (child.exitCode === null) child.send('close');
      const code = await exited;
      if (code !== 0) throw new Error(`dynalite exited with ${code}`);
    },
  };
}

export async function startDynalite(dataDir: string): Promise<LocalDynamo> {
  let path: string | undefined;
  if (dataDir !== ':memory:') {
    path = join(dataDir, 'dynamodb');
    mkdirSync(path, { recursive: true });
  }
  closeIteratorsOfDynalite();
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, ...(path ? { path } : {}) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
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
