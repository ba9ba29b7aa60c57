// Shared helpers for the benchmarks: start the local runtime as a child process, read its peak
// memory, and write a result file that `npm run bench:report` turns into the README's table.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Db, createDb } from '../shared/platform/db.ts';

export const repoRoot = fileURLToPath(new URL('../', import.meta.url));
export const resultsDir = join(repoRoot, 'bench', 'results');

/** Every benchmark, in the order `npm run bench` runs them (and the report lists them). Add new ones here. */
export const BENCHES = ['boot', 'api-me', 'tickets', 'admin', 'bundles', 'whatsapp', 'sla-sweep'] as const;

// ─── Results ────────────────────────────────────────────────────────────────────────────────────

export type Figure = {
  /** What was measured, e.g. "requests/s" or "first start (median)". */
  name: string;
  value: number;
  /** Shown after the value: "s", "ms", "req/s", "MB", "" … */
  unit: string;
  /** The aim, as a comparison and a number in the figure's unit: "≥ 1500", "≤ 5", "= 0". */
  aim?: string;
};

export type BenchResult = {
  name: string;
  commit: string;
  /** The working tree had uncommitted changes when the bench ran (the figures are for HEAD plus those). */
  dirty: boolean;
  date: string;
  machine: { cpus: number; cpuModel: string; memGb: number; node: string };
  /** Anything else worth keeping beside the figures (settings, raw series); not shown in the table. */
  details?: Record<string, unknown>;
  figures: Figure[];
};

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

export function machine(): BenchResult['machine'] {
  const list = cpus();
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
  };
}

/** Writes bench/results/<name>.json and prints the figures. */
export function writeResult(name: string, figures: Figure[], details?: Record<string, unknown>): BenchResult {
  const result: BenchResult = {
    name,
    commit: git('rev-parse', '--short', 'HEAD') || 'unknown',
    dirty: git('status', '--porcelain', '--untracked-files=no') !== '',
    date: new Date().toISOString(),
    machine: machine(),
    // The load average when the bench ended: other work on the machine shows in the figures.
    details: { ...details, loadAvg1m5m15m: loadavg().map((l) => round(l, 2)) },
    figures,
  };
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n${name}:`);
  for (const f of figures) console.log(`  ${f.name.padEnd(36)} ${`${f.value} ${f.unit}`.padEnd(16)} ${f.aim ? `aim ${f.aim} ${f.unit}` : ''}`);
  console.log(`  → ${file}`);
  return result;
}

// ─── Statistics ─────────────────────────────────────────────────────────────────────────────────

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The p-th percentile (nearest rank) of the values. */
export function percentile(values: number[], p: number): number {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const round = (value: number, digits = 0): number => Math.round(value * 10 ** digits) / 10 ** digits;

// ─── Processes ──────────────────────────────────────────────────────────────────────────────────

/** A free TCP port on 127.0.0.1 (released just before the runtime takes it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The parent pid of every process, from /proc/<pid>/stat (field 4, after the parenthesised name). */
function parentPids(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // the process ended while we looked
    }
  }
  return parents;
}

/** `root` and all its descendants, parents before children. */
export function processTree(root: number): number[] {
  const parents = parentPids();
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, ppid] of parents) if (ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

/** The inodes of the sockets listening on `port` (IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // local_address is "<addr>:<port>", st 0A is LISTEN, the inode is column 10
      if (cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A' && cols[9]) inodes.add(cols[9]);
    }
  }
  return inodes;
}

function holdsSocket(pid: number, inodes: Set<string>): boolean {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m && inodes.has(m[1]!)) return true;
    } catch {
      // fd closed meanwhile
    }
  }
  return false;
}

/**
 * The process that actually runs the server: of `root` and its descendants, the one holding the
 * socket listening on `port`. `node --import tsx …` is a single process (root itself), but the
 * `tsx` binary runs the script in a child node process, and `npm start` adds npm and a shell on top
 * (npm → sh → tsx → node). Falls back to the deepest descendant when the socket cannot be seen.
 */
export function serverPid(root: number, port: number): number {
  const tree = processTree(root);
  const inodes = listeningInodes(port);
  for (const pid of [...tree].reverse()) if (holdsSocket(pid, inodes)) return pid;
  return tree[tree.length - 1] ?? root;
}

/**
 * Peak resident memory (VmHWM, the high-water mark of RSS) of one process, in MB (MiB), from
 * /proc/<pid>/status. Read it before the process ends.
 */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
  if (!m) throw new Error(`No VmHWM in /proc/${pid}/status`);
  return round(Number(m[1]) / 1024, 1);
}

/**
 * How the runtime is started: `node --import tsx` (one process), the `tsx` binary, or `npm start`
 * itself; `runtime` is the node command on bench/runtime-process.ts, the same runtime without the web
 * build (for benches of the API).
 */
export type StartCommand = 'node' | 'tsx' | 'npm' | 'runtime';

const commands: Record<StartCommand, [string, string[]]> = {
  node: [process.execPath, ['--import', 'tsx', 'infra/local/start.ts']],
  runtime: [process.execPath, ['--import', 'tsx', 'bench/runtime-process.ts']],
  tsx: [join(repoRoot, 'node_modules/.bin/tsx'), ['infra/local/start.ts']],
  npm: ['npm', ['start', '--silent']],
};

export type RunningServer = {
  url: string;
  port: number;
  /** The process that runs the server (see serverPid). */
  pid: number;
  /** The process spawned (differs from pid for the `tsx` and `npm` commands). */
  rootPid: number;
  /** Milliseconds from spawning the start command to the first 200 from /health. */
  readyMs: number;
  /** Milliseconds from spawning to the runtime printing "Service Desk is ready" (undefined until it has). */
  readyLineMs(): number | undefined;
  /** The runtime's stdout and stderr so far. */
  output(): string;
  stop(): Promise<void>;
};

export type StartOptions = {
  /** Added to the environment; PORT defaults to a free port, DATA_DIR to ':memory:'. */
  env?: Record<string, string>;
  command?: StartCommand;
  timeoutMs?: number;
  /** How often /health is polled while starting (the resolution of readyMs). */
  pollMs?: number;
  /**
   * Also wait for start.ts's "Service Desk is ready" line (default true). /health answers 200 as soon
   * as the server listens, before seeding ends and before the runtime is registered (infra/local/
   * runtime.ts), so /dev/token answers 500 in that window.
   */
  waitForReadyLine?: boolean;
  /** Extra node flags before the script (the `node` and `runtime` commands), e.g. `--cpu-prof`. */
  nodeArgs?: string[];
};

const running = new Set<ChildProcess>();
process.on('exit', () => {
  // A bench that crashes must not leave a runtime behind: end the process groups we started.
  for (const child of running) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the local runtime as a child process and resolves once GET /health answers 200. */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const port = Number(options.env?.PORT ?? (await freePort()));
  const [file, baseArgs] = commands[options.command ?? 'node'];
  if (options.nodeArgs?.length && !['node', 'runtime'].includes(options.command ?? 'node')) throw new Error('nodeArgs need the node or runtime command');
  const args = [...(options.nodeArgs ?? []), ...baseArgs];
  const env = { ...process.env, DATA_DIR: ':memory:', ...options.env, PORT: String(port) };
  const started = performance.now();
  // Its own process group, so stop() ends npm/tsx and the node process under them together.
  const child = spawn(file, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(child);
  let output = '';
  let readyLineMs: number | undefined;
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
    if (readyLineMs === undefined && output.includes('Service Desk is ready at')) readyLineMs = performance.now() - started;
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: string | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `exited with ${signal ?? `code ${code}`}`;
      running.delete(child);
      resolve();
    });
  });

  const stopGroup = async (): Promise<void> => {
    const rootPid = child.pid!;
    if (exited === undefined) {
      try {
        process.kill(-rootPid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    const deadline = Date.now() + 10_000;
    await Promise.race([exit, sleep(10_000)]);
    while (Date.now() < deadline && processTreeAlive(rootPid)) await sleep(50);
    try {
      process.kill(-rootPid, 'SIGKILL');
    } catch {
      // the whole group ended
    }
    await exit;
  };

  const url = `http://127.0.0.1:${port}`;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const pollMs = options.pollMs ?? 10;
  for (;;) {
    if (exited !== undefined) throw new Error(`The runtime ${exited} before it was healthy:\n${output}`);
    if (performance.now() - started > timeoutMs) {
      await stopGroup();
      throw new Error(`The runtime was not healthy after ${timeoutMs} ms:\n${output}`);
    }
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(pollMs);
  }
  const readyMs = performance.now() - started;
  if (options.waitForReadyLine !== false) {
    while (readyLineMs === undefined) {
      if (exited !== undefined) throw new Error(`The runtime ${exited} before it printed its ready line:\n${output}`);
      if (performance.now() - started > timeoutMs) {
        await stopGroup();
        throw new Error(`The runtime printed no ready line after ${timeoutMs} ms:\n${output}`);
      }
      await sleep(pollMs);
    }
  }
  return {
    url,
    port,
    pid: serverPid(child.pid!, port),
    rootPid: child.pid!,
    readyMs,
    readyLineMs: () => readyLineMs,
    output: () => output,
    stop: stopGroup,
  };
}

/** Any process of the group rooted at `root` still running (the root itself may have exited). */
function processTreeAlive(root: number): boolean {
  if (alive(root)) return true;
  // Orphans are re-parented, so look for members of the process group instead.
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields: state ppid pgrp …
      if (Number(fields[2]) === root && fields[0] !== 'Z') return true;
    } catch {
      // ended meanwhile
    }
  }
  return false;
}

/**
 * Builds the web app now if its sources changed, so that no measured start builds it (start.ts would,
 * inside the runtime process: seconds of boot time and a peak RSS of the Vite build, not the server).
 */
export async function buildWebFirst(): Promise<void> {
  const { buildWeb } = await import('../infra/local/build.ts');
  await buildWeb({ log: (line) => console.log(line) });
}

/** Whether a start built the web app (its sources changed while the bench ran). */
export const builtWeb = (server: Pick<RunningServer, 'output'>): boolean => server.output().includes('Building the web app');

/** A fresh token for a seeded user, from the local issuer. */
export async function devToken(url: string, email: string): Promise<string> {
  const res = await fetch(`${url}/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  const body = (await res.json()) as { token?: string };
  if (res.status !== 200 || !body.token) throw new Error(`POST /dev/token answered ${res.status}: ${JSON.stringify(body)}`);
  return body.token;
}

/** Runs a bench's main function: a thrown error prints and exits non-zero. */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(`\nBENCH FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exit(1);
    },
  );
}

// ─── A store of its own ─────────────────────────────────────────────────────────────────────────

/** dynalite alone in a process of its own on `dataDir` (bench/dynalite-process.ts): a loader's client then gets this process's core. */
export async function startDynaliteProcess(dataDir: string, table: string): Promise<{ db: Db; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench/dynalite-process.ts'), dataDir, table], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /endpoint (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`dynalite exited with ${code} before it was ready`)));
  });
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 });
  return {
    db: createDb(client, table),
    async stop() {
      client.destroy();
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
    },
  };
}
