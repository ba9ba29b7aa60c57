import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable, type TestTable } from '../../infra/local/testing.ts';
import { RECENT_MESSAGES, createConversationRepo } from './conversation.repo.ts';

let db: TestTable;
beforeAll(async () => {
  db = await startTestTable();
});
afterAll(async () => db.stop());

const now = new Date('2026-03-02T10:00:00Z');
const at = now.toISOString();
const menu = { messaging_product: 'whatsapp' as const, to: '15550001001', type: 'text', text: { body: 'hi' } };

describe('conversation repo', () => {
  it('answers an empty conversation for a phone that never wrote', async () => {
    expect(await createConversationRepo(db).get('acme', '+15550001001')).toEqual({ recent: [], revision: 0 });
  });

  it('keeps the waiting skill and the messages handled per tenant and phone', async () => {
    const repo = createConversationRepo(db);
    const waiting = { skill: 'support.create_ticket' as const, since: at };
    const recent = [{ wamid: 'wamid.1', at, replies: [menu] }];
    expect(await repo.put('acme', '+15550001001', { waiting, recent }, 0, now)).toBe(true);
    expect(await repo.get('acme', '+15550001001')).toEqual({ waiting, recent, revision: 1 });
    expect(await repo.get('globex', '+15550001001')).toEqual({ recent: [], revision: 0 });
    expect(await repo.get('acme', '+15550001002')).toEqual({ recent: [], revision: 0 });
  });

  it('a put replaces the whole conversation: a finished skill leaves nothing waiting', async () => {
    const repo = createConversationRepo(db);
    expect(await repo.put('acme', '+15550001003', { waiting: { skill: 'support.get_ticket_status', since: at }, recent: [] }, 0, now)).toBe(true);
    expect(await repo.put('acme', '+15550001003', { recent: [{ wamid: 'wamid.2', at, replies: [] }] }, 1, now)).toBe(true);
    expect(await repo.get('acme', '+15550001003')).toEqual({ recent: [{ wamid: 'wamid.2', at, replies: [] }], revision: 2 });
  });

  it('writes only over the revision it read: of two writers that read the same revision, the second is refused', async () => {
    const repo = createConversationRepo(db);
    expect(await repo.put('acme', '+15550001004', { recent: [] }, 0, now)).toBe(true);
    const read = await repo.get('acme', '+15550001004');
    const decided = { waiting: { skill: 'support.create_ticket' as const, since: at }, recent: [{ wamid: 'wamid.a', at, replies: [] }] };
    expect(await repo.put('acme', '+15550001004', decided, read.revision, now)).toBe(true);
    // A second delivery that read the same revision decided on a state that is gone.
    expect(await repo.put('acme', '+15550001004', { recent: [{ wamid: 'wamid.b', at, effect: { type: 'create_ticket', subject: 'S', description: 'S' } }] }, read.revision, now)).toBe(false);
    // And a first write never lands over an existing conversation.
    expect(await repo.put('acme', '+15550001004', { recent: [] }, 0, now)).toBe(false);
    expect(await repo.get('acme', '+15550001004')).toEqual({ ...decided, revision: read.revision + 1 });
  });

  it(`remembers the ${RECENT_MESSAGES} latest messages`, async () => {
    const repo = createConversationRepo(db);
    const recent = Array.from({ length: RECENT_MESSAGES + 2 }, (_, i) => ({ wamid: `wamid.r${i}`, at, replies: [] }));
    await repo.put('acme', '+15550001005', { recent }, 0, now);
    expect((await repo.get('acme', '+15550001005')).recent.map((h) => h.wamid)).toEqual(recent.slice(0, RECENT_MESSAGES).map((h) => h.wamid));
  });

  it('reads an item written before revisions (its last message) and writes over it', async () => {
    const repo = createConversationRepo(db);
    const key = { pk: '$sd#tenantid_acme#phone_+15550001006', sk: '$whatsappconversation_1' };
    await db.client.send(
      new PutCommand({
        TableName: db.table,
        Item: { ...key, tenantId: 'acme', phone: '+15550001006', lastWamid: 'wamid.old', lastReplies: [menu], updatedAt: at, __edb_e__: 'whatsappConversation', __edb_v__: '1' },
      }),
    );
    const read = await repo.get('acme', '+15550001006');
    expect(read).toEqual({ recent: [{ wamid: 'wamid.old', at, replies: [menu] }], revision: 0 });
    expect(await repo.put('acme', '+15550001006', { recent: [] }, read.revision, now)).toBe(true);
  });
});
