// bench/boot: seconds from spawning the start command to the first 200 from GET /health, the web app
// already built. Per run: a fresh DATA_DIR (first start: makes the keys and seeds the table), then a
// restart on the same folder. Also: the literal `npm start` (npm → tsx CLI → node) on a seeded folder,
// and a first start with tsx's transform cache off (what a fresh clone pays on its very first start).
// /health answers before a first start has seeded, so the time to start.ts's ready line is kept too.
// Peak RSS is the VmHWM of the process that runs the server, read once it is healthy and ready.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Figure, type StartOptions, buildWebFirst, builtWeb, median, peakRssMb, round, runMain, startServer, writeResult } from './lib.ts';

const RUNS = 5;
const AIM_SECONDS = '≤ 5';

type Sample = { healthMs: number; readyLineMs: number; peakRssMb: number };

/** Starts that failed (the runtime exited or never got healthy), with the first lines of what it printed. */
const failures: { series: string; error: string }[] = [];

/** Starts that built the web app because its sources changed while the bench ran (measured again). */
let rebuilt = 0;
let starts = 0;

/**
 * Measures one start. A start that fails is counted and tried again (3 failures end the bench), and
 * so is one that built the web app, so the series stay complete. A first start tried again gets its
 * DATA_DIR emptied, so that it is a first start again.
 */
async function measure(series: string, options: StartOptions): Promise<Sample> {
  let failed = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      const sample = await measureOnce(options);
      if (sample !== 'rebuilt') return sample;
      rebuilt++;
      console.log(`A start (${series}) built the web app (its sources changed meanwhile): measuring it again`);
      if (attempt >= 5) throw new Error('The web app keeps changing: every start builds it');
    } catch (err) {
      const error = (err instanceof Error ? err.message : String(err)).split('\n').filter((l) => !/^\s+at /.test(l)).slice(0, 8).join('\n');
      failures.push({ series, error });
      console.error(`A start (${series}) failed:\n${error}\n`);
      if (++failed === 3) throw err;
    }
    const dir = options.env?.DATA_DIR;
    if (dir && dir !== ':memory:' && series.startsWith('first')) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
    }
  }
}

async function measureOnce(options: StartOptions): Promise<Sample | 'rebuilt'> {
  starts++;
  // Waits for /health and then for start.ts's ready line, which comes after seeding.
  const server = await startServer({ ...options, pollMs: 5, waitForReadyLine: true });
  try {
    if (builtWeb(server)) return 'rebuilt';
    return { healthMs: server.readyMs, readyLineMs: server.readyLineMs()!, peakRssMb: peakRssMb(server.pid) };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  // Build the web app once (only if its sources changed) so no start below pays for a build.
  await buildWebFirst();

  // Unmeasured warm-up: fills tsx's transform cache and the OS file cache, as any earlier start would.
  const warm = mkdtempSync(join(tmpdir(), 'bench-boot-'));
  try {
    await measure('warm-up', { env: { DATA_DIR: warm } });
  } finally {
    rmSync(warm, { recursive: true, force: true });
  }

  const series = { first: [] as Sample[], restart: [] as Sample[], npmRestart: [] as Sample[], firstNoCache: [] as Sample[] };
  for (let run = 1; run <= RUNS; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-boot-'));
    const cold = mkdtempSync(join(tmpdir(), 'bench-boot-'));
    try {
      series.first.push(await measure('first', { env: { DATA_DIR: dir } }));
      series.restart.push(await measure('restart', { env: { DATA_DIR: dir } }));
      series.npmRestart.push(await measure('npm start restart', { env: { DATA_DIR: dir }, command: 'npm' }));
      series.firstNoCache.push(await measure('first, no tsx cache', { env: { DATA_DIR: cold, TSX_DISABLE_CACHE: '1' } }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(cold, { recursive: true, force: true });
    }
    const last = (s: Sample[]) => `${(s[s.length - 1]!.healthMs / 1000).toFixed(2)} s`;
    console.log(
      `run ${run}/${RUNS}: first ${last(series.first)}, restart ${last(series.restart)}, npm start ${last(series.npmRestart)}, first without tsx cache ${last(series.firstNoCache)}`,
    );
  }

  const seconds = (samples: Sample[], pick: (values: number[]) => number) => round(pick(samples.map((s) => s.healthMs)) / 1000, 2);
  const max = (values: number[]) => Math.max(...values);
  const timeFigures = (label: string, samples: Sample[]): Figure[] => [
    { name: `${label} (median)`, value: seconds(samples, median), unit: 's', aim: AIM_SECONDS },
    { name: `${label} (max)`, value: seconds(samples, max), unit: 's', aim: AIM_SECONDS },
  ];
  const figures: Figure[] = [
    ...timeFigures('first start, fresh DATA_DIR', series.first),
    // /health answers once the server listens, which on a first start is before seeding ends (the
    // ready line): the time until the runtime is fully usable.
    { name: 'first start, until seeded (median)', value: round(median(series.first.map((s) => s.readyLineMs)) / 1000, 2), unit: 's', aim: AIM_SECONDS },
    ...timeFigures('restart, same DATA_DIR', series.restart),
    ...timeFigures('restart via `npm start`', series.npmRestart),
    ...timeFigures('first start, no tsx cache', series.firstNoCache),
    { name: 'peak RSS, first start (max)', value: max(series.first.map((s) => s.peakRssMb)), unit: 'MB' },
    { name: 'peak RSS, restart (max)', value: max(series.restart.map((s) => s.peakRssMb)), unit: 'MB' },
    { name: 'failed starts (retried)', value: failures.length, unit: '', aim: '= 0' },
  ];
  const raw = (samples: Sample[]) => samples.map((s) => ({ healthS: round(s.healthMs / 1000, 3), readyLineS: round(s.readyLineMs / 1000, 3), peakRssMb: s.peakRssMb }));
  writeResult('boot', figures, {
    runs: RUNS,
    command: 'node --import tsx infra/local/start.ts (npm series: npm start)',
    measured: 'spawn → first 200 from GET /health, polled every 5 ms; readyLineS: spawn → "Service Desk is ready" on stdout',
    peakRss: 'VmHWM of the process holding the listening socket, read when ready (MiB)',
    starts,
    rebuiltWebAndMeasuredAgain: rebuilt,
    failures,
    samples: {
      first: raw(series.first),
      restart: raw(series.restart),
      npmRestart: raw(series.npmRestart),
      firstNoCache: raw(series.firstNoCache),
    },
  });
}

runMain(main);
