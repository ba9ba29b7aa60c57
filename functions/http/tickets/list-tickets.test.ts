// GET /api/tickets over real HTTP: the cross-tenant list, every filter, search by number and by
// subject words, limits, cursors (tampered, foreign, and paging that visits each ticket once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, type Client, advanceMinutes, createTicket, expectError, idOf, listAll, startApi, users } from '../api-testing.ts';

type Item = {
  tenantId: string;
  number: string;
  subject: string;
  status: string;
  priority: string;
  source: string;
  fromChat: boolean;
  queueId?: string;
  queueName?: string;
  assigneeId?: string;
  assigneeName?: string;
  requesterName: string;
  tags: string[];
  sla: { breached: string };
  updatedAt: string;
};

let api: Api;
let ada: Client;
let alice: Client;
let all: Item[];
/** The tickets tagged `interleave`, newest update first. */
let interleaved: string[];
beforeAll(async () => {
  api = await startApi({ automation: false });
  [ada, alice] = await Promise.all([api.as(users.ada), api.as(users.alice)]);
  // A few more tickets so that paging crosses several pages in both tenants.
  for (let i = 0; i < 6; i++) {
    await createTicket(ada, 'acme', { subject: `Paging check ${i}`, priority: i % 2 ? 'low' : 'high', tags: [`page${i % 3}`] });
    await createTicket(ada, 'globex', { subject: `Paging check ${i}`, requester: { type: 'bp', bpId: 'BP-2002' }, source: i % 2 ? 'chat' : 'phone' });
  }
  // Tagged tickets a minute apart, oldest first, interleaved across tenants, and then two untagged
  // acme tickets on top: with tag=interleave, acme's newest rows are all filtered out.
  interleaved = [];
  for (const [tenant, tags] of [['acme', ['interleave']], ['globex', ['interleave']], ['globex', ['interleave']], ['acme', ['interleave']], ['acme', []], ['acme', []]] as const) {
    await advanceMinutes(api.rt, 1);
    const t = await createTicket(ada, tenant, { subject: 'Interleaved', tags, ...(tenant === 'globex' ? { requester: { type: 'bp', bpId: 'BP-2002' } } : {}) });
    if (tags.length) interleaved.unshift(`${tenant}#${t.number}`);
  }
  all = await listAll<Item>(ada, '/api/tickets');
});
afterAll(async () => api.rt.stop());

const key = (i: Pick<Item, 'tenantId' | 'number'>) => `${i.tenantId}#${i.number}`;
const keys = (items: Item[]) => items.map(key);

function expectNewestUpdateFirst(items: Item[]) {
  for (let i = 1; i < items.length; i++) expect(items[i - 1]!.updatedAt >= items[i]!.updatedAt, `${key(items[i - 1]!)} before ${key(items[i]!)}`).toBe(true);
}

describe('the cross-tenant list', () => {
  it('answers both tenants of a multi-tenant admin, newest update first, each ticket once', async () => {
    expect(all).toHaveLength(42);
    expect(new Set(keys(all)).size).toBe(42);
    expect(all.filter((i) => i.tenantId === 'acme')).toHaveLength(22);
    expect(all.filter((i) => i.tenantId === 'globex')).toHaveLength(20);
    expectNewestUpdateFirst(all);
    const res = await ada.get('/api/tickets');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(25); // the default limit
    expect(res.body.nextCursor).toEqual(expect.any(String));
  });

  it('answers list items: what the list shows, with queue and assignee names', async () => {
    const checkout = all.find((i) => i.tenantId === 'acme' && i.number === 'SD-00002')!;
    expect(checkout).toEqual({
      tenantId: 'acme',
      number: 'SD-00002',
      subject: 'Checkout page returns 500',
      status: 'open',
      priority: 'urgent',
      source: 'phone',
      fromChat: false,
      queueId: 'q-acme-general',
      queueName: 'General Support',
      assigneeId: idOf(users.sam),
      assigneeName: 'Sam Stone',
      requesterName: 'Contoso Ltd',
      tags: ['outage'],
      sla: expect.objectContaining({ breached: 'none' }),
      updatedAt: expect.any(String),
    });
    const chat = all.find((i) => i.tenantId === 'acme' && i.number === 'SD-00005')!;
    expect(chat).toMatchObject({ source: 'chat', fromChat: true, requesterName: 'Northwind Traders' });
    expect(all.find((i) => i.tenantId === 'acme' && i.number === 'SD-00008')).toMatchObject({ requesterName: 'Jordan Miles' });
    for (const item of all) {
      expect(item).not.toHaveProperty('description');
      expect(item).not.toHaveProperty('thread');
    }
  });

  it('answers a single-tenant agent only their tenant', async () => {
    const mine = await listAll<Item>(alice, '/api/tickets');
    expect(mine.every((i) => i.tenantId === 'acme')).toBe(true);
    expect(keys(mine).sort()).toEqual(keys(all.filter((i) => i.tenantId === 'acme')).sort());
  });
});

describe('filters', () => {
  const me = idOf(users.alice);
  const filters: [string, (i: Item) => boolean, Client?][] = [
    ['tenant=globex', (i) => i.tenantId === 'globex'],
    ['tenant=acme', (i) => i.tenantId === 'acme'],
    ['status=open', (i) => i.status === 'open'],
    ['status=pending', (i) => i.status === 'pending'],
    ['status=resolved', (i) => i.status === 'resolved'],
    ['status=closed', (i) => i.status === 'closed'],
    ['priority=urgent', (i) => i.priority === 'urgent'],
    ['priority=low', (i) => i.priority === 'low'],
    ['queue=q-acme-billing', (i) => i.queueId === 'q-acme-billing'],
    ['queue=q-globex-support', (i) => i.queueId === 'q-globex-support'],
    ['assignee=none', (i) => !i.assigneeId],
    [`assignee=${idOf(users.sam)}`, (i) => i.assigneeId === idOf(users.sam)],
    [`assignee=${idOf(users.gina)}`, (i) => i.assigneeId === idOf(users.gina)],
    ['tag=billing', (i) => i.tags.includes('billing')],
    ['tag=HARDWARE', (i) => i.tags.includes('hardware')],
    ['source=chat', (i) => i.source === 'chat'],
    ['source=portal', (i) => i.source === 'portal'],
    ['breached=false', (i) => i.sla.breached === 'none'],
    ['breached=true', (i) => i.sla.breached !== 'none'],
    ['breached=first_response', (i) => i.sla.breached === 'first_response'],
    ['tenant=acme&status=open&priority=high', (i) => i.tenantId === 'acme' && i.status === 'open' && i.priority === 'high'],
    ['queue=q-acme-general&tag=outage', (i) => i.queueId === 'q-acme-general' && i.tags.includes('outage')],
    ['status=open&source=email', (i) => i.status === 'open' && i.source === 'email'],
    ['assignee=none&status=resolved', (i) => !i.assigneeId && i.status === 'resolved'],
  ];

  it.each(filters)('%s answers exactly the matching tickets, newest update first', async (query, match) => {
    const expected = all.filter(match);
    const got = await listAll<Item>(ada, `/api/tickets?${query}`);
    expect(keys(got)).toEqual(keys(expected));
    for (const item of got) expect(match(item)).toBe(true);
    // Through small pages: every matching ticket exactly once.
    const paged = keys(await listAll<Item>(ada, `/api/tickets?${query}`, 2));
    expect(new Set(paged).size).toBe(paged.length);
    expect([...paged].sort()).toEqual(keys(expected).sort());
  });

  it('keeps newest-update-first order across small pages of a filtered cross-tenant list', async () => {
    expect(keys(await listAll<Item>(ada, '/api/tickets?tag=interleave'))).toEqual(interleaved);
    // acme's two newest tickets are not tagged: its first page of two holds no match, while globex's does.
    expect(keys(await listAll<Item>(ada, '/api/tickets?tag=interleave', 2))).toEqual(interleaved);
  });

  it('finds something for the filters that should (the seed covers them)', () => {
    for (const [query, match] of filters) {
      if (query.startsWith('breached=true') || query.startsWith('breached=first')) continue;
      expect(all.filter(match).length, query).toBeGreaterThan(0);
    }
  });

  it('takes assignee=me as the caller', async () => {
    const mine = await listAll<Item>(alice, '/api/tickets?assignee=me');
    expect(mine.length).toBeGreaterThan(0);
    expect(keys(mine)).toEqual(keys(all.filter((i) => i.assigneeId === me)));
    const sams = await listAll<Item>(await api.as(users.sam), '/api/tickets?assignee=me');
    expect(keys(sams)).toEqual(keys(all.filter((i) => i.assigneeId === idOf(users.sam))));
  });

  it('answers 400 for an unknown filter value', async () => {
    for (const [q, field] of [
      ['status=done', 'status'],
      ['priority=p1', 'priority'],
      ['source=fax', 'source'],
      ['breached=maybe', 'breached'],
    ]) {
      expectError(await ada.get(`/api/tickets?${q}`), 400, 'validation_failed', [new RegExp(field!)]);
    }
  });
});

describe('search', () => {
  const search = async (client: Client, q: string, extra = '') => keys(await listAll<Item>(client, `/api/tickets?q=${encodeURIComponent(q)}${extra}`));

  it('finds a ticket by number as SD-00003, sd-3 or 3, in each tenant of the caller', async () => {
    for (const q of ['SD-00003', 'sd-3', '3', 'SD-3', 'sd-00003', '003']) {
      expect((await search(ada, q)).sort(), q).toEqual(['acme#SD-00003', 'globex#SD-00003']);
      expect(await search(alice, q), q).toEqual(['acme#SD-00003']);
      expect(await search(ada, q, '&tenant=globex'), q).toEqual(['globex#SD-00003']);
    }
    expect(await search(ada, 'SD-09999')).toEqual([]);
    expect((await search(ada, '18')).sort()).toEqual(['acme#SD-00018', 'globex#SD-00018']);
  });

  it('finds tickets by prefixes of subject words, case-insensitive, newest number first', async () => {
    expect(await search(ada, 'invoice')).toEqual(['acme#SD-00007', 'acme#SD-00001']);
    expect(await search(ada, 'INVOIC')).toEqual(['acme#SD-00007', 'acme#SD-00001']);
    expect(await search(ada, 'invoice charged')).toEqual(['acme#SD-00001']);
    expect(await search(ada, 'charg invo')).toEqual(['acme#SD-00001']);
    expect(await search(ada, 'pass reset')).toEqual(['acme#SD-00003']);
    expect(await search(ada, 'wi-fi')).toEqual(['globex#SD-00009']);
    expect(await search(ada, 'printer')).toEqual(['globex#SD-00007']);
    expect(await search(ada, 'invoice printer')).toEqual([]);
    expect(await search(ada, 'nonexistentword')).toEqual([]);
    // Words in the middle of a subject word do not match.
    expect(await search(ada, 'voice')).toEqual([]);
  });

  it('orders word matches across tenants by number, newest first, and pages through them', async () => {
    const hits = await search(ada, 'paging');
    expect(hits).toHaveLength(12);
    const nums = hits.map((k) => Number(k.split('#SD-')[1]));
    for (let i = 1; i < nums.length; i++) expect(nums[i - 1]! >= nums[i]!).toBe(true);
    expect(keys(await listAll<Item>(ada, '/api/tickets?q=paging', 5))).toEqual(hits);
    expect(await search(ada, 'paging check', '&tenant=acme')).toEqual(hits.filter((k) => k.startsWith('acme#')));
  });

  it('combines search with filters', async () => {
    expect(await search(ada, 'paging', '&priority=high&tenant=acme')).toEqual(
      keys(all.filter((i) => i.tenantId === 'acme' && i.subject.startsWith('Paging') && i.priority === 'high')).sort().reverse(),
    );
    expect(await search(ada, 'invoice', '&status=open')).toEqual(['acme#SD-00007', 'acme#SD-00001']);
    expect(await search(ada, 'invoice', '&status=closed')).toEqual([]);
    expect(await search(ada, '1', '&tenant=acme&status=closed')).toEqual([]);
    expect((await search(ada, '6', '&status=closed')).sort()).toEqual(['acme#SD-00006', 'globex#SD-00006']);
  });
});

describe('limits and cursors', () => {
  it('answers 400 for a limit over 100, under 1, or not a number', async () => {
    for (const limit of ['101', '1000', '0', '-1', 'abc', '2.5']) expectError(await ada.get(`/api/tickets?limit=${limit}`), 400, 'validation_failed', [/limit/]);
    expect((await ada.get('/api/tickets?limit=100')).status).toBe(200);
  });

  it('pages with limit=5 through every ticket exactly once, in the order of one big page', async () => {
    const paged = await listAll<Item>(ada, '/api/tickets', 5);
    expect(keys(paged)).toEqual(keys(all));
    const big = await ada.get('/api/tickets?limit=100');
    expect(keys(big.body.items)).toEqual(keys(all));
    expect(big.body.nextCursor).toBeUndefined();
    for (const limit of [1, 3, 7]) expect(keys(await listAll<Item>(ada, '/api/tickets', limit)), `limit ${limit}`).toEqual(keys(all));
  });

  it('answers 400 for a cursor that is not one of ours', async () => {
    const { nextCursor } = (await ada.get('/api/tickets?limit=5')).body;
    const flipped = `${nextCursor.slice(0, 10)}${nextCursor[10] === 'A' ? 'B' : 'A'}${nextCursor.slice(11)}`;
    const forged = Buffer.from(JSON.stringify({ m: 'u', p: { acme: { u: 'x', s: -1 } } })).toString('base64url');
    const foreign = Buffer.from(JSON.stringify({ m: 'u', p: { acme: { u: '9999', s: 1 }, evil: null } })).toString('base64url');
    for (const cursor of ['garbage', 'e30', flipped, forged, foreign, Buffer.from('[1,2]').toString('base64url'), 'x'.repeat(3000)]) {
      expectError(await ada.get(`/api/tickets?limit=5&cursor=${encodeURIComponent(cursor)}`), 400, 'validation_failed', [/cursor/]);
    }
  });

  it('answers 400 for a tampered cursor that still decodes (edited position, appended characters)', async () => {
    const { nextCursor } = (await ada.get('/api/tickets?limit=5')).body;
    // The cursor is base64url JSON and a digest: edit the position, keep the digest.
    const [body, digest] = (nextCursor as string).split('.');
    const decoded = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8')) as { p: Record<string, { u?: string; s: number } | null> };
    for (const pos of Object.values(decoded.p)) if (pos) pos.s += 1;
    const edited = `${Buffer.from(JSON.stringify(decoded)).toString('base64url')}.${digest}`;
    const results: Record<string, number> = {};
    for (const [name, cursor] of Object.entries({ edited, appended: `${nextCursor}x` })) {
      results[name] = (await ada.get(`/api/tickets?limit=5&cursor=${encodeURIComponent(cursor)}`)).status;
    }
    expect(results).toEqual({ edited: 400, appended: 400 });
  });

  it('answers 400 for a cursor of another list', async () => {
    const search = (await ada.get('/api/tickets?q=paging&limit=2')).body.nextCursor;
    expect(search).toEqual(expect.any(String));
    expectError(await ada.get(`/api/tickets?limit=2&cursor=${encodeURIComponent(search)}`), 400, 'validation_failed', [/cursor/]);

    const both = (await ada.get('/api/tickets?limit=2')).body.nextCursor;
    expectError(await ada.get(`/api/tickets?q=paging&limit=2&cursor=${encodeURIComponent(both)}`), 400, 'validation_failed', [/cursor/]);
    // A cursor of globex's list: not one of acme's list, nor of a caller without globex.
    const globex = (await ada.get('/api/tickets?tenant=globex&limit=2')).body.nextCursor;
    expect(globex).toEqual(expect.any(String));
    expectError(await ada.get(`/api/tickets?tenant=acme&limit=2&cursor=${encodeURIComponent(globex)}`), 400, 'validation_failed', [/cursor/]);
    expectError(await alice.get(`/api/tickets?limit=2&cursor=${encodeURIComponent(globex)}`), 400, 'validation_failed', [/cursor/]);

    const carol = await api.as(users.carol);
    const portal = (await carol.get('/api/my/tickets?limit=2')).body.nextCursor;
    expect(portal).toEqual(expect.any(String));
    expectError(await ada.get(`/api/tickets?limit=2&cursor=${encodeURIComponent(portal)}`), 400, 'validation_failed', [/cursor/]);
  });
});

describe('who may list', () => {
  it('answers 404 for a tenant filter the caller lacks, 403 for a customer, 401 without a token', async () => {
    expectError(await alice.get('/api/tickets?tenant=globex'), 404, 'not_found');
    expectError(await ada.get('/api/tickets?tenant=nope'), 404, 'not_found');
    expectError(await (await api.as(users.gina)).get('/api/tickets?tenant=acme'), 404, 'not_found');
    expectError(await (await api.as(users.carol)).get('/api/tickets'), 403, 'forbidden');
    expectError(await (await api.as(users.erin)).get('/api/tickets?tenant=globex'), 403, 'forbidden');
    expect((await fetch(`${api.rt.url}/api/tickets`)).status).toBe(401);
  });

  it('never shows another tenant’s tickets, whatever the filter', async () => {
    const gina = await api.as(users.gina);
    for (const q of ['', '?q=invoice', '?q=3', '?queue=q-acme-billing', `?assignee=${idOf(users.sam)}`, '?tag=billing']) {
      const items = await listAll<Item>(gina, `/api/tickets${q}`);
      expect(items.every((i) => i.tenantId === 'globex'), q).toBe(true);
    }
  });
});
