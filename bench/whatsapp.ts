// bench/whatsapp: the inbound WhatsApp channel against the runtime as `npm start` runs it (its own
// process, in memory, without the web build: bench/runtime-process.ts).
//
// 1. Webhook latency: POST /webhooks/whatsapp from 16 concurrent keep-alive senders (autocannon) for
//    10 s after a 3 s warm-up. Every request is a real Cloud API payload with a new message id from
//    one of 500 phones, signed with the app secret: the webhook verifies, splits and enqueues, and
//    the worker runs each message (a menu answer to the outbox) in the same process meanwhile, as it
//    would locally. Any answer other than 200 fails the bench.
//    The same at a steady 100 messages/s from the 16 senders (autocannon's overall rate): the latency
//    when the worker keeps up, as opposed to senders posting as fast as the process answers.
// 2. Messages/s end to end: 2 000 messages posted by 16 senders, from the first post until the
//    runtime is idle again (every message through the worker and its answer through the outbound
//    queue into the outbox); the outbox must have grown by exactly 2 000.
// Peak RSS of the runtime process after both.
import { createHmac } from 'node:crypto';
import autocannon, { type Request } from 'autocannon';
import { messagePayload } from '../shared/whatsapp/webhook.ts';
import { peakRssMb, percentile, round, runMain, startServer, writeResult } from './lib.ts';

process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

const QUICK = Boolean(process.env.BENCH_QUICK);
const CONNECTIONS = 16;
const DURATION_S = QUICK ? 3 : 10;
const WARMUP_S = QUICK ? 1 : 3;
const E2E_MESSAGES = QUICK ? 200 : 2000;
const PHONES = 500;
const PACED_RATE = 100;
const APP_SECRET = 'dev-app-secret';
const PHONE_NUMBER_ID = '100000001';

let seq = 0;
/** A signed webhook body: a new message id, a text from one of PHONES unknown numbers (a menu answer each). */
function nextMessage(): { body: string; headers: Record<string, string> } {
  const n = ++seq;
  const from = `+1555${String(2_000_000 + (n % PHONES)).padStart(7, '0')}`;
  const body = JSON.stringify(messagePayload({ phoneNumberId: PHONE_NUMBER_ID, from, id: `wamid.bench.${process.pid}.${n}`, at: new Date(), text: 'menu' }));
  return { body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}` } };
}

async function outboxSize(url: string): Promise<number> {
  const res = await fetch(`${url}/dev/whatsapp/outbox`);
  return ((await res.json()) as { items: unknown[] }).items.length;
}

async function idle(url: string): Promise<void> {
  const res = await fetch(`${url}/dev/idle`, { method: 'POST' });
  if (res.status !== 200) throw new Error(`POST /dev/idle answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
}

async function main(): Promise<void> {
  const server = await startServer({ command: 'runtime', env: { DATA_DIR: ':memory:' } });
  try {
    const url = `${server.url}/webhooks/whatsapp`;
    const first = nextMessage();
    const check = await fetch(url, { method: 'POST', headers: first.headers, body: first.body });
    if (check.status !== 200) throw new Error(`POST /webhooks/whatsapp answered ${check.status}: ${await check.text()}`);
    await idle(server.url);
    if ((await outboxSize(server.url)) !== 1) throw new Error('The first message got no answer in the outbox');

    const requests = [{ method: 'POST', path: '/webhooks/whatsapp', setupRequest: (req: Request) => ({ ...req, ...nextMessage() }) }];
    await autocannon({ url: server.url, connections: CONNECTIONS, duration: WARMUP_S, requests });
    await idle(server.url);

    // 1. Webhook latency under 16 concurrent senders, the worker busy meanwhile.
    const latencies: number[] = [];
    const run = autocannon({ url: server.url, connections: CONNECTIONS, duration: DURATION_S, requests });
    run.on('response', (_client, _status, _bytes, responseTime) => void latencies.push(responseTime));
    const result = await run;
    const failed = result.non2xx + result.errors + result.timeouts;
    if (failed > 0) throw new Error(`Webhook under load: ${result.non2xx} non-2xx (${JSON.stringify(result.statusCodeStats)}), ${result.errors} errors, ${result.timeouts} timeouts. Output:\n${server.output()}`);
    const drainStart = performance.now();
    await idle(server.url);
    const drainS = (performance.now() - drainStart) / 1000;

    // 1b. A steady rate the worker keeps up with (overallRate is autocannon's; its typings here omit it).
    const pacedLatencies: number[] = [];
    const pace = { overallRate: PACED_RATE };
    const pacedRun = autocannon({ url: server.url, connections: CONNECTIONS, duration: DURATION_S, requests, ...pace });
    pacedRun.on('response', (_client, _status, _bytes, responseTime) => void pacedLatencies.push(responseTime));
    const paced = await pacedRun;
    if (paced.non2xx + paced.errors + paced.timeouts > 0) throw new Error(`Paced webhook run: ${paced.non2xx} non-2xx, ${paced.errors} errors, ${paced.timeouts} timeouts`);
    await idle(server.url);

    // 2. End to end: every message answered into the outbox.
    const before = await outboxSize(server.url);
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (next < E2E_MESSAGES) {
          next++;
          const m = nextMessage();
          const res = await fetch(url, { method: 'POST', headers: m.headers, body: m.body });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`POST /webhooks/whatsapp answered ${res.status}`);
        }
      }),
    );
    const postedS = (performance.now() - started) / 1000;
    await idle(server.url);
    const e2eS = (performance.now() - started) / 1000;
    const answered = (await outboxSize(server.url)) - before;
    if (answered !== E2E_MESSAGES) throw new Error(`${E2E_MESSAGES} messages got ${answered} answers in the outbox`);
    const peak = peakRssMb(server.pid);

    writeResult(
      'whatsapp',
      [
        { name: 'webhook latency p50 (16 senders, flat out)', value: round(percentile(latencies, 50), 2), unit: 'ms', aim: '≤ 20' },
        { name: 'webhook latency p99 (16 senders, flat out)', value: round(percentile(latencies, 99), 2), unit: 'ms' },
        { name: 'webhook requests/s (16 senders, flat out)', value: Math.round(result.requests.mean), unit: 'req/s' },
        { name: `webhook latency p50 at ${PACED_RATE} msg/s`, value: round(percentile(pacedLatencies, 50), 2), unit: 'ms' },
        { name: `webhook latency p99 at ${PACED_RATE} msg/s`, value: round(percentile(pacedLatencies, 99), 2), unit: 'ms' },
        { name: 'messages/s end to end (to the outbox)', value: round(E2E_MESSAGES / e2eS, 1), unit: 'msg/s' },
        { name: 'non-200 answers', value: result.non2xx + paced.non2xx, unit: '', aim: '= 0' },
        { name: 'peak RSS', value: peak, unit: 'MB' },
      ],
      {
        connections: CONNECTIONS,
        durationS: DURATION_S,
        warmupS: WARMUP_S,
        webhookRequests: result.requests.total,
        pacedRequests: paced.requests.total,
        latencyMs: { p90: round(percentile(latencies, 90), 2), p99_9: round(percentile(latencies, 99.9), 2), max: round(Math.max(...latencies), 2) },
        backlogDrainS: round(drainS, 1),
        e2e: { messages: E2E_MESSAGES, postedS: round(postedS, 2), untilIdleS: round(e2eS, 2), phones: PHONES },
        message: 'text "menu" from a phone no contact has: tenant lookup, idempotency claim, conversation, menu answer through whatsapp-outbound to the outbox',
        peakRss: 'VmHWM of the runtime process after both phases (MiB)',
        client: 'autocannon and fetch in the bench process, on the same machine as the runtime',
      },
    );
  } finally {
    await server.stop();
  }
}

runMain(main);
