// Delivery state on real entry items in dynalite: the wamid mapping, forward-only moves, and the
// conditional update that never creates an entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable, type TestTable } from '../../infra/local/testing.ts';
import { type StoredEntry, type StoredTicket, createTicketRepo } from '../ticket/ticket.repo.ts';
import { createDeliveryRepo } from './delivery.repo.ts';
import { StatusBeforeMappingError, applyDeliveryStatus, setEntryDelivery } from './delivery.service.ts';

let db: TestTable;
beforeAll(async () => {
  db = await startTestTable();
});
afterAll(async () => db.stop());

const created = '2026-01-01T00:00:00.000Z';
const clock = { now: () => new Date('2026-06-01T12:00:00.000Z') };
let seq = 0;

/** A chat ticket with one agent reply; answers the reply's reference. */
async function ticketWithReply(delivery?: StoredEntry['delivery']) {
  seq += 1;
  const number = `SD-${String(seq).padStart(5, '0')}`;
  const ticket: StoredTicket = {
    tenantId: 'acme',
    number,
    seq,
    subject: 'Printer',
    description: 'Broken',
    status: 'open',
    priority: 'medium',
    source: 'chat',
    fromChat: true,
    tags: [],
    requester: { type: 'bp', bpId: 'BP-1001', contactId: 'C-1001' },
    requesterName: 'Northwind Traders',
    explicitQueue: false,
    explicitAssignee: false,
    sla: { breached: 'none', escalationLevel: 0 },
    attachments: [],
    version: 1,
    revision: 1,
    createdAt: created,
    updatedAt: created,
  };
  const entry: StoredEntry = {
    tenantId: 'acme',
    number,
    id: `e_${seq}`,
    kind: 'reply',
    body: 'On it',
    author: { id: 'u1', name: 'Alice Adams', type: 'agent' },
    attachmentIds: [],
    createdAt: created,
    ...(delivery ? { delivery } : {}),
  };
  expect(await createTicketRepo(db).commit(ticket, null, { entries: [entry] })).toBe(true);
  return { tenantId: 'acme', number, entryId: entry.id };
}

const deliveryOf = async (ref: { tenantId: string; number: string; entryId: string }) =>
  (await createTicketRepo(db).getEntry(ref.tenantId, ref.number, ref.entryId))?.delivery;

describe('the wamid → entry mapping', () => {
  it('finds what was recorded, and nothing for an unknown id', async () => {
    const repo = createDeliveryRepo(db);
    await repo.record('wamid.A', { tenantId: 'acme', number: 'SD-00009', entryId: 'e_9' }, new Date(created));
    expect(await repo.find('wamid.A')).toEqual({ tenantId: 'acme', number: 'SD-00009', entryId: 'e_9' });
    expect(await repo.find('wamid.unknown')).toBeNull();
  });
});

describe('setEntryDelivery', () => {
  it('moves forward only', async () => {
    const ref = await ticketWithReply();
    expect(await setEntryDelivery({ db }, ref, 'queued')).toBe(true);
    expect(await setEntryDelivery({ db }, ref, 'delivered')).toBe(true);
    expect(await setEntryDelivery({ db }, ref, 'sent')).toBe(false);
    expect(await setEntryDelivery({ db }, ref, 'queued')).toBe(false);
    expect(await deliveryOf(ref)).toEqual({ channel: 'whatsapp', status: 'delivered' });
  });

  it('keeps the reason of a failure, and nothing moves a failed entry', async () => {
    const ref = await ticketWithReply({ channel: 'whatsapp', status: 'sent' });
    expect(await setEntryDelivery({ db }, ref, 'failed', 'Graph API 400: Message undeliverable')).toBe(true);
    for (const s of ['queued', 'sent', 'delivered', 'read', 'not_delivered'] as const) expect(await setEntryDelivery({ db }, ref, s)).toBe(false);
    expect(await deliveryOf(ref)).toEqual({ channel: 'whatsapp', status: 'failed', reason: 'Graph API 400: Message undeliverable' });
  });

  it('never creates an entry that is not there', async () => {
    const ref = await ticketWithReply();
    const missing = { ...ref, entryId: 'e_missing' };
    expect(await setEntryDelivery({ db }, missing, 'queued')).toBe(false);
    expect(await createTicketRepo(db).getEntry(missing.tenantId, missing.number, missing.entryId)).toBeNull();
    expect(await setEntryDelivery({ db }, { ...ref, number: 'SD-99999' }, 'sent')).toBe(false);
    expect((await createTicketRepo(db).getDetail(ref.tenantId, ref.number))?.entries.map((e) => e.id)).toEqual([ref.entryId]);
  });

  it('of racing updates, the furthest state wins', async () => {
    const ref = await ticketWithReply({ channel: 'whatsapp', status: 'queued' });
    await Promise.all((['read', 'sent', 'delivered', 'sent', 'delivered'] as const).map((s) => setEntryDelivery({ db }, ref, s)));
    expect((await deliveryOf(ref))?.status).toBe('read');
  });
});

describe('applyDeliveryStatus (Meta status callbacks)', () => {
  it('moves the mapped entry to delivered, then read, and never back', async () => {
    const ref = await ticketWithReply({ channel: 'whatsapp', status: 'sent' });
    await createDeliveryRepo(db).record('wamid.B', ref, new Date(created));
    await applyDeliveryStatus({ db, clock }, { wamid: 'wamid.B', status: 'delivered', at: created });
    expect((await deliveryOf(ref))?.status).toBe('delivered');
    await applyDeliveryStatus({ db, clock }, { wamid: 'wamid.B', status: 'read', at: created });
    await applyDeliveryStatus({ db, clock }, { wamid: 'wamid.B', status: 'delivered', at: created });
    await applyDeliveryStatus({ db, clock }, { wamid: 'wamid.B', status: 'sent', at: created });
    await applyDeliveryStatus({ db, clock }, { wamid: 'wamid.B', status: 'failed', at: created, reason: 'late' });
    expect(await deliveryOf(ref)).toEqual({ channel: 'whatsapp', status: 'read' });
  });

  it('a failure callback shows failed with its reason (a default when Meta gives none)', async () => {
    const ref = await ticketWithReply({ channel: 'whatsapp', status: 'sent' });
    await createDeliveryRepo(db).record('wamid.C', ref, new Date(created));
    await applyDeliveryStatus({ db, clock }, { wamid: 'wamid.C', status: 'failed', at: created, reason: 'Message undeliverable (131026)' });
    expect(await deliveryOf(ref)).toEqual({ channel: 'whatsapp', status: 'failed', reason: 'Message undeliverable (131026)' });

    const other = await ticketWithReply({ channel: 'whatsapp', status: 'sent' });
    await createDeliveryRepo(db).record('wamid.D', other, new Date(created));
    await applyDeliveryStatus({ db, clock }, { wamid: 'wamid.D', status: 'failed', at: created });
    expect((await deliveryOf(other))?.reason).toMatch(/could not deliver/);
  });

  it('ignores an unknown wamid whose status is older than 10 minutes', async () => {
    await expect(applyDeliveryStatus({ db, clock }, { wamid: 'wamid.nobody', status: 'read', at: created })).resolves.toBeUndefined();
    const tenMinutesAgo = new Date(clock.now().getTime() - 10 * 60_000).toISOString();
    await expect(applyDeliveryStatus({ db, clock }, { wamid: 'wamid.nobody', status: 'read', at: tenMinutesAgo })).resolves.toBeUndefined();
  });

  it('a recent status that arrives before its wamid is recorded is retried, then applied once the mapping exists', async () => {
    const ref = await ticketWithReply({ channel: 'whatsapp', status: 'queued' });
    const at = new Date(clock.now().getTime() - 9 * 60_000).toISOString();
    await expect(applyDeliveryStatus({ db, clock }, { wamid: 'wamid.early', status: 'delivered', at })).rejects.toBeInstanceOf(StatusBeforeMappingError);
    // The outbound worker records the message Graph accepted; SQS delivers the status again.
    await createDeliveryRepo(db).record('wamid.early', ref, clock.now());
    await applyDeliveryStatus({ db, clock }, { wamid: 'wamid.early', status: 'delivered', at });
    expect((await deliveryOf(ref))?.status).toBe('delivered');
  });

  it('a status of a message recorded without an entry (a menu, a skill answer) is ignored at once', async () => {
    await createDeliveryRepo(db).recordUntracked('wamid.menu-status', 'acme', clock.now());
    await expect(applyDeliveryStatus({ db, clock }, { wamid: 'wamid.menu-status', status: 'read', at: clock.now().toISOString() })).resolves.toBeUndefined();
    expect(await createDeliveryRepo(db).find('wamid.menu-status')).toBeNull();
  });
});
