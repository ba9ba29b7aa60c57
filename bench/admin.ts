// bench/admin: every configuration read route — its table calls (aim ≤ 3, never a Scan) and its
// latency over HTTP — and the cursor paging of the audit list and the partner search. The runtime
// runs in this process (in memory) so an SDK middleware can count the calls each request makes.
import { startRuntime } from '../infra/local/runtime.ts';
import { tokenFor } from '../infra/local/testing.ts';
import { percentile, round, runMain, writeResult } from './lib.ts';


const T = '/api/tenants/acme';
const READS = [
  `${T}/queues`,
  `${T}/queues/q-acme-general`,
  `${T}/help-topics`,
  `${T}/help-topics/ht-acme-billing`,
  `${T}/agents`,
  ...['priorities', 'sources', 'routing', 'policies', 'whatsapp'].map((tab) => `${T}/settings/${tab}`),
  `${T}/canned-responses`,
  `${T}/canned-responses?helpTopicId=ht-acme-billing`,
  `${T}/routing-rules`,
  `${T}/business-partners?q=north`,
  `${T}/business-partners/BP-1001`,
  `${T}/business-partners/BP-1001/contacts`,
  `${T}/audit`,
];
const REQUESTS_PER_ROUTE = 200;

async function main(): Promise<void> {
  const rt = await startRuntime({ port: 0, dataDir: ':memory:' });
  try {
    await rt.activity.idle();
    const token = await tokenFor(rt, 'ada@acme.test');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const calls: string[] = [];
    rt.db.client.middlewareStack.add((next, context) => async (args) => (calls.push(String(context.commandName)), next(args)), { step: 'initialize', name: 'countCalls' });

    // Some history and partners to page through.
    for (let i = 0; i < 60; i++) {
      const res = await fetch(`${rt.url}${T}/business-partners`, { method: 'POST', headers, body: JSON.stringify({ id: `BP-9${String(i).padStart(3, '0')}`, name: `Northern Supplier ${i}` }) });
      if (res.status !== 201) throw new Error(`partner create answered ${res.status}: ${await res.text()}`);
    }

    const figures = [];
    const perRoute: Record<string, { calls: string[]; p50: number; p99: number }> = {};
    let worstCalls = 0;
    let scans = 0;
    for (const path of READS) {
      calls.length = 0;
      const first = await fetch(`${rt.url}${path}`, { headers });
      if (first.status !== 200) throw new Error(`GET ${path} answered ${first.status}: ${await first.text()}`);
      await first.arrayBuffer();
      const made = [...calls];
      worstCalls = Math.max(worstCalls, made.length);
      scans += made.filter((c) => c.startsWith('Scan')).length;
      const latencies: number[] = [];
      for (let i = 0; i < REQUESTS_PER_ROUTE; i++) {
        const t0 = performance.now();
        const res = await fetch(`${rt.url}${path}`, { headers });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
      }
      perRoute[path] = { calls: made, p50: round(percentile(latencies, 50), 2), p99: round(percentile(latencies, 99), 2) };
      console.log(`  GET ${path.padEnd(58)} ${String(made.length).padStart(2)} calls  p50 ${perRoute[path].p50} ms  p99 ${perRoute[path].p99} ms`);
    }
    figures.push({ name: 'table calls, worst configuration read', value: worstCalls, unit: '', aim: '≤ 3' });
    figures.push({ name: 'Scans on configuration reads', value: scans, unit: '', aim: '= 0' });
    const p99s = Object.values(perRoute).map((r) => r.p99);
    figures.push({ name: 'configuration reads p99 (worst route)', value: round(Math.max(...p99s), 2), unit: 'ms' });

    // Paging: partner search and the audit list, by cursor to the end.
    async function pages(path: string): Promise<{ pages: number; items: number }> {
      let cursor: string | undefined;
      let n = 0;
      let items = 0;
      do {
        const res = await fetch(`${rt.url}${path}${path.includes('?') ? '&' : '?'}limit=10${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers });
        const body = (await res.json()) as { items: unknown[]; nextCursor?: string };
        items += body.items.length;
        cursor = body.nextCursor;
        n++;
      } while (cursor && n < 100);
      return { pages: n, items };
    }
    const partners = await pages(`${T}/business-partners?q=northern`);
    const audit = await pages(`${T}/audit`);
    figures.push({ name: 'partner search: pages of 10 for 60 matches', value: partners.pages, unit: '' });
    figures.push({ name: 'audit list: pages of 10', value: audit.pages, unit: '' });
    figures.push({ name: 'peak RSS (bench process with the runtime)', value: round(process.resourceUsage().maxRSS / 1024), unit: 'MB' });
    writeResult('admin', figures, { perRoute, partners, audit, requestsPerRoute: REQUESTS_PER_ROUTE });
  } finally {
    await rt.stop();
  }
}

runMain(main);
