// Ticket access patterns against dynalite through ElectroDB.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable, type TestTable } from '../../infra/local/testing.ts';
import { createTicketRepo, type StoredEntry, type StoredTicket, type TicketRepo } from './ticket.repo.ts';
import { formatNumber } from './ticket.rules.ts';

let db: TestTable;
let repo: TicketRepo;
beforeAll(async () => {
  db = await startTestTable();
  repo = createTicketRepo(db);
});
afterAll(async () => db.stop());

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

function ticket(tenantId: string, seq: number, extra: Partial<StoredTicket> = {}): StoredTicket {
  return {
    tenantId,
    number: formatNumber(seq),
    seq,
    subject: `Subject ${seq}`,
    description: 'd',
    status: 'open',
    priority: 'medium',
    source: 'email',
    fromChat: false,
    tags: [],
    requester: { type: 'manual', name: 'X' },
    requesterName: 'X',
    explicitQueue: false,
    explicitAssignee: false,
    sla: { breached: 'none', escalationLevel: 0 },
    attachments: [],
    version: 1,
    revision: 1,
    createdAt: at(seq),
    updatedAt: at(seq),
    ...extra,
  };
}

describe('tickets', () => {
  it('creates once per number, and commits a change only on the revision it read', async () => {
    const t = ticket('acme', 1);
    expect(await repo.commit(t, null)).toBe(true);
    expect(await repo.commit(t, null)).toBe(false);
    expect(await repo.commit({ ...t, subject: 'stale', revision: 6 }, 5)).toBe(false);
    expect(await repo.commit({ ...t, subject: 'new', version: 2, revision: 2 }, 1)).toBe(true);
    // A second writer that read revision 1 (a reply that keeps the version) loses.
    expect(await repo.commit({ ...t, subject: 'late', revision: 2 }, 1)).toBe(false);
    expect(await repo.get('acme', 'SD-00001')).toMatchObject({ subject: 'new', version: 2, revision: 2 });
    expect(await repo.get('globex', 'SD-00001')).toBeNull();
  });

  it('reads a ticket and its entries, oldest first, in one query; entries of other tickets stay out', async () => {
    const t = ticket('acme', 2);
    const entry = (id: string): StoredEntry => ({ tenantId: 'acme', number: t.number, id, kind: 'reply', body: id, author: { id: 'a', name: 'A', type: 'agent' }, attachmentIds: [], createdAt: at(2) });
    await repo.commit(t, null, { entries: [entry('e_02'), entry('e_01')] });
    await repo.commit(ticket('acme', 3), null, { entries: [{ ...entry('e_09'), number: 'SD-00003' }] });
    const detail = await repo.getDetail('acme', t.number);
    expect(detail?.ticket.number).toBe(t.number);
    expect(detail?.entries.map((e) => e.id)).toEqual(['e_01', 'e_02']);
    expect(await repo.getDetail('acme', 'SD-00099')).toBeNull();
    await repo.deleteEntries([entry('e_01')]);
    expect((await repo.getDetail('acme', t.number))?.entries.map((e) => e.id)).toEqual(['e_02']);
  });

  it('reads several tickets in one batch', async () => {
    expect((await repo.getMany('acme', ['SD-00001', 'SD-00003', 'SD-00404'])).map((t) => t.number).sort()).toEqual(['SD-00001', 'SD-00003']);
  });
});

describe('list indexes, newest update first, paged by position', () => {
  beforeAll(async () => {
    for (let seq = 10; seq < 40; seq++) {
      await repo.commit(
        ticket('paged', seq, {
          status: seq % 3 === 0 ? 'pending' : 'open',
          ...(seq % 2 === 0 ? { queueId: 'q-even' } : {}),
          ...(seq % 5 === 0 ? { assigneeId: 'u5' } : {}),
          requester: seq % 4 === 0 ? { type: 'bp', bpId: 'BP-4' } : { type: 'manual', name: 'M' },
        }),
        null,
      );
    }
  });

  async function all(index: Parameters<TicketRepo['listPage']>[0], pageSize: number) {
    const seen: number[] = [];
    let before: { updatedAt: string; seq: number } | undefined;
    for (let guard = 0; guard < 50; guard++) {
      const page = await repo.listPage(index, pageSize, before);
      seen.push(...page.items.map((t) => t.seq));
      if (!page.more || page.items.length === 0) break;
      const last = page.items[page.items.length - 1]!;
      before = { updatedAt: last.updatedAt, seq: last.seq };
    }
    return seen;
  }

  const desc = (xs: number[]) => [...xs].sort((a, b) => b - a);
  const range = Array.from({ length: 30 }, (_, i) => i + 10);

  it('by tenant', async () => {
    expect(await all({ by: 'tenant', tenantId: 'paged' }, 7)).toEqual(desc(range));
  });
  it('by queue, and "no queue"', async () => {
    expect(await all({ by: 'queue', tenantId: 'paged', queueKey: 'q-even' }, 4)).toEqual(desc(range.filter((s) => s % 2 === 0)));
    expect(await all({ by: 'queue', tenantId: 'paged', queueKey: '-' }, 4)).toEqual(desc(range.filter((s) => s % 2 === 1)));
  });
  it('by assignee, and unassigned', async () => {
    expect(await all({ by: 'assignee', tenantId: 'paged', assigneeKey: 'u5' }, 2)).toEqual(desc(range.filter((s) => s % 5 === 0)));
    expect((await all({ by: 'assignee', tenantId: 'paged', assigneeKey: '-' }, 10)).length).toBe(24);
  });
  it('by status', async () => {
    expect(await all({ by: 'status', tenantId: 'paged', status: 'pending' }, 3)).toEqual(desc(range.filter((s) => s % 3 === 0)));
  });
  it('by requester partner, and only tickets that have one', async () => {
    expect(await all({ by: 'partner', tenantId: 'paged', partnerKey: 'BP-4' }, 3)).toEqual(desc(range.filter((s) => s % 4 === 0)));
    expect(await all({ by: 'partner', tenantId: 'paged', partnerKey: '-' }, 10)).toEqual([]);
  });
  it('moves a ticket to the top when it is updated', async () => {
    const t = (await repo.get('paged', formatNumber(11)))!;
    await repo.commit({ ...t, updatedAt: at(500), version: 2 }, 1);
    expect((await repo.listPage({ by: 'tenant', tenantId: 'paged' }, 1)).items[0]!.seq).toBe(11);
  });
});

describe('search words', () => {
  it('lists a bucket newest number first and pages below a number', async () => {
    const words = (seq: number, w: string[]) => ({ tenantId: 'words', bucket: 'p', seq, number: formatNumber(seq), words: w });
    await repo.commit(ticket('words', 1), null, { words: { put: [words(1, ['printer'])], remove: [] } });
    await repo.commit(ticket('words', 2), null, { words: { put: [words(2, ['paper', 'jam'])], remove: [] } });
    await repo.commit(ticket('words', 3), null, { words: { put: [words(3, ['printer', 'offline'])], remove: [] } });
    const first = await repo.wordPage('words', 'p', 2);
    expect(first.items.map((w) => w.seq)).toEqual([3, 2]);
    expect(first.more).toBe(true);
    expect((await repo.wordPage('words', 'p', 2, 2)).items.map((w) => w.seq)).toEqual([1]);
    const t = (await repo.get('words', 'SD-00002'))!;
    await repo.commit({ ...t, version: 2 }, 1, { words: { put: [], remove: [words(2, [])] } });
    expect((await repo.wordPage('words', 'p', 10)).items.map((w) => w.seq)).toEqual([3, 1]);
  });
});

describe('attachments', () => {
  it('are claimed by one ticket only; a retry by the same ticket is fine; release frees them', async () => {
    await repo.createAttachment({ tenantId: 'acme', id: 'att_1', fileName: 'a.png', contentType: 'image/png', size: 3, blobKey: 'k', ownerId: 'u', createdAt: at(0) });
    expect(await repo.claimAttachment('acme', 'att_1', 'SD-00001', 'e_1')).toBe(true);
    expect(await repo.claimAttachment('acme', 'att_1', 'SD-00001', 'e_1')).toBe(true);
    expect(await repo.claimAttachment('acme', 'att_1', 'SD-00002', undefined)).toBe(false);
    expect(await repo.getAttachment('acme', 'att_1')).toMatchObject({ ticketNumber: 'SD-00001', entryId: 'e_1' });
    await repo.releaseAttachment('acme', 'att_1', 'SD-00002');
    expect((await repo.getAttachment('acme', 'att_1'))?.ticketNumber).toBe('SD-00001');
    await repo.releaseAttachment('acme', 'att_1', 'SD-00001');
    expect(await repo.claimAttachment('acme', 'att_1', 'SD-00002', undefined)).toBe(true);
    expect(await repo.getAttachment('globex', 'att_1')).toBeNull();
  });
});
