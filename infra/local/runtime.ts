// The embedded local runtime: dynalite, the in-process bus, queues and scheduler, the local issuer,
// the blob folder and the HTTP server, all built from the system declarations it is given.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { createTokenVerifier } from '../../functions/lib/auth.ts';
import { type Deps, installDeps } from '../../functions/lib/deps.ts';
import { createIds } from '../../shared/platform/clock.ts';
import { type Db, createDb } from '../../shared/platform/db.ts';
import type { SecretReader } from '../../shared/platform/ports.ts';
import { LOCAL_SECRET_DEFAULTS } from '../../shared/whatsapp/whatsapp-config.ts';
import { type Activity, createActivity } from './activity.ts';
import { type LocalBlobStore, createLocalBlobStore } from './blob-store.ts';
import { type MovableClock, createMovableClock } from './clock.ts';
import { setCurrentRuntime } from './current.ts';
import { ensureTable, startDynalite, startDynaliteProcess } from './dynalite.ts';
import { type LocalBus, createLocalBus } from './event-bus.ts';
import { createLocalServer } from './http-server.ts';
import { type LocalIssuer, createLocalIssuer } from './issuer.ts';
import { invoke, repoRoot } from './modules.ts';
import { type LocalQueues, createLocalQueues } from './queue.ts';
import { type LocalScheduler, createScheduler } from './scheduler.ts';
import { runBackfill } from '../../shared/ticket/ticket-backfill.ts';
import { seedIfEmpty } from './seed.ts';
import { type SystemDecl, productSystem } from './system.ts';
import { type LocalWhatsApp, createLocalWhatsApp } from './whatsapp-outbox.ts';

export const TABLE_NAME = 'service-desk';

export type RuntimeOptions = {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** A folder, or ':memory:'. */
  dataDir?: string;
  system?: SystemDecl;
  webDir?: string;
  seed?: boolean;
  /** Run schedules on their wall-clock timers (off in tests, which run them on demand). */
  timers?: boolean;
  retryDelaysMs?: number[];
  redeliveryDelayMs?: number;
  /** Run dynalite on the runtime's own thread (default: a child process). */
  storeInProcess?: boolean;
};

export type LocalRuntime = {
  url: string;
  port: number;
  dataDir: string;
  db: Db;
  deps: Deps;
  clock: MovableClock;
  issuer: LocalIssuer;
  bus: LocalBus;
  queues: LocalQueues;
  scheduler: LocalScheduler;
  activity: Activity;
  blobs: LocalBlobStore;
  whatsapp: LocalWhatsApp;
  system: SystemDecl;
  stop(): Promise<void>;
};

function loadSecret(dataDir: string, name: string): Buffer {
  if (dataDir === ':memory:') return randomBytes(32);
  const file = join(dataDir, name);
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8'), 'base64');
  const secret = randomBytes(32);
  writeFileSync(file, secret.toString('base64'), { mode: 0o600 });
  return secret;
}

/** Secrets from the environment (`whatsapp-app-secret` ← WHATSAPP_APP_SECRET), with SPEC §6's local defaults. */
function localSecrets(env: NodeJS.ProcessEnv): SecretReader {
  return {
    async get(name) {
      const value = env[name.toUpperCase().replace(/-/g, '_')] ?? LOCAL_SECRET_DEFAULTS[name];
      if (!value) throw new Error(`No secret ${name}: set ${name.toUpperCase().replace(/-/g, '_')}`);
      return value;
    },
  };
}

export async function startRuntime(options: RuntimeOptions = {}): Promise<LocalRuntime> {
  const dataDir = options.dataDir ?? '.data';
  const resolvedDataDir = dataDir === ':memory:' ? dataDir : resolve(dataDir);
  if (resolvedDataDir !== ':memory:') mkdirSync(resolvedDataDir, { recursive: true });
  const system = options.system ?? productSystem;
  const logger = new Logger({ serviceName: 'service-desk-local' });
  const activity = createActivity();
  const clock = createMovableClock();

  // The store runs in its own process unless asked otherwise: its work then has a core of its own.
  const dynamo = options.storeInProcess ? await startDynalite(resolvedDataDir) : await startDynaliteProcess(resolvedDataDir);
  await ensureTable(dynamo.client, TABLE_NAME);
  const db = createDb(dynamo.client, TABLE_NAME);

  const bus = createLocalBus({ rules: system.eventRules, invoke, activity, logger, ...(options.retryDelaysMs ? { retryDelaysMs: options.retryDelaysMs } : {}) });
  const queues = createLocalQueues({
    queues: system.queues,
    invoke,
    activity,
    logger,
    ...(options.redeliveryDelayMs !== undefined ? { redeliveryDelayMs: options.redeliveryDelayMs } : {}),
  });
  const scheduler = createScheduler({ schedules: system.schedules, invoke, activity, logger });

  const server = createLocalServer({
    routes: system.routes,
    notFoundHandler: system.notFoundHandler,
    webDir: resolve(options.webDir ?? join(repoRoot, 'web/dist')),
    invoke,
    onError: (err) => logger.error('Request failed', { error: err as Error }),
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;

  const issuer = createLocalIssuer({ dataDir: resolvedDataDir, issuer: url });
  const blobs = createLocalBlobStore({ dataDir: resolvedDataDir, baseUrl: () => url, secret: loadSecret(resolvedDataDir, 'blob-secret') });
  const whatsapp = createLocalWhatsApp(clock);
  const deps: Deps = {
    db,
    clock,
    ids: createIds(),
    events: bus,
    queue: queues,
    blobs,
    whatsapp,
    secrets: localSecrets(process.env),
    verifier: createTokenVerifier({ issuer: url, audience: issuer.audience, jwksUri: `${url}/.well-known/jwks.json`, jwks: issuer.jwks }),
    logger,
    routes: system.routes,
  };
  installDeps(deps);

  // Data kept from an older version catches up before anything reads it; a new store only records its version.
  const backfill = await runBackfill(deps);
  if (backfill.ran && backfill.tickets) logger.info('Backfill', { ...backfill });
  if (options.seed !== false) await seedIfEmpty(deps);
  if (options.timers) scheduler.start(() => clock.now());

  let stopping: Promise<void> | undefined;
  const runtime: LocalRuntime = {
    url,
    port,
    dataDir: resolvedDataDir,
    db,
    deps,
    clock,
    issuer,
    bus,
    queues,
    scheduler,
    activity,
    blobs,
    whatsapp,
    system,
    stop() {
      stopping ??= (async () => {
        scheduler.stop();
        // No new requests; those in progress and the work already accepted finish (bounded), then the
        // store is flushed and closed.
        const closed = new Promise<void>((ok) => server.close(() => ok()));
        server.closeIdleConnections();
        const bound = (p: Promise<unknown>) => Promise.race([p, new Promise((ok) => setTimeout(ok, 5000).unref())]);
        await bound(server.drain());
        await bound(activity.idle());
        server.closeAllConnections();
        await closed;
        await dynamo.close();
        setCurrentRuntime(undefined);
      })();
      return stopping;
    },
  };
  setCurrentRuntime(runtime);
  return runtime;
}
