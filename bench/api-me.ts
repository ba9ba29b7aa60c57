// bench/api-me: GET /api/me (token verification, the middy stack, the API Gateway event round trip)
// under 16 concurrent keep-alive connections for 10 s, with autocannon in this process and the
// runtime (in memory) in its own. Any answer other than 2xx fails the bench.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { buildWebFirst, builtWeb, devToken, peakRssMb, percentile, round, runMain, startServer, writeResult } from './lib.ts';

const CONNECTIONS = 16;
const DURATION_S = 10;
const WARMUP_S = 3;
const USER = 'alice@acme.test';

/** CPU time (user + system) a process has used so far, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name; in clock ticks (100/s on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function main(): Promise<void> {
  await buildWebFirst();
  const server = await startServer({ env: { DATA_DIR: ':memory:' } });
  try {
    if (builtWeb(server)) throw new Error('The runtime built the web app (its sources changed meanwhile): its peak RSS would be the build’s; run again');
    const token = await devToken(server.url, USER);
    const url = `${server.url}/api/me`;
    const headers = { authorization: `Bearer ${token}` };

    const check = await fetch(url, { headers });
    const me = (await check.json()) as { email?: string };
    if (check.status !== 200 || me.email !== USER) throw new Error(`GET /api/me answered ${check.status}: ${JSON.stringify(me)}`);

    // Unmeasured warm-up, so the figures are for the optimised code rather than the first JIT passes.
    await autocannon({ url, headers, connections: CONNECTIONS, duration: WARMUP_S });

    const cpuBefore = cpuSeconds(server.pid);
    // autocannon's histogram keeps whole milliseconds; the percentiles below come from every latency.
    const latencies: number[] = [];
    const run = autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION_S });
    run.on('response', (_client, _status, _bytes, responseTime) => void latencies.push(responseTime));
    const result = await run;
    const serverCpu = (cpuSeconds(server.pid) - cpuBefore) / DURATION_S;
    const peak = peakRssMb(server.pid);

    const failed = result.non2xx + result.errors + result.timeouts;
    if (failed > 0) {
      throw new Error(
        `GET /api/me under load: ${result.non2xx} non-2xx answers (${JSON.stringify(result.statusCodeStats)}), ` +
          `${result.errors} errors, ${result.timeouts} timeouts, of ${result.requests.total} requests. Runtime output:\n${server.output()}`,
      );
    }

    writeResult(
      'api-me',
      [
        { name: 'requests/s (mean)', value: Math.round(result.requests.mean), unit: 'req/s', aim: '≥ 1500' },
        { name: 'latency p50', value: round(percentile(latencies, 50), 2), unit: 'ms' },
        { name: 'latency p99', value: round(percentile(latencies, 99), 2), unit: 'ms', aim: '≤ 20' },
        { name: 'non-2xx answers', value: result.non2xx, unit: '', aim: '= 0' },
        { name: 'peak RSS', value: peak, unit: 'MB' },
      ],
      {
        connections: CONNECTIONS,
        durationS: DURATION_S,
        warmupS: WARMUP_S,
        requests: result.requests.total,
        latencyMs: {
          p90: round(percentile(latencies, 90), 2),
          p99_9: round(percentile(latencies, 99.9), 2),
          max: round(Math.max(...latencies), 2),
          autocannon: { mean: result.latency.mean, p50: result.latency.p50, p99: result.latency.p99 },
        },
        errors: result.errors,
        timeouts: result.timeouts,
        serverCpuCores: round(serverCpu, 2),
        peakRss: 'VmHWM of the runtime process after warm-up and the measured run (MiB)',
        client: 'autocannon in the bench process, on the same machine as the runtime',
      },
    );
  } finally {
    await server.stop();
  }
}

runMain(main);
