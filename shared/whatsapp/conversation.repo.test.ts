import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable, type TestTable } from '../../infra/local/testing.ts';
import { createConversationRepo } from './conversation.repo.ts';

let db: TestTable;
beforeAll(async () => {
  db = await startTestTable();
});
afterAll(async () => db.stop());

const now = new Date('2026-03-02T10:00:00Z');
const menu = { messaging_product: 'whatsapp' as const, to: '15550001001', type: 'text', text: { body: 'hi' } };

describe('conversation repo', () => {
  it('answers an empty conversation for a phone that never wrote', async () => {
    expect(await createConversationRepo(db).get('acme', '+15550001001')).toEqual({});
  });

  it('keeps the waiting skill and the last message’s answers per tenant and phone', async () => {
    const repo = createConversationRepo(db);
    const waiting = { skill: 'support.create_ticket' as const, since: now.toISOString() };
    await repo.put('acme', '+15550001001', { waiting, last: { wamid: 'wamid.1', replies: [menu] } }, now);
    expect(await repo.get('acme', '+15550001001')).toEqual({ waiting, last: { wamid: 'wamid.1', replies: [menu] } });
    expect(await repo.get('globex', '+15550001001')).toEqual({});
    expect(await repo.get('acme', '+15550001002')).toEqual({});
  });

  it('a put replaces the whole conversation: a finished skill leaves nothing waiting', async () => {
    const repo = createConversationRepo(db);
    await repo.put('acme', '+15550001003', { waiting: { skill: 'support.get_ticket_status', since: now.toISOString() } }, now);
    await repo.put('acme', '+15550001003', { last: { wamid: 'wamid.2', replies: [] } }, now);
    expect(await repo.get('acme', '+15550001003')).toEqual({ last: { wamid: 'wamid.2', replies: [] } });
  });
});
