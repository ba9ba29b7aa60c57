// Edge cases of the ticket routes: ids no product id can be, stale search items, requester changes
// that change nothing, and a customer's view after partners merge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startRuntime } from '../../../infra/local/runtime.ts';
import { productSystem } from '../../../infra/local/system.ts';
import { tokenFor } from '../../../infra/local/testing.ts';
import { createTicketRepo } from '../../../shared/ticket/ticket.repo.ts';

let rt: LocalRuntime;
let ada: string;
let carol: string;
beforeAll(async () => {
  rt = await startRuntime({ port: 0, dataDir: ':memory:', system: { ...productSystem, eventRules: [] } });
  ada = await tokenFor(rt, 'ada@acme.test');
  carol = await tokenFor(rt, 'carol@customer.test');
});
afterAll(async () => rt.stop());

const call = async (token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${rt.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
};

describe('edge cases', () => {
  it('answers 404, not 500, for an id longer than any id of the product, and for a malformed page path', async () => {
    const long = 'x'.repeat(3000);
    for (const path of [`/api/tenants/acme/business-partners/${long}`, `/api/tenants/acme/business-partners/${long}/contacts`, `/api/tenants/acme/tickets/${long}`]) {
      expect((await call(ada, 'GET', path)).status, path.slice(0, 60)).toBe(404);
    }
    expect((await fetch(`${rt.url}/%E0%A4%A`)).status).toBe(404);
  });

  it('finds a ticket by the words of its subject as stored, not by a stale word item', async () => {
    const repo = createTicketRepo(rt.db);
    const t = (await repo.get('acme', 'SD-00001'))!;
    // A word item left behind by a change that lost its race names a word the subject never had.
    await repo.commit(t, t.revision, { words: { put: [{ tenantId: 'acme', bucket: 'z', seq: t.seq, number: t.number, words: ['zqstale'] }], remove: [] } });
    expect((await call(ada, 'GET', '/api/tickets?q=zqstale')).body.items).toEqual([]);
  });

  it('keeps the version when a requester change resolves, through a merge, to the requester already stored', async () => {
    const created = await call(ada, 'POST', '/api/tenants/acme/tickets', { subject: 'Merged partner check', description: 'd', source: 'email', requester: { type: 'bp', bpId: 'BP-1001' } });
    expect(created.status).toBe(201);
    const patched = await call(ada, 'PATCH', `/api/tenants/acme/tickets/${String(created.body.number)}`, { requester: { type: 'bp', bpId: 'BP-1004' } }, { 'if-match': String(created.body.version) });
    expect(patched.status).toBe(200);
    expect(patched.body.version).toBe(created.body.version);
  });

  it('lists for a customer the tickets of partners merged into theirs, as the detail route shows them', async () => {
    const daves = (await call(ada, 'GET', '/api/tickets?tenant=acme&limit=100')).body.items as { number: string; requesterName: string }[];
    const daveTicket = daves.find((t) => t.requesterName === 'Contoso Ltd')!;
    expect((await call(carol, 'GET', `/api/my/tickets/${daveTicket.number}`)).status).toBe(404);
    expect((await call(ada, 'POST', '/api/tenants/acme/business-partners/BP-1002/merge', { mergedInto: 'BP-1001' })).status).toBe(200);
    expect((await call(carol, 'GET', `/api/my/tickets/${daveTicket.number}`)).status).toBe(200);
    const mine = (await call(carol, 'GET', '/api/my/tickets?limit=100')).body.items as { number: string }[];
    expect(mine.map((t) => t.number)).toContain(daveTicket.number);
  });
});
