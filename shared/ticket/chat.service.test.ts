// Finding what a WhatsApp create or reply made when its outcome was not recorded (the chat's
// exactly-once fallback), on real ticket items in dynalite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable, type TestTable } from '../../infra/local/testing.ts';
import { chatActor, findChatReply, findChatTicketCreated } from './chat.service.ts';
import { type StoredEntry, type StoredTicket, createTicketRepo } from './ticket.repo.ts';

let db: TestTable;
beforeAll(async () => {
  db = await startTestTable();
});
afterAll(async () => db.stop());

const T = 'acme';
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
let seq = 0;

async function ticket(input: { contactId: string; subject: string; description?: string; createdAt: string; updatedAt?: string; fromChat?: boolean }, entries: Omit<StoredEntry, 'tenantId' | 'number'>[] = []) {
  seq += 1;
  const number = `SD-${String(seq).padStart(5, '0')}`;
  const stored: StoredTicket = {
    tenantId: T,
    number,
    seq,
    subject: input.subject,
    description: input.description ?? input.subject,
    status: 'open',
    priority: 'medium',
    source: input.fromChat === false ? 'email' : 'chat',
    fromChat: input.fromChat ?? true,
    tags: [],
    requester: { type: 'bp', bpId: 'BP-1', contactId: input.contactId },
    requesterName: 'Partner',
    explicitQueue: false,
    explicitAssignee: false,
    sla: { breached: 'none', escalationLevel: 0 },
    attachments: [],
    version: 1,
    revision: 1,
    createdAt: input.createdAt,
    updatedAt: input.updatedAt ?? input.createdAt,
  };
  expect(await createTicketRepo(db).commit(stored, null, { entries: entries.map((e) => ({ ...e, tenantId: T, number })) })).toBe(true);
  return number;
}

describe('findChatTicketCreated', () => {
  it("finds the contact's chat ticket with that text made since the decision, past a page of newer tickets", async () => {
    const find = (since: string) => findChatTicketCreated({ db }, T, { bpId: 'BP-1', contactId: 'C-1', subject: 'Printer jam', description: 'Printer jam\nTray 2', since });
    // The same text before the decision, from another contact, and not from the chat: none is it.
    await ticket({ contactId: 'C-1', subject: 'Printer jam', description: 'Printer jam\nTray 2', createdAt: at(1) });
    await ticket({ contactId: 'C-2', subject: 'Printer jam', description: 'Printer jam\nTray 2', createdAt: at(11) });
    await ticket({ contactId: 'C-1', subject: 'Printer jam', description: 'Printer jam\nTray 2', createdAt: at(11), fromChat: false });
    expect(await find(at(10))).toBeNull();
    const made = await ticket({ contactId: 'C-1', subject: 'Printer jam', description: 'Printer jam\nTray 2', createdAt: at(12) });
    // More than a page of the partner's tickets updated after it.
    for (let i = 0; i < 30; i++) await ticket({ contactId: 'C-3', subject: `Other ${i}`, createdAt: at(13), updatedAt: at(14 + i) });
    expect(await find(at(10))).toBe(made);
    expect(await find(at(13))).toBeNull();
  });
});

describe('findChatReply', () => {
  it("finds the actor's reply with that body written since the decision", async () => {
    const actor = chatActor(T, '+15550000001', { id: 'C-1', name: 'Carol' });
    const entry = (id: string, body: string, authorId: string, createdAt: string): Omit<StoredEntry, 'tenantId' | 'number'> => ({
      id,
      kind: 'reply',
      body,
      author: { id: authorId, name: 'Someone', type: 'customer' },
      attachmentIds: [],
      createdAt,
    });
    const number = await ticket({ contactId: 'C-1', subject: 'Wifi', createdAt: at(1) }, [
      entry('e_1', 'Still down', actor.id, at(2)),
      entry('e_2', 'Still down', 'whatsapp:+15550000009', at(6)),
      entry('e_3', 'Still down', actor.id, at(7)),
    ]);
    expect(await findChatReply({ db }, actor, T, number, { body: 'Still down', since: at(5) })).toBe('e_3');
    expect(await findChatReply({ db }, actor, T, number, { body: 'Still down', since: at(8) })).toBeNull();
    expect(await findChatReply({ db }, actor, T, number, { body: 'Other text', since: at(0) })).toBeNull();
    expect(await findChatReply({ db }, actor, T, 'SD-99999', { body: 'Still down', since: at(0) })).toBeNull();
  });
});
