// bench/tickets: the ticket write and read paths against dynalite on disk.
//
// 1. Creates: POST /api/tenants/acme/tickets from 8 keep-alive connections (autocannon) for 20 s
//    after a 3 s warm-up, against the runtime as `npm start` runs it (its own process, DATA_DIR a
//    fresh folder on disk, events and their handlers on, schedules on their timers; only the web
//    build is left out: bench/runtime-process.ts). Every subject is unique, with a word no
//    other subject has, so the word index grows as it would.
// 2. The store's limit: raw PutItem/s from 8 concurrent clients for 10 s against a dynalite of our
//    own on disk, in this process as the runtime has it in its own, with ticket items as the repo
//    builds them (same size, same index attributes).
// 3. DynamoDB calls per create, counted by an SDK middleware on the runtime's client: an in-process
//    runtime, creates one at a time over HTTP; the calls until the answer are the request path's,
//    those until the runtime is idle again the handlers'.
// 4. GET /api/tickets (first page, status=pending, a word search) with 10k and with 100k tickets in
//    the table (half in each of Ada's two tenants), loaded through the ticket repo by
//    bench/load-tickets.ts; latency from one connection against a runtime per size, each in its own
//    process, taking turns so that other load on the machine falls on both alike; calls per request
//    counted in-process as in 3 (never a Scan). Peak RSS of the runtime at 100k.
// 5. Routing rules: creates/s as in 1 with 50 routing rules configured in acme, none of which matches
//    the bench's creates (half `all` rules whose first two clauses hold and the last — a tag — never
//    does, half `any` rules none of whose clauses holds, so routing evaluates every clause of all 50),
//    next to creates/s with none (acme's seeded rules deleted in both). Two runtimes, each in its own
//    process on a fresh DATA_DIR, take turns (5 s each, the order swapped every round, each drained
//    with POST /dev/idle before the other's turn) so that other load on the machine falls on both alike.
// 6. Routing's delay: the time from a create's 201 to the ticket having its queue, with no rules and
//    with the 50. An in-process runtime (as in 3), creates one at a time over HTTP, each after the
//    runtime is idle: an SDK middleware on the runtime's DynamoDB client stamps the moment routing's
//    conditional PutItem of the ticket (the write with `routedVersion` and a queue; the ticket gets
//    no queue from the create itself) is acknowledged by the store; delay = that stamp − the moment
//    the client had the 201. No polling (which would itself load the runtime) and no waiting for
//    idle (which would also count the other handlers: dashboard, agent loads). A negative delay
//    means routing was done before the client read its answer.
//
// BENCH_ROUTING_ONLY=1 runs 5 and 6 alone and puts their figures into the last result (see mainRoutingOnly).
// BENCH_PROFILE=1 adds a profiled create run (node --cpu-prof on the runtime) whose summary goes into
// the result's details; the measured figures come from the unprofiled run.
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import autocannon from 'autocannon';
import type { LocalRuntime } from '../infra/local/runtime.ts';
import type { WriteRequest } from '../shared/platform/batch.ts';
import { createDb } from '../shared/platform/db.ts';
import { type CallCounts, type CallCounter, countCalls, diffCounts, sumCounts } from './dynamo-calls.ts';
import { type BenchResult, type Figure, devToken, startDynaliteProcess, peakRssMb, percentile, processTree, resultsDir, round, runMain, startServer, writeResult } from './lib.ts';
import { type LoadResult, SEARCH_WORD, buildTicket, loadTickets, randomSource, ticketDescription, ticketItemBuilder, ticketSubject } from './load-tickets.ts';
import { summarize } from './profile-summary.ts';

process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// BENCH_QUICK=1 shrinks every phase, to try the bench itself out (its figures mean nothing).
const QUICK = Boolean(process.env.BENCH_QUICK);
const CLIENTS = 8;
const CREATE_S = QUICK ? 3 : 20;
const CREATE_WARMUP_S = QUICK ? 1 : 3;
const STORE_S = QUICK ? 2 : 10;
const COUNTED_CREATES = QUICK ? 20 : 100;
const LIST_SIZES = QUICK ? [1_000, 2_000] : [10_000, 100_000];
const LIST_ROUNDS = QUICK ? 2 : 10;
const LIST_WARMUP_S = 1;
const COUNTED_LISTS = QUICK ? 3 : 10;
const RULES = 50;
const RULE_ROUNDS = QUICK ? 2 : 4;
const RULE_ROUND_S = QUICK ? 1 : 5;
const ROUTED_CREATES = QUICK ? 10 : 100;
const TENANTS = ['acme', 'globex'];
const AGENT = 'ada@acme.test'; // an admin of both tenants: two tenants in scope
const TABLE = 'service-desk';

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `bench-tickets-${name}-`));
const dirs: string[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU time (user + system) a process (all its threads), or one thread of it, has used so far, in seconds. */
function cpuSeconds(pid: number, thread?: number): number {
  const stat = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds the whole machine has been busy (all cores, from /proc/stat). */
function machineBusySeconds(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal …
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  return (total - ticks[3]! - ticks[4]!) / 100;
}

const ms = (value: number) => round(value, 2);

/** How long each phase waited for other processes to calm down, and what they still used when it began. */
const quiet: { phase: string; waitedS: number; otherCpuCores: number }[] = [];

/**
 * Waits (at most `maxS`) until the rest of the machine uses under 0.3 of its 2 cores over a second,
 * so a measured phase does not start in the middle of someone else's build. Call it while our own
 * processes are idle: what it sees is everyone else.
 */
async function waitForQuiet(phase: string, maxS = QUICK ? 2 : 45): Promise<void> {
  const started = performance.now();
  let busy = 0;
  for (;;) {
    const before = machineBusySeconds();
    await sleep(1000);
    busy = round(machineBusySeconds() - before, 2);
    if (busy < 0.3 || performance.now() - started > maxS * 1000) break;
  }
  const waitedS = round((performance.now() - started) / 1000, 1);
  quiet.push({ phase, waitedS, otherCpuCores: busy });
  if (waitedS > 1.5) log(`${phase}: waited ${waitedS} s for the machine to calm down (others now use ${busy} cores)`);
}

// ─── 1. Creates over HTTP ───────────────────────────────────────────────────────────────────────

let uniqueCounter = 0;
/** A create body with a subject no other has: its last word is a number scrambled into base 36. */
function createBody(random: () => number): string {
  const unique = (Math.imul(++uniqueCounter, 2654435761) >>> 0).toString(36);
  return JSON.stringify({
    subject: ticketSubject(random, unique),
    description: ticketDescription(random),
    source: 'email',
    requester: { type: 'bp', bpId: 'BP-1001' },
  });
}

type CreateRun = { perS: number; total: number; p50: number; p90: number; p99: number; max: number; non2xx: number; errors: number; timeouts: number; statusCodes: Record<string, { count: number }> };

async function createLoad(url: string, token: string, seconds: number, random: () => number): Promise<CreateRun> {
  const latencies: number[] = [];
  const run = autocannon({
    url,
    connections: CLIENTS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/api/tenants/acme/tickets',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: createBody(random) }),
      },
    ],
  });
  run.on('response', (_client, _status, _bytes, responseTime) => void latencies.push(responseTime));
  const result = await run;
  return {
    perS: round(result.requests.total / seconds, 1),
    total: result.requests.total,
    p50: ms(percentile(latencies, 50)),
    p90: ms(percentile(latencies, 90)),
    p99: ms(percentile(latencies, 99)),
    max: ms(Math.max(...latencies)),
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: result.statusCodeStats,
  };
}

async function measureCreates() {
  const dataDir = tempDir('creates');
  dirs.push(dataDir);
  const server = await startServer({ command: 'runtime', env: { DATA_DIR: dataDir } });
  try {
    const token = await devToken(server.url, AGENT);
    const random = randomSource(1);
    const check = await fetch(`${server.url}/api/tenants/acme/tickets`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: createBody(random) });
    if (check.status !== 201) throw new Error(`POST /api/tenants/acme/tickets answered ${check.status}: ${await check.text()}`);
    await check.arrayBuffer();

    log(`creates: ${CREATE_WARMUP_S} s warm-up, then ${CREATE_S} s with ${CLIENTS} connections`);
    await createLoad(server.url, token, CREATE_WARMUP_S, random);
    await waitForQuiet('creates');
    const cpuBefore = cpuSeconds(server.pid);
    const mainBefore = cpuSeconds(server.pid, server.pid);
    const benchBefore = cpuSeconds(process.pid);
    const busyBefore = machineBusySeconds();
    const run = await createLoad(server.url, token, CREATE_S, random);
    const machineBusyCores = round((machineBusySeconds() - busyBefore) / CREATE_S, 2);
    const serverCpuCores = round((cpuSeconds(server.pid) - cpuBefore) / CREATE_S, 2);
    // The event loop's thread alone: near 1 means the runtime is bound by its one JavaScript thread.
    const serverMainThreadCpu = round((cpuSeconds(server.pid, server.pid) - mainBefore) / CREATE_S, 2);
    const benchCpuCores = round((cpuSeconds(process.pid) - benchBefore) / CREATE_S, 2);
    const failed = run.non2xx + run.errors + run.timeouts;
    if (failed > 0) throw new Error(`Creates under load: ${run.non2xx} non-2xx (${JSON.stringify(run.statusCodes)}), ${run.errors} errors, ${run.timeouts} timeouts. Runtime output:\n${server.output().slice(-3000)}`);
    // What other processes on the machine took meanwhile (2 cores in all): their load shows in the figures.
    const otherCpuCores = round(Math.max(0, machineBusyCores - serverCpuCores - benchCpuCores), 2);
    log(`creates: ${run.perS}/s, p50 ${run.p50} ms, p99 ${run.p99} ms; CPU cores: runtime ${serverCpuCores} (main thread ${serverMainThreadCpu}), bench ${benchCpuCores}, other processes ${otherCpuCores}`);
    // CPU of the event loop's thread per create: the ceiling on one core is 1000 ÷ this, whatever else runs.
    const mainThreadCpuMsPerCreate = round((serverMainThreadCpu * CREATE_S * 1000) / run.total, 2);
    const serverCpuMsPerCreate = round((serverCpuCores * CREATE_S * 1000) / run.total, 2);
    return { ...run, serverCpuCores, serverMainThreadCpu, benchCpuCores, otherCpuCores, mainThreadCpuMsPerCreate, serverCpuMsPerCreate, peakRssMb: peakRssMb(server.pid) };
  } finally {
    await server.stop();
  }
}

/** A create run against a runtime under `node --cpu-prof`; answers the profile's summary. */
async function profileCreates() {
  const dataDir = tempDir('profile');
  const profDir = tempDir('cpuprof');
  dirs.push(dataDir, profDir);
  const server = await startServer({ command: 'runtime', env: { DATA_DIR: dataDir }, nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profDir}`] });
  let run: CreateRun;
  try {
    const token = await devToken(server.url, AGENT);
    log('profile: 10 s of creates with the runtime under --cpu-prof');
    run = await createLoad(server.url, token, 10, randomSource(2));
  } finally {
    await server.stop();
  }
  // The main thread's profile is the biggest (tsx's loader thread writes one too).
  const files = readdirSync(profDir).map((f) => join(profDir, f));
  const main = files.sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0];
  if (!main) throw new Error('The profiled runtime wrote no profile');
  const s = summarize(main, 20);
  const share = (list: [string, number][]) => list.map(([k, v]) => `${round((v / s.totalMs) * 100, 1)} % ${k}`);
  return { createsPerS: run.perS, sampledS: round(s.totalMs / 1000, 1), byLayer: share(s.byLayer), byArea: share(s.byArea), byFunction: share(s.byFunction), projectInclusive: share(s.projectInclusive) };
}

// ─── 2. The store's own limit ───────────────────────────────────────────────────────────────────

/** Ticket items as the repo writes them (no outbox: the create clears it right after). */
async function ticketItems(count: number): Promise<Record<string, unknown>[]> {
  const ctx = { tenantId: 'acme', queueIds: ['q-acme-general', 'q-acme-billing'], assigneeIds: ['u-1', 'u-2'], partners: [{ id: 'BP-1001', name: 'Northwind Traders' }] };
  const build = ticketItemBuilder(TABLE);
  const ids = { next: (() => { let n = 0; return () => `01BENCH${String(++n).padStart(19, '0')}`; })() };
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i += 500) {
    const built = Array.from({ length: Math.min(500, count - i) }, (_, k) => buildTicket(ctx, i + k + 1, new Date(Date.now() - (count - i - k) * 1000), randomSource(i + k), ids));
    const { tickets } = await build(built);
    items.push(...tickets.map((t: WriteRequest) => ('PutRequest' in t ? t.PutRequest.Item : {})));
  }
  return items;
}

/** PutItem as fast as `CLIENTS` clients can, until `seconds` pass or the items run out. */
async function putLoop(db: ReturnType<typeof createDb>, items: Record<string, unknown>[], seconds: number) {
  let next = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (performance.now() < deadline && next < items.length) {
        const item = items[next++]!;
        const t0 = performance.now();
        await db.client.send(new PutCommand({ TableName: db.table, Item: item }));
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return { perS: Math.round(latencies.length / elapsed), puts: latencies.length, seconds: round(elapsed, 1), p50: ms(percentile(latencies, 50)), p99: ms(percentile(latencies, 99)) };
}

async function measureStore() {
  const { startDynalite, ensureTable } = await import('../infra/local/dynalite.ts');
  const dataDir = tempDir('store');
  dirs.push(dataDir);
  const dynamo = await startDynalite(dataDir);
  try {
    await ensureTable(dynamo.client, TABLE);
    const db = createDb(dynamo.client, TABLE);
    const items = await ticketItems(QUICK ? 3000 : 12_000);
    const bytes = Math.round(items.reduce((n, i) => n + JSON.stringify(i).length, 0) / items.length);
    await putLoop(db, items.slice(0, 500), 1); // warm-up
    await waitForQuiet('store');
    log(`store: ${STORE_S} s of PutItem from ${CLIENTS} clients, ticket items of ~${bytes} bytes`);
    const busyBefore = machineBusySeconds();
    const ownBefore = cpuSeconds(process.pid);
    const tickets = await putLoop(db, items.slice(500), STORE_S);
    const otherCpuCores = round(Math.max(0, machineBusySeconds() - busyBefore - (cpuSeconds(process.pid) - ownBefore)) / tickets.seconds, 2);
    // The same items without index attributes: what the table's GSIs cost dynalite.
    const plain = items.slice(0, 6000).map((item) => Object.fromEntries(Object.entries(item).filter(([k]) => !/^gsi\d(pk|sk)$/.test(k)).map(([k, v]) => [k, k === 'pk' ? `plain#${String(v)}` : v])));
    const noIndexes = await putLoop(db, plain, 3);
    log(`store: ${tickets.perS} PutItem/s (p50 ${tickets.p50} ms, p99 ${tickets.p99} ms); without index attributes ${noIndexes.perS}/s`);
    return { ...tickets, otherCpuCores, itemBytes: bytes, noIndexAttributes: noIndexes };
  } finally {
    await dynamo.close();
  }
}

// ─── 3. Calls per create ────────────────────────────────────────────────────────────────────────

async function inProcessRuntime(dataDir: string): Promise<{ rt: LocalRuntime; calls: CallCounter }> {
  const { startRuntime } = await import('../infra/local/runtime.ts');
  const rt = await startRuntime({ port: 0, dataDir });
  // The document client shares its middleware stack with the DynamoDBClient under it.
  return { rt, calls: countCalls(rt.deps.db.client) };
}

function perOperation(samples: CallCounts[]): { mean: number; min: number; max: number; byCommand: Record<string, number> } {
  const totals = samples.map(sumCounts);
  const byCommand: Record<string, number> = {};
  for (const s of samples) for (const [k, v] of Object.entries(s)) byCommand[k] = (byCommand[k] ?? 0) + v;
  for (const k of Object.keys(byCommand)) byCommand[k] = round(byCommand[k]! / samples.length, 2);
  return { mean: round(totals.reduce((a, b) => a + b, 0) / samples.length, 2), min: Math.min(...totals), max: Math.max(...totals), byCommand };
}

async function countCreateCalls() {
  const dataDir = tempDir('calls');
  dirs.push(dataDir);
  const { rt, calls } = await inProcessRuntime(dataDir);
  try {
    const token = await devToken(rt.url, AGENT);
    const random = randomSource(3);
    const requestPath: CallCounts[] = [];
    const handlers: CallCounts[] = [];
    let written = 0;
    await rt.activity.idle();
    for (let i = 0; i < COUNTED_CREATES; i++) {
      calls.reset();
      const res = await fetch(`${rt.url}/api/tenants/acme/tickets`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: createBody(random) });
      await res.arrayBuffer();
      if (res.status !== 201) throw new Error(`A counted create answered ${res.status}`);
      const answered = calls.counts();
      await rt.activity.idle();
      requestPath.push(answered);
      handlers.push(diffCounts(calls.counts(), answered));
      written += calls.batchItems().written;
    }
    const result = { requestPath: perOperation(requestPath), handlers: perOperation(handlers), batchWrittenItemsPerCreate: round(written / COUNTED_CREATES, 2), creates: COUNTED_CREATES };
    log(`calls per create: request path ${result.requestPath.mean} ${JSON.stringify(result.requestPath.byCommand)}, handlers ${result.handlers.mean} ${JSON.stringify(result.handlers.byCommand)}`);
    return result;
  } finally {
    calls.remove();
    await rt.stop();
  }
}

// ─── 5. and 6. Routing rules ────────────────────────────────────────────────────────────────────

const RULES_PATH = '/api/tenants/acme/routing-rules';

/**
 * Rule `i` of the 50: never matches a bench create (source email, a partner requester, no tags,
 * priority medium), and routing evaluates every one of its clauses.
 */
function nonMatchingRule(i: number) {
  return i % 2 === 0
    ? {
        name: `Bench rule ${i}: email from partners tagged bench-${i}`,
        match: 'all',
        clauses: [
          { field: 'source', op: 'eq', value: 'email' },
          { field: 'requesterType', op: 'in', value: ['bp', 'account'] },
          { field: 'tag', op: 'eq', value: `bench-${i}` },
        ],
        action: { type: 'assign_to_queue', queueId: 'q-acme-billing' },
      }
    : {
        name: `Bench rule ${i}: urgent, chat or phone, or tagged bench-${i}`,
        match: 'any',
        clauses: [
          { field: 'priority', op: 'eq', value: 'urgent' },
          { field: 'source', op: 'in', value: ['chat', 'phone'] },
          { field: 'tag', op: 'in', value: [`bench-${i}`, 'vip'] },
        ],
        action: { type: 'escalate' },
      };
}

/** Leaves acme with exactly `count` routing rules, all non-matching (the seeded ones deleted). */
async function configureRules(url: string, token: string, count: number): Promise<void> {
  const auth = { authorization: `Bearer ${token}` };
  const listed = await fetch(`${url}${RULES_PATH}`, { headers: auth });
  const { items } = (await listed.json()) as { items: { id: string; version: number }[] };
  if (listed.status !== 200) throw new Error(`GET ${RULES_PATH} answered ${listed.status}`);
  for (const rule of items) {
    const res = await fetch(`${url}${RULES_PATH}/${rule.id}`, { method: 'DELETE', headers: { ...auth, 'if-match': String(rule.version) } });
    await res.arrayBuffer();
    if (res.status !== 204) throw new Error(`DELETE ${RULES_PATH}/${rule.id} answered ${res.status}`);
  }
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${url}${RULES_PATH}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(nonMatchingRule(i)) });
    if (res.status !== 201) throw new Error(`POST ${RULES_PATH} answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  }
  const check = (await (await fetch(`${url}${RULES_PATH}`, { headers: auth })).json()) as { items: unknown[] };
  if (check.items.length !== count) throw new Error(`acme has ${check.items.length} routing rules, not ${count}`);
}

async function waitIdle(url: string): Promise<void> {
  const res = await fetch(`${url}/dev/idle`, { method: 'POST' });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`POST /dev/idle answered ${res.status}`);
}

/** Creates/s with no routing rules and with `RULES`, two runtimes taking turns. */
async function measureRuleCreates() {
  const setups = [0, RULES];
  const servers: Awaited<ReturnType<typeof startServer>>[] = [];
  try {
    for (const rules of setups) {
      const dataDir = tempDir(`rules-${rules}`);
      dirs.push(dataDir);
      servers.push(await startServer({ command: 'runtime', env: { DATA_DIR: dataDir } }));
    }
    const tokens = await Promise.all(servers.map((server) => devToken(server.url, AGENT)));
    const random = randomSource(4);
    for (const [i, server] of servers.entries()) {
      await configureRules(server.url, tokens[i]!, setups[i]!);
      await createLoad(server.url, tokens[i]!, CREATE_WARMUP_S, random);
      await waitIdle(server.url);
    }
    log(`routing rules: ${RULE_ROUNDS} rounds of ${RULE_ROUND_S} s creates each with ${setups.join(' and ')} rules, taking turns`);
    await waitForQuiet('routing rules');
    const samples = setups.map(() => ({ total: 0, seconds: 0, cpuS: 0, perS: [] as number[], p50: [] as number[], p99: [] as number[], otherCpuCores: [] as number[] }));
    // CPU of a runtime and its store process: per create (its handlers drained), other load on the machine does not change it.
    const treeCpu = (pid: number) => processTree(pid).reduce((n, p) => n + cpuSeconds(p), 0);
    for (let r = 0; r < RULE_ROUNDS; r++) {
      for (const i of r % 2 ? [...setups.keys()].reverse() : [...setups.keys()]) {
        const server = servers[i]!;
        const sample = samples[i]!;
        const busyBefore = machineBusySeconds();
        const ownBefore = cpuSeconds(server.pid) + cpuSeconds(process.pid);
        const treeBefore = treeCpu(server.pid);
        const run = await createLoad(server.url, tokens[i]!, RULE_ROUND_S, random);
        const other = Math.max(0, machineBusySeconds() - busyBefore - (cpuSeconds(server.pid) + cpuSeconds(process.pid) - ownBefore)) / RULE_ROUND_S;
        if (run.non2xx + run.errors + run.timeouts > 0) throw new Error(`Creates with ${setups[i]} rules: ${run.non2xx} non-2xx (${JSON.stringify(run.statusCodes)}), ${run.errors} errors, ${run.timeouts} timeouts`);
        sample.total += run.total;
        sample.seconds += RULE_ROUND_S;
        sample.perS.push(run.perS);
        sample.p50.push(run.p50);
        sample.p99.push(run.p99);
        sample.otherCpuCores.push(round(other, 2));
        await waitIdle(server.url);
        sample.cpuS += treeCpu(server.pid) - treeBefore;
      }
    }
    const out = setups.map((rules, i) => {
      const s = samples[i]!;
      return { rules, perS: round(s.total / s.seconds, 1), creates: s.total, cpuMsPerCreate: round((s.cpuS * 1000) / s.total, 2), roundsPerS: s.perS, roundsP50: s.p50, roundsP99: s.p99, otherCpuCores: s.otherCpuCores, peakRssMb: peakRssMb(servers[i]!.pid) };
    });
    log(`routing rules: creates/s ${out.map((o) => `${o.perS} with ${o.rules} (runtime and store CPU ${o.cpuMsPerCreate} ms a create)`).join(', ')} (rounds: ${out.map((o) => o.roundsPerS.join('/')).join(' vs ')})`);
    return out;
  } finally {
    for (const server of servers) await server.stop();
  }
}

/** Routing's delay after the 201, with no rules and with `RULES` (see the top of this file). */
async function measureRoutingDelay() {
  const dataDir = tempDir('routing');
  dirs.push(dataDir);
  const { rt, calls } = await inProcessRuntime(dataDir);
  calls.remove();
  const routedAt = new Map<string, number>();
  // Every store call's start and end, to tell how many round trips lie between the 201 and routing's write.
  let trace: { start: number; end: number }[] = [];
  const name = 'bench-routing-write';
  const stack = rt.deps.db.client.middlewareStack as unknown as DynamoDBClient['middlewareStack'];
  stack.add(
    (next, context) => async (args) => {
      const start = performance.now();
      const out = await next(args);
      trace.push({ start, end: performance.now() });
      const item = (args.input as { Item?: Record<string, unknown> }).Item;
      if (context.commandName === 'PutItemCommand' && item?.routedVersion !== undefined && typeof item.queueId === 'string') routedAt.set(`${String(item.tenantId)}#${String(item.number)}`, performance.now());
      return out;
    },
    { step: 'initialize', name, priority: 'high' },
  );
  try {
    const token = await devToken(rt.url, AGENT);
    const random = randomSource(5);
    const out: Record<number, { p50: number; p90: number; max: number; min: number; createToQueuedP50: number; creates: number; storeCallsInDelayP50: number; storeCallMsP50: number }> = {};
    for (const rules of [0, RULES]) {
      await configureRules(rt.url, token, rules);
      const delays: number[] = [];
      const totals: number[] = [];
      const callsBetween: number[] = [];
      const callMs: number[] = [];
      // The first create after a configuration change reloads it: not measured.
      for (let i = -1; i < ROUTED_CREATES; i++) {
        await rt.activity.idle();
        trace = [];
        const t0 = performance.now();
        const res = await fetch(`${rt.url}/api/tenants/acme/tickets`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: createBody(random) });
        const answered = performance.now();
        const body = (await res.json()) as { number?: string; queueId?: string };
        if (res.status !== 201 || !body.number) throw new Error(`A create answered ${res.status}: ${JSON.stringify(body)}`);
        if (body.queueId) throw new Error(`The create gave ${body.number} the queue ${body.queueId} itself: nothing for routing to do`);
        await rt.activity.idle();
        const at = routedAt.get(`acme#${body.number}`);
        if (at === undefined) throw new Error(`Routing gave ${body.number} no queue`);
        if (i >= 0) {
          delays.push(at - answered);
          totals.push(at - t0);
          // Store calls (of any handler) that ended after the 201 and by routing's write, and how long calls took.
          callsBetween.push(trace.filter((c) => c.end > answered && c.end <= at).length);
          callMs.push(...trace.map((c) => c.end - c.start));
        }
      }
      out[rules] = { p50: ms(percentile(delays, 50)), p90: ms(percentile(delays, 90)), min: ms(Math.min(...delays)), max: ms(Math.max(...delays)), createToQueuedP50: ms(percentile(totals, 50)), creates: delays.length, storeCallsInDelayP50: percentile(callsBetween, 50), storeCallMsP50: ms(percentile(callMs, 50)) };
      log(`routing delay with ${rules} rules: 201 → queue p50 ${out[rules].p50} ms, p90 ${out[rules].p90} ms (request → queue p50 ${out[rules].createToQueuedP50} ms; ${out[rules].storeCallsInDelayP50} store calls ended in between, a call takes ${out[rules].storeCallMsP50} ms p50)`);
    }
    return out;
  } finally {
    stack.remove(name);
    await rt.stop();
  }
}

// ─── 4. Lists with 10k and 100k tickets ─────────────────────────────────────────────────────────

const LISTS = [
  { key: 'first page', query: '' },
  { key: 'status=pending', query: '?status=pending' },
  { key: `q=${SEARCH_WORD}`, query: `?q=${SEARCH_WORD}` },
] as const;


async function load(dataDir: string, perTenant: number): Promise<LoadResult[]> {
  const dynamo = await startDynaliteProcess(dataDir, TABLE);
  try {
    const results: LoadResult[] = [];
    for (const tenantId of TENANTS) {
      let quarter = 0;
      const onProgress = (done: number, count: number) => {
        if (done < count && done >= ((quarter + 1) * count) / 4) {
          quarter++;
          log(`load ${tenantId}: ${done}/${count} (${round((performance.now() - t0) / 1000)} s)`);
        }
      };
      const t0 = performance.now();
      const result = await loadTickets(dynamo.db, { tenantId, count: perTenant, concurrency: 8, onProgress });
      log(`load ${tenantId}: ${result.count} tickets (${result.items} items) in ${round(result.ms / 1000, 1)} s, ${result.ticketsPerS} tickets/s`);
      results.push(result);
    }
    return results;
  } finally {
    await dynamo.stop();
  }
}

async function countListCalls(dataDir: string) {
  const { rt, calls } = await inProcessRuntime(dataDir);
  try {
    const token = await devToken(rt.url, AGENT);
    const out: Record<string, ReturnType<typeof perOperation> & { perTenantInScope: number; secondPage: ReturnType<typeof perOperation> }> = {};
    for (const list of LISTS) {
      const first: CallCounts[] = [];
      const second: CallCounts[] = [];
      for (let i = 0; i < COUNTED_LISTS; i++) {
        calls.reset();
        const res = await fetch(`${rt.url}/api/tickets${list.query}`, { headers: { authorization: `Bearer ${token}` } });
        const body = (await res.json()) as { items?: unknown[]; nextCursor?: string };
        if (res.status !== 200 || !body.items?.length) throw new Error(`GET /api/tickets${list.query} answered ${res.status} with ${body.items?.length ?? 0} items`);
        first.push(calls.counts());
        if (body.nextCursor) {
          calls.reset();
          const sep = list.query ? '&' : '?';
          const page2 = await fetch(`${rt.url}/api/tickets${list.query}${sep}cursor=${encodeURIComponent(body.nextCursor)}`, { headers: { authorization: `Bearer ${token}` } });
          await page2.arrayBuffer();
          if (page2.status !== 200) throw new Error(`The second page of GET /api/tickets${list.query} answered ${page2.status}`);
          second.push(calls.counts());
        }
      }
      const stats = perOperation(first);
      out[list.key] = { ...stats, perTenantInScope: round(stats.max / TENANTS.length, 2), secondPage: perOperation(second.length ? second : [{}]) };
    }
    return out;
  } finally {
    calls.remove();
    await rt.stop();
  }
}

type ListLatency = { p50: number; p90: number; p99: number; requests: number; items: number; otherCpuCores: number; runtimeCpuMsPerRequest: number };

/**
 * List latency of every size's runtime at once: each runs in its own process on its own DATA_DIR, and
 * the sizes take turns (1 s each, `LIST_ROUNDS` rounds, the order swapped every round) on one
 * connection, so load from other processes on the machine falls on all sizes alike and the ratio
 * between them holds.
 */
async function measureLists(dataDirs: Record<number, string>) {
  const sizes = Object.keys(dataDirs).map(Number);
  const servers = new Map<number, Awaited<ReturnType<typeof startServer>>>();
  try {
    for (const size of sizes) servers.set(size, await startServer({ command: 'runtime', env: { DATA_DIR: dataDirs[size]! } }));
    const rssAtReadyMb = Object.fromEntries(sizes.map((size) => [size, peakRssMb(servers.get(size)!.pid)]));
    const tokens = new Map(await Promise.all(sizes.map(async (size) => [size, await devToken(servers.get(size)!.url, AGENT)] as const)));
    const out: Record<number, Record<string, ListLatency>> = Object.fromEntries(sizes.map((size) => [size, {}]));
    for (const list of LISTS) {
      const samples = new Map(sizes.map((size) => [size, { latencies: [] as number[], other: 0, seconds: 0, cpu: 0, items: 0 }]));
      for (const size of sizes) {
        const server = servers.get(size)!;
        const url = `${server.url}/api/tickets${list.query}`;
        const headers = { authorization: `Bearer ${tokens.get(size)!}` };
        const check = await fetch(url, { headers });
        const body = (await check.json()) as { items?: unknown[] };
        if (check.status !== 200) throw new Error(`GET ${url} answered ${check.status}`);
        samples.get(size)!.items = body.items?.length ?? 0;
        await autocannon({ url, headers, connections: 1, duration: LIST_WARMUP_S });
      }
      await waitForQuiet(`list ${list.key}`, QUICK ? 2 : 20);
      for (let round = 0; round < LIST_ROUNDS; round++) {
        for (const size of round % 2 ? [...sizes].reverse() : sizes) {
          const server = servers.get(size)!;
          const sample = samples.get(size)!;
          const busyBefore = machineBusySeconds();
          const serverBefore = cpuSeconds(server.pid);
          const ownBefore = serverBefore + cpuSeconds(process.pid);
          const t0 = performance.now();
          const run = autocannon({ url: `${server.url}/api/tickets${list.query}`, headers: { authorization: `Bearer ${tokens.get(size)!}` }, connections: 1, duration: 1 });
          run.on('response', (_c, _s, _b, t) => void sample.latencies.push(t));
          const result = await run;
          if (result.non2xx + result.errors + result.timeouts > 0) throw new Error(`GET /api/tickets${list.query} at ${size}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
          const serverCpu = cpuSeconds(server.pid) - serverBefore;
          sample.cpu += serverCpu;
          sample.other += Math.max(0, machineBusySeconds() - busyBefore - (serverCpu + cpuSeconds(process.pid) - (ownBefore - serverBefore)));
          sample.seconds += (performance.now() - t0) / 1000;
        }
      }
      for (const size of sizes) {
        const { latencies, other, seconds, cpu, items } = samples.get(size)!;
        const row: ListLatency = {
          p50: ms(percentile(latencies, 50)),
          p90: ms(percentile(latencies, 90)),
          p99: ms(percentile(latencies, 99)),
          requests: latencies.length,
          items,
          otherCpuCores: round(other / seconds, 2),
          runtimeCpuMsPerRequest: round((cpu * 1000) / latencies.length, 2),
        };
        out[size]![list.key] = row;
        log(`list ${list.key} at ${size}: p50 ${row.p50} ms, p99 ${row.p99} ms (${row.requests} requests, ${row.items} items a page, runtime CPU ${row.runtimeCpuMsPerRequest} ms a request; other processes ${row.otherCpuCores} cores)`);
      }
    }
    const result: Record<number, { lists: Record<string, ListLatency>; peakRssMb: number; rssAtReadyMb: number; readyS: number }> = {};
    for (const size of sizes) {
      const server = servers.get(size)!;
      result[size] = { lists: out[size]!, peakRssMb: peakRssMb(server.pid), rssAtReadyMb: rssAtReadyMb[size]!, readyS: round(server.readyMs / 1000, 2) };
      log(`lists at ${size}: runtime peak RSS ${result[size].peakRssMb} MB (${result[size].rssAtReadyMb} MB once started)`);
    }
    return result;
  } finally {
    for (const server of servers.values()) await server.stop();
  }
}

// ─── main ───────────────────────────────────────────────────────────────────────────────────────

type RuleCreates = Awaited<ReturnType<typeof measureRuleCreates>>;
type RoutingDelay = Awaited<ReturnType<typeof measureRoutingDelay>>;

function routingFigures(ruleCreates: RuleCreates, routingDelay: RoutingDelay): Figure[] {
  return [
    { name: 'creates/s, no routing rules (turns)', value: ruleCreates[0]!.perS, unit: '/s' },
    { name: `creates/s, ${RULES} routing rules (turns)`, value: ruleCreates[1]!.perS, unit: '/s' },
    { name: `creates/s ${RULES} rules ÷ none`, value: round(ruleCreates[1]!.perS / ruleCreates[0]!.perS, 2), unit: '×', aim: '≥ 0.9' },
    // Not moved by other load on the machine: the cost the rules add, in CPU.
    { name: `CPU per create (runtime + store) ${RULES} rules ÷ none`, value: round(ruleCreates[1]!.cpuMsPerCreate / ruleCreates[0]!.cpuMsPerCreate, 2), unit: '×' },
    { name: 'routing: 201 → queue p50, no rules', value: routingDelay[0]!.p50, unit: 'ms', aim: '≤ 5' },
    { name: `routing: 201 → queue p50, ${RULES} rules`, value: routingDelay[RULES]!.p50, unit: 'ms', aim: '≤ 5' },
  ];
}

function routingDetails(ruleCreates: RuleCreates, routingDelay: RoutingDelay): Record<string, unknown> {
  return {
    routingRules: { rules: RULES, rounds: RULE_ROUNDS, secondsPerRound: RULE_ROUND_S, connections: CLIENTS, runs: ruleCreates, example: [nonMatchingRule(0), nonMatchingRule(1)] },
    routingDelay: { ...routingDelay, how: 'in-process runtime, one create at a time after idle; routing PutItem acknowledged − 201 received' },
  };
}

/**
 * BENCH_ROUTING_ONLY=1: phases 5 and 6 alone (a couple of minutes instead of the whole bench). Their
 * figures replace those of bench/results/tickets.json, whose other figures are kept as they were;
 * `routingOnlyRun` in the details names the run the other figures come from.
 */
async function mainRoutingOnly(): Promise<void> {
  const started = performance.now();
  const file = join(resultsDir, 'tickets.json');
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as BenchResult) : undefined;
  const ruleCreates = await measureRuleCreates();
  const routingDelay = await measureRoutingDelay();
  const fresh = routingFigures(ruleCreates, routingDelay);
  const figures = [...(previous?.figures ?? [])];
  for (const f of fresh) {
    const at = figures.findIndex((g) => g.name === f.name);
    if (at !== -1) figures[at] = f;
    else {
      const after = figures.findIndex((g) => g.name === 'creates/s × calls per create ÷ PutItem/s');
      const lastFresh = Math.max(-1, ...fresh.map((x) => figures.findIndex((g) => g.name === x.name)));
      figures.splice(Math.max(after, lastFresh) + 1, 0, f);
    }
  }
  writeResult('tickets', figures, {
    ...previous?.details,
    ...routingDetails(ruleCreates, routingDelay),
    routingOnlyRun: { seconds: round((performance.now() - started) / 1000), otherFiguresFrom: previous ? { commit: previous.commit, dirty: previous.dirty, date: previous.date } : null },
  });
}

async function main(): Promise<void> {
  const started = performance.now();
  const loadAtStart = loadavg().map((l) => round(l, 2));
  const creates = await measureCreates();
  const store = await measureStore();
  const perCreate = await countCreateCalls();
  const profile = process.env.BENCH_PROFILE ? await profileCreates() : undefined;
  const ruleCreates = await measureRuleCreates();
  const routingDelay = await measureRoutingDelay();

  // Lists: a DATA_DIR per size, seeded by a first start; the bigger one is a copy of the smaller
  // grown by the difference, so the tickets they share are the same.
  const listDirs: Record<number, string> = {};
  const loads: Record<number, LoadResult[]> = {};
  let previous: number | undefined;
  let loadMs = 0;
  for (const size of LIST_SIZES) {
    const dir = tempDir(`lists-${size}`);
    dirs.push(dir);
    if (previous === undefined) {
      const { rt } = await inProcessRuntime(dir);
      await rt.stop();
    } else {
      cpSync(listDirs[previous]!, dir, { recursive: true });
    }
    const more = size - (previous ?? 0);
    log(`lists: loading ${more} tickets (${TENANTS.length} tenants) for ${size}`);
    loads[size] = await load(dir, more / TENANTS.length);
    loadMs += loads[size].reduce((n, l) => n + l.ms, 0);
    listDirs[size] = dir;
    previous = size;
  }
  const calls: Record<number, Awaited<ReturnType<typeof countListCalls>>> = {};
  for (const size of LIST_SIZES) {
    calls[size] = await countListCalls(listDirs[size]!);
    log(`lists at ${size}: calls ${Object.entries(calls[size]).map(([k, v]) => `${k} ${v.mean} ${JSON.stringify(v.byCommand)}`).join('; ')}`);
  }
  const http = await measureLists(listDirs);
  const sizes = Object.fromEntries(LIST_SIZES.map((size) => [size, { load: loads[size]!, calls: calls[size]!, http: http[size]! }]));

  const small = sizes[LIST_SIZES[0]!]!;
  const big = sizes[LIST_SIZES[1]!]!;
  const callsPerCreate = perCreate.requestPath.mean + perCreate.handlers.mean;
  const storeShare = round(((creates.perS * callsPerCreate) / store.perS) * 100, 1);
  const scans = Object.values(sizes).reduce((n, s) => n + Object.values(s.calls).reduce((m, c) => m + (c.byCommand.ScanCommand ?? 0) + (c.secondPage.byCommand.ScanCommand ?? 0), 0), 0);
  const maxPerTenant = Math.max(...Object.values(sizes).flatMap((s) => Object.values(s.calls).flatMap((c) => [c.perTenantInScope, round(c.secondPage.max / TENANTS.length, 2)])));
  const label = (n: number) => `${n / 1000}k`;

  const figures: Figure[] = [
    { name: 'creates/s (8 clients, on disk)', value: creates.perS, unit: '/s', aim: '≥ 200' },
    { name: 'create latency p50', value: creates.p50, unit: 'ms' },
    { name: 'create latency p99', value: creates.p99, unit: 'ms' },
    // Independent of what else the machine runs: 1000 ÷ this is the ceiling with one core.
    { name: 'runtime main-thread CPU per create', value: creates.mainThreadCpuMsPerCreate, unit: 'ms' },
    { name: 'create non-2xx answers', value: creates.non2xx, unit: '', aim: '= 0' },
    { name: 'dynalite raw PutItem/s (8 clients)', value: store.perS, unit: '/s' },
    { name: 'DynamoDB calls per create, request path', value: perCreate.requestPath.mean, unit: '', aim: '≤ 5' },
    { name: 'DynamoDB calls per create, handlers', value: perCreate.handlers.mean, unit: '' },
    { name: 'creates/s × calls per create ÷ PutItem/s', value: storeShare, unit: '%', aim: '≥ 70' },
    ...routingFigures(ruleCreates, routingDelay),
  ];
  for (const list of LISTS) {
    const a = small.http.lists[list.key]!;
    const b = big.http.lists[list.key]!;
    figures.push(
      { name: `list ${list.key} p50 at ${label(LIST_SIZES[0]!)}`, value: a.p50, unit: 'ms' },
      { name: `list ${list.key} p99 at ${label(LIST_SIZES[0]!)}`, value: a.p99, unit: 'ms' },
      { name: `list ${list.key} p50 at ${label(LIST_SIZES[1]!)}`, value: b.p50, unit: 'ms' },
      { name: `list ${list.key} p99 at ${label(LIST_SIZES[1]!)}`, value: b.p99, unit: 'ms' },
      { name: `list ${list.key} p99 ${label(LIST_SIZES[1]!)} ÷ ${label(LIST_SIZES[0]!)}`, value: round(b.p99 / a.p99, 2), unit: '×', aim: '≤ 1.2' },
    );
  }
  figures.push(
    { name: 'list DynamoDB calls per tenant in scope (max)', value: maxPerTenant, unit: '', aim: '≤ 3' },
    { name: 'list Scan calls', value: scans, unit: '', aim: '= 0' },
    { name: `peak RSS with ${label(LIST_SIZES[1]!)} tickets`, value: big.http.peakRssMb, unit: 'MB', aim: '≤ 400' },
    { name: `load ${label(LIST_SIZES[1]!)} tickets (repo items, BatchWrite)`, value: round(loadMs / 1000, 1), unit: 's' },
  );

  writeResult('tickets', figures, {
    creates: {
      connections: CLIENTS,
      durationS: CREATE_S,
      warmupS: CREATE_WARMUP_S,
      dataDir: 'a fresh folder under the OS temp dir (on disk)',
      ...creates,
      client: 'autocannon in the bench process, on the same machine as the runtime',
    },
    store: { clients: CLIENTS, durationS: STORE_S, ...store, how: 'PutItem (document client) of ticket items built by the ticket repo, dynalite on disk in the bench process' },
    callsPerCreate: { ...perCreate, storeCallsPerS: round(creates.perS * callsPerCreate, 1) },
    ...routingDetails(ruleCreates, routingDelay),
    lists: Object.fromEntries(
      Object.entries(sizes).map(([size, s]) => [
        size,
        { load: s.load, latencyMs: s.http.lists, calls: s.calls, peakRssMb: s.http.peakRssMb, peakRssAtReadyMb: s.http.rssAtReadyMb, runtimeReadyS: s.http.readyS },
      ]),
    ),
    listSettings: { agent: AGENT, tenantsInScope: TENANTS.length, connections: 1, rounds: LIST_ROUNDS, secondsPerRound: 1, warmupS: LIST_WARMUP_S, countedRequestsPerList: COUNTED_LISTS, searchWord: SEARCH_WORD },
    ...(profile ? { profile } : {}),
    waitedForQuiet: quiet,
    benchSeconds: round((performance.now() - started) / 1000),
    loadAvgAtStart1m5m15m: loadAtStart,
  });
  if (scans > 0) throw new Error(`GET /api/tickets sent ${scans} Scan calls`);
}

runMain(async () => {
  try {
    await (process.env.BENCH_ROUTING_ONLY ? mainRoutingOnly() : main());
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
});
