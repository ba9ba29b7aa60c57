// bench/sla-sweep: the SLA sweep's cost with few due tickets among many, and the SLA dashboard.
//
// Data: two DATA_DIRs on disk, seeded by a first start, then loaded through the ticket repo by
// bench/load-tickets.ts (batch mode, dynalite in a process of its own) with SLA fields and clocks
// as createTicket writes them: 10k tickets (half in each of Ada's two tenants) of which 1k have their
// first response due in the 30 minutes before a time T (30 days ahead), every other due or auto-close
// time a year after T; the 100k DATA_DIR is a copy of the 10k one grown by 90k tickets with nothing
// due, so both hold the same 1k due tickets. (Loaded tickets bypass the events, so the dashboard's
// aggregates count only the seeded tickets and what the sweeps below do.)
//
// 1. Sweeps: a runtime per size, each in its own process as `npm start` runs it (bench/runtime-
//    process.ts: events and their handlers on) but with the schedule timers off (BENCH_TIMERS=off:
//    the timer would run a second sweep beside the measured one). For each: POST /dev/clock
//    to just before the due window and a warm-up run of POST /dev/schedules/sla-sweep/run (it handles
//    the seeded tickets, all due long before T), then a run with nothing due (the "empty sweep").
//    Then two measured rounds, the sizes taking turns (10k, 100k, then 100k, 10k) so that other load on
//    the machine falls on both alike: round 1 moves product time to T (exactly the 1k first responses
//    are due), round 2 past the 1k tickets' resolution targets (T + at most two days: the same 1k are
//    due again, for resolution; nothing else is due before T + 1 year). Items read = the run's
//    `result.read` (the due-index items the sweep read); due tickets = the 1k; sweep time = the run
//    route's round trip, which answers once the sweep and every event it caused (escalations,
//    notifications, dashboard, loads) are handled. Each run's `breached` must be the 1k.
// 2. Dashboard latency: GET /api/dashboard/sla from one connection (autocannon) against the 100k
//    runtime after the sweeps, with `?tenant=acme` and across both tenants (no filter), taking turns
//    1 s at a time; p99 over all requests. Aim ≤ 50 ms: the list endpoints' p99 on this machine is
//    35–45 ms, and the dashboard makes as many calls (3 per tenant, concurrently).
// 3. DynamoDB calls per dashboard request, counted by an SDK middleware on the client of an in-process
//    runtime on the 100k DATA_DIR: with one tenant and across two (per tenant in scope). The first
//    request of a runtime also loads each tenant's configuration (one more Query per tenant, then
//    cached per warm function); the figure is the max over the requests after it, the cold one is in
//    the details.
// 4. Peak RSS (VmHWM) of the 100k runtime process after all of the above (its store process's in the details).
//
// BENCH_QUICK=1 shrinks every phase (2k and 5k tickets, 200 due), to try the bench out (its figures mean nothing).
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CallCounts, countCalls, sumCounts } from './dynamo-calls.ts';
import { type Figure, type RunningServer, devToken, startDynaliteProcess, peakRssMb, percentile, processTree, round, runMain, startServer, writeResult } from './lib.ts';
import { type LoadResult, loadTickets } from './load-tickets.ts';

process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const QUICK = Boolean(process.env.BENCH_QUICK);
const SIZES = QUICK ? [2_000, 5_000] : [10_000, 100_000];
const DUE = QUICK ? 200 : 1_000;
const TENANTS = ['acme', 'globex'];
const AGENT = 'ada@acme.test'; // an admin of both tenants: two tenants in scope
const TABLE = 'service-desk';
const MINUTE = 60_000;
const WINDOW_MS = 30 * MINUTE;
const DASHBOARD_ROUNDS = QUICK ? 2 : 10;
const COUNTED_DASHBOARDS = QUICK ? 3 : 10;
const QUIET_MAX_S = QUICK ? 2 : 10;

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const dirs: string[] = [];
const tempDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `bench-sla-${name}-`));
  dirs.push(dir);
  return dir;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const label = (n: number) => `${n / 1000}k`;
const ms = (value: number) => round(value, 2);

// ─── Machine load ───────────────────────────────────────────────────────────────────────────────

/** CPU time (user + system) of a process, in seconds. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds the whole machine has been busy (all cores, from /proc/stat). */
function machineBusySeconds(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  return (total - ticks[3]! - ticks[4]!) / 100;
}

const quiet: { phase: string; waitedS: number; otherCpuCores: number }[] = [];

/** Waits (at most QUIET_MAX_S) until the rest of the machine uses under 0.3 cores over a second; call it while ours idle. */
async function waitForQuiet(phase: string): Promise<void> {
  const started = performance.now();
  let busy = 0;
  for (;;) {
    const before = machineBusySeconds();
    await sleep(1000);
    busy = round(machineBusySeconds() - before, 2);
    if (busy < 0.3 || performance.now() - started > QUIET_MAX_S * 1000) break;
  }
  quiet.push({ phase, waitedS: round((performance.now() - started) / 1000, 1), otherCpuCores: busy });
}

// ─── Loading ────────────────────────────────────────────────────────────────────────────────────


async function load(dataDir: string, perTenant: number, duePerTenant: number, dueBefore: Date): Promise<LoadResult[]> {
  const dynamo = await startDynaliteProcess(dataDir, TABLE);
  try {
    const results: LoadResult[] = [];
    for (const tenantId of TENANTS) {
      const result = await loadTickets(dynamo.db, { tenantId, count: perTenant, concurrency: 8, sla: { due: duePerTenant, dueBefore, windowMs: WINDOW_MS } });
      log(`load ${tenantId}: ${result.count} tickets (${duePerTenant} due, ${result.items} items) in ${round(result.ms / 1000, 1)} s, ${result.ticketsPerS} tickets/s`);
      results.push(result);
    }
    return results;
  } finally {
    await dynamo.stop();
  }
}

// ─── The runtime in its own process ─────────────────────────────────────────────────────────────

type Runtime = {
  size: number;
  server: RunningServer;
  /** Product time minus wall time, as the runtime last answered it. */
  offsetMs: number;
};

async function startRuntimeProcess(size: number, dataDir: string): Promise<Runtime> {
  // Timers off, as the tests run it: the timer would start a second sweep every minute beside a
  // measured one (tens of seconds), while on AWS one sweep runs at a time.
  const server = await startServer({ command: 'runtime', env: { DATA_DIR: dataDir, BENCH_TIMERS: 'off' } });
  return { size, server, offsetMs: 0 };
}

async function postJson<T>(url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`POST ${url} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

const productNow = (rt: Runtime) => Date.now() + rt.offsetMs;

/** Moves the runtime's product time forward by whole minutes: to the last minute before `before`, or to `atLeast` or just after. */
async function moveClock(rt: Runtime, to: { before: Date } | { atLeast: Date }): Promise<Date> {
  const minutes = 'before' in to ? Math.floor((to.before.getTime() - productNow(rt)) / MINUTE) - 1 : Math.ceil((to.atLeast.getTime() - productNow(rt)) / MINUTE);
  if (minutes < 0) throw new Error(`The product clock of the ${label(rt.size)} runtime is already past ${JSON.stringify(to)}`);
  const { now } = await postJson<{ now: string }>(`${rt.server.url}/dev/clock`, { advanceMinutes: minutes });
  rt.offsetMs = Date.parse(now) - Date.now();
  const at = new Date(now);
  if ('atLeast' in to && at < to.atLeast) throw new Error(`The clock moved to ${now}, before ${to.atLeast.toISOString()}`);
  if ('before' in to && at >= to.before) throw new Error(`The clock moved to ${now}, not before ${to.before.toISOString()}`);
  return at;
}

type SweepResult = { read: number; breached: number; closed: number };
type SweepRun = SweepResult & { ms: number; productTime: string; runtimeCpuS: number; storeCpuS: number; otherCpuCores: number };

async function sweep(rt: Runtime): Promise<SweepRun> {
  const pids = processTree(rt.server.pid);
  const cpuOf = () => pids.map(cpuSeconds);
  const cpuBefore = cpuOf();
  const busyBefore = machineBusySeconds();
  const ownBefore = cpuSeconds(process.pid);
  const t0 = performance.now();
  const { result } = await postJson<{ name: string; result: SweepResult }>(`${rt.server.url}/dev/schedules/sla-sweep/run`);
  const elapsed = performance.now() - t0;
  const cpuAfter = cpuOf();
  const runtimeCpuS = cpuAfter[0]! - cpuBefore[0]!;
  const storeCpuS = cpuAfter.slice(1).reduce((n, c, i) => n + c - cpuBefore[i + 1]!, 0);
  const otherCpuCores = Math.max(0, (machineBusySeconds() - busyBefore - runtimeCpuS - storeCpuS - (cpuSeconds(process.pid) - ownBefore)) / (elapsed / 1000));
  return { ...result, ms: ms(elapsed), productTime: new Date(productNow(rt)).toISOString(), runtimeCpuS: round(runtimeCpuS, 2), storeCpuS: round(storeCpuS, 2), otherCpuCores: round(otherCpuCores, 2) };
}

// ─── Dashboard ──────────────────────────────────────────────────────────────────────────────────

const DASHBOARDS = [
  { key: 'tenant=acme', query: '?tenant=acme', tenants: 1 },
  { key: 'both tenants', query: '', tenants: TENANTS.length },
] as const;

/** Dashboard latency against the runtime process: the two queries take turns, 1 s at a time on one connection. */
async function dashboardLatency(rt: Runtime) {
  const { default: autocannon } = await import('autocannon');
  const token = await devToken(rt.server.url, AGENT);
  const headers = { authorization: `Bearer ${token}` };
  const samples = new Map<string, number[]>(DASHBOARDS.map((d) => [d.key, []]));
  for (const d of DASHBOARDS) {
    const url = `${rt.server.url}/api/dashboard/sla${d.query}`;
    const check = await fetch(url, { headers });
    const body = (await check.json()) as { tiles?: unknown; recent?: unknown[] };
    if (check.status !== 200 || !body.tiles) throw new Error(`GET ${url} answered ${check.status}: ${JSON.stringify(body).slice(0, 300)}`);
    await autocannon({ url, headers, connections: 1, duration: 1 });
  }
  await waitForQuiet('dashboard');
  const busyBefore = machineBusySeconds();
  const t0 = performance.now();
  for (let r = 0; r < DASHBOARD_ROUNDS; r++) {
    for (const d of r % 2 ? [...DASHBOARDS].reverse() : DASHBOARDS) {
      const run = autocannon({ url: `${rt.server.url}/api/dashboard/sla${d.query}`, headers, connections: 1, duration: 1 });
      run.on('response', (_c, _s, _b, t) => void samples.get(d.key)!.push(t));
      const result = await run;
      if (result.non2xx + result.errors + result.timeouts > 0) throw new Error(`GET /api/dashboard/sla${d.query}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
    }
  }
  const machineBusyCores = round((machineBusySeconds() - busyBefore) / ((performance.now() - t0) / 1000), 2);
  const out: Record<string, { p50: number; p90: number; p99: number; requests: number }> = {};
  for (const d of DASHBOARDS) {
    const l = samples.get(d.key)!;
    out[d.key] = { p50: ms(percentile(l, 50)), p90: ms(percentile(l, 90)), p99: ms(percentile(l, 99)), requests: l.length };
    log(`dashboard ${d.key}: p50 ${out[d.key]!.p50} ms, p99 ${out[d.key]!.p99} ms (${l.length} requests)`);
  }
  const all = [...samples.values()].flat();
  return { byQuery: out, p50: ms(percentile(all, 50)), p99: ms(percentile(all, 99)), requests: all.length, machineBusyCoresIncludingOurs: machineBusyCores };
}

/** DynamoDB calls per dashboard request, in an in-process runtime on the DATA_DIR (the process runtime stopped). */
async function dashboardCalls(dataDir: string) {
  const { startRuntime } = await import('../infra/local/runtime.ts');
  const rt = await startRuntime({ port: 0, dataDir });
  const calls = countCalls(rt.deps.db.client);
  try {
    const token = await devToken(rt.url, AGENT);
    const out: Record<string, { cold: CallCounts; warm: { mean: number; max: number; byCommand: Record<string, number> }; tenants: number }> = {};
    for (const d of DASHBOARDS) {
      const samples: CallCounts[] = [];
      for (let i = 0; i <= COUNTED_DASHBOARDS; i++) {
        calls.reset();
        const res = await fetch(`${rt.url}/api/dashboard/sla${d.query}`, { headers: { authorization: `Bearer ${token}` } });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`GET /api/dashboard/sla${d.query} answered ${res.status}`);
        samples.push(calls.counts());
      }
      const [, ...warm] = samples;
      const totals = warm.map(sumCounts);
      const byCommand: Record<string, number> = {};
      for (const s of warm) for (const [k, v] of Object.entries(s)) byCommand[k] = round((byCommand[k] ?? 0) + v / warm.length, 2);
      out[d.key] = { cold: samples[0]!, warm: { mean: round(totals.reduce((a, b) => a + b, 0) / totals.length, 2), max: Math.max(...totals), byCommand }, tenants: d.tenants };
      log(`dashboard ${d.key}: ${out[d.key]!.warm.max} calls (${JSON.stringify(byCommand)}); first request ${sumCounts(samples[0]!)} (${JSON.stringify(samples[0])})`);
    }
    return out;
  } finally {
    calls.remove();
    await rt.stop();
  }
}

// ─── main ───────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = loadavg().map((l) => round(l, 2));
  // T: a whole minute 30 days ahead, long after every seeded ticket's targets and auto-close times.
  const dueBefore = new Date(Math.ceil((Date.now() + 30 * 24 * 60 * MINUTE) / MINUTE) * MINUTE);
  const [small, big] = SIZES as [number, number];

  // Data: the small DATA_DIR seeded and loaded with the due tickets; the big one its copy grown.
  const dataDirs: Record<number, string> = { [small]: tempDir(`${small}`), [big]: tempDir(`${big}`) };
  {
    const { startRuntime } = await import('../infra/local/runtime.ts');
    const rt = await startRuntime({ port: 0, dataDir: dataDirs[small]! });
    await rt.stop();
  }
  const loads: Record<number, LoadResult[]> = {};
  log(`loading ${small} tickets (${DUE} due before ${dueBefore.toISOString()})`);
  loads[small] = await load(dataDirs[small]!, small / TENANTS.length, DUE / TENANTS.length, dueBefore);
  cpSync(dataDirs[small]!, dataDirs[big]!, { recursive: true });
  log(`loading ${big - small} more tickets (none due) for ${big}`);
  loads[big] = await load(dataDirs[big]!, (big - small) / TENANTS.length, 0, dueBefore);
  const loadS = round([...loads[small], ...loads[big]].reduce((n, l) => n + l.ms, 0) / 1000, 1);
  // Round 2 moves past every due ticket's resolution target.
  const resolutionDueLast = new Date(Math.max(...loads[small].map((l) => Date.parse(l.sla!.resolutionDue[1]))));

  const runtimes: Runtime[] = [];
  const runs: Record<number, { warmup: SweepRun; empty: SweepRun; rounds: SweepRun[] }> = {};
  let dashboard: Awaited<ReturnType<typeof dashboardLatency>>;
  let rss: { runtimeMb: number; runtimeAtReadyMb: number; storeMb: number[] };
  try {
    for (const size of SIZES) runtimes.push(await startRuntimeProcess(size, dataDirs[size]!));
    const rssAtReady = peakRssMb(runtimes[1]!.server.pid);
    for (const rt of runtimes) {
      await moveClock(rt, { before: new Date(dueBefore.getTime() - WINDOW_MS) });
      const warmup = await sweep(rt);
      const empty = await sweep(rt);
      runs[rt.size] = { warmup, empty, rounds: [] };
      log(`${label(rt.size)}: warm-up sweep read ${warmup.read} (the seeded tickets' targets), ${warmup.ms} ms; then a sweep with nothing due read ${empty.read} in ${empty.ms} ms`);
      if (empty.read !== 0) throw new Error(`A sweep with nothing due read ${empty.read} items at ${label(rt.size)}`);
    }
    // The sizes take turns: 10k, 100k for the first responses; 100k, 10k for the resolutions.
    for (const [round_, order] of [[1, runtimes], [2, [...runtimes].reverse()]] as const) {
      for (const rt of order) {
        await moveClock(rt, { atLeast: round_ === 1 ? dueBefore : new Date(resolutionDueLast.getTime() + MINUTE) });
        await waitForQuiet(`sweep ${round_} at ${label(rt.size)}`);
        const run = await sweep(rt);
        runs[rt.size]!.rounds.push(run);
        log(`${label(rt.size)} round ${round_}: read ${run.read}, breached ${run.breached}, closed ${run.closed} in ${run.ms} ms (runtime CPU ${run.runtimeCpuS} s, store ${run.storeCpuS} s, others ${run.otherCpuCores} cores)`);
        if (run.breached !== DUE) throw new Error(`Round ${round_} at ${label(rt.size)} breached ${run.breached}, not the ${DUE} due tickets (something else was due, or a due ticket was not breached)`);
      }
    }
    dashboard = await dashboardLatency(runtimes[1]!);
    const bigPid = runtimes[1]!.server.pid;
    rss = { runtimeMb: peakRssMb(bigPid), runtimeAtReadyMb: rssAtReady, storeMb: processTree(bigPid).slice(1).map((pid) => peakRssMb(pid)) };
    log(`${label(big)} runtime: peak RSS ${rss.runtimeMb} MB (${rss.runtimeAtReadyMb} MB once started); its store process ${rss.storeMb.join(', ')} MB`);
  } finally {
    for (const rt of runtimes) await rt.server.stop();
  }
  const calls = await dashboardCalls(dataDirs[big]!);

  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const sweepMs = (size: number) => ms(mean(runs[size]!.rounds.map((r) => r.ms)));
  // CPU the runtime and its store process spent per due ticket (what other load on the machine does not change).
  const cpuPerDue = (size: number) => ms((mean(runs[size]!.rounds.map((r) => r.runtimeCpuS + r.storeCpuS)) * 1000) / DUE);
  const readRatio = (size: number) => round(Math.max(...runs[size]!.rounds.map((r) => r.read)) / DUE, 3);
  const perTenantMax = Math.max(...Object.values(calls).map((c) => round(c.warm.max / c.tenants, 2)));
  const dueLabel = label(DUE);

  const figures: Figure[] = [
    { name: `sweep items read ÷ due tickets, ${dueLabel} due of ${label(big)}`, value: readRatio(big), unit: '×', aim: '≤ 1.1' },
    { name: `sweep time, ${dueLabel} due of ${label(big)}`, value: sweepMs(big), unit: 'ms' },
    { name: `sweep items read ÷ due tickets, ${dueLabel} due of ${label(small)}`, value: readRatio(small), unit: '×', aim: '≤ 1.1' },
    { name: `sweep time, ${dueLabel} due of ${label(small)}`, value: sweepMs(small), unit: 'ms' },
    { name: `sweep time ${label(big)} ÷ ${label(small)}`, value: round(sweepMs(big) / sweepMs(small), 2), unit: '×', aim: '≤ 1.2' },
    { name: `sweep CPU per due ticket at ${label(big)} (runtime + store)`, value: cpuPerDue(big), unit: 'ms' },
    { name: `sweep with nothing due, at ${label(big)}`, value: runs[big]!.empty.ms, unit: 'ms' },
    { name: 'dashboard p99 (tenant=acme and both tenants)', value: dashboard.p99, unit: 'ms', aim: '≤ 50' },
    { name: 'dashboard p50', value: dashboard.p50, unit: 'ms' },
    { name: 'dashboard DynamoDB calls, 1 tenant', value: calls['tenant=acme']!.warm.max, unit: '', aim: '≤ 3' },
    { name: `dashboard DynamoDB calls per tenant, ${TENANTS.length} tenants`, value: round(calls['both tenants']!.warm.max / TENANTS.length, 2), unit: '', aim: '≤ 3' },
    { name: `peak RSS with ${label(big)} tickets`, value: rss.runtimeMb, unit: 'MB', aim: '≤ 400' },
  ];

  writeResult('sla-sweep', figures, {
    data: {
      sizes: SIZES,
      due: DUE,
      dueBefore: dueBefore.toISOString(),
      dueWindowMinutes: WINDOW_MS / MINUTE,
      resolutionDueLast: resolutionDueLast.toISOString(),
      tenants: TENANTS,
      loads,
      loadS,
      how: 'bench/load-tickets.ts batch mode with the sla option, dynalite on disk in a process of its own; the big DATA_DIR is a copy of the small one grown',
    },
    sweeps: runs,
    sweepHow: 'POST /dev/schedules/sla-sweep/run round trip against the runtime in its own process (schedule timers off); round 1 = first responses due, round 2 = resolutions due; sweep time = mean of the two rounds',
    dashboard: { latency: dashboard, calls, perTenantMaxWarm: perTenantMax, agent: AGENT, rounds: DASHBOARD_ROUNDS, secondsPerRound: 1, connections: 1 },
    peakRss: rss,
    waitedForQuiet: quiet,
    benchSeconds: round((performance.now() - started) / 1000),
    loadAvgAtStart1m5m15m: loadAtStart,
  });
}

runMain(async () => {
  try {
    await main();
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
});
