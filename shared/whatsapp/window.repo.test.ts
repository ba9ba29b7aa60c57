import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable, type TestTable } from '../../infra/local/testing.ts';
import { MAX_REPLIES, createWindowRepo, withAgentReply } from './window.repo.ts';

let db: TestTable;
beforeAll(async () => {
  db = await startTestTable();
});
afterAll(async () => db.stop());

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

describe('the last inbound message per phone', () => {
  it('is null before the phone wrote, then the latest time; an older time does not move it back', async () => {
    const repo = createWindowRepo(db);
    expect(await repo.lastInboundAt('acme', '+15550001001')).toBeNull();
    await repo.recordInbound('acme', '+15550001001', at(10));
    expect(await repo.lastInboundAt('acme', '+15550001001')).toBe(at(10));
    await repo.recordInbound('acme', '+15550001001', at(5));
    expect(await repo.lastInboundAt('acme', '+15550001001')).toBe(at(10));
    await repo.recordInbound('acme', '+15550001001', at(20));
    expect(await repo.lastInboundAt('acme', '+15550001001')).toBe(at(20));
  });

  it('is kept per tenant and phone', async () => {
    const repo = createWindowRepo(db);
    await repo.recordInbound('acme', '+15550001002', at(1));
    expect(await repo.lastInboundAt('globex', '+15550001002')).toBeNull();
    expect(await repo.lastInboundAt('acme', '+15550001003')).toBeNull();
  });

  it('messages handled in any order leave the latest time', async () => {
    const repo = createWindowRepo(db);
    await Promise.all([3, 9, 1, 7, 5].map((m) => repo.recordInbound('acme', '+15550001009', at(m))));
    expect(await repo.lastInboundAt('acme', '+15550001009')).toBe(at(9));
  });
});

describe('the number a phone last wrote to', () => {
  it('follows the latest message; an older message does not change it; unknown when not given', async () => {
    const repo = createWindowRepo(db);
    expect(await repo.lastInbound('acme', '+15550001010')).toBeNull();
    await repo.recordInbound('acme', '+15550001010', at(10), '100000002');
    expect(await repo.lastInbound('acme', '+15550001010')).toEqual({ at: at(10), phoneNumberId: '100000002' });
    await repo.recordInbound('acme', '+15550001010', at(5), '100000001');
    expect(await repo.lastInbound('acme', '+15550001010')).toEqual({ at: at(10), phoneNumberId: '100000002' });
    await repo.recordInbound('acme', '+15550001010', at(11), '100000001');
    expect(await repo.lastInbound('acme', '+15550001010')).toEqual({ at: at(11), phoneNumberId: '100000001' });
    await repo.recordInbound('acme', '+15550001010', at(12));
    expect(await repo.lastInbound('acme', '+15550001010')).toEqual({ at: at(12) });
    expect(await repo.lastInboundAt('acme', '+15550001010')).toBe(at(12));
  });
});

describe("a contact's latest agent replies", () => {
  it('are empty at first, then most recent first with one item per ticket', async () => {
    const repo = createWindowRepo(db);
    expect(await repo.latestAgentReplies('acme', 'C-1')).toEqual([]);
    await repo.recordAgentReply('acme', 'C-1', 'SD-00001', at(1));
    await repo.recordAgentReply('acme', 'C-1', 'SD-00002', at(2));
    await repo.recordAgentReply('acme', 'C-1', 'SD-00001', at(3));
    expect(await repo.latestAgentReplies('acme', 'C-1')).toEqual([
      { number: 'SD-00001', at: at(3) },
      { number: 'SD-00002', at: at(2) },
    ]);
    expect(await repo.latestAgentReplies('globex', 'C-1')).toEqual([]);
  });

  it(`keep the ${MAX_REPLIES} most recent tickets`, async () => {
    const repo = createWindowRepo(db);
    for (let i = 1; i <= MAX_REPLIES + 3; i++) await repo.recordAgentReply('acme', 'C-2', `SD-${String(i).padStart(5, '0')}`, at(i));
    const replies = await repo.latestAgentReplies('acme', 'C-2');
    expect(replies).toHaveLength(MAX_REPLIES);
    expect(replies[0]).toEqual({ number: `SD-000${MAX_REPLIES + 3}`, at: at(MAX_REPLIES + 3) });
    expect(replies.map((r) => r.number)).not.toContain('SD-00003');
  });

  it('replies on several tickets at once all land', async () => {
    const repo = createWindowRepo(db);
    await Promise.all([1, 2, 3, 4].map((i) => repo.recordAgentReply('acme', 'C-3', `SD-0000${i}`, at(i))));
    expect((await repo.latestAgentReplies('acme', 'C-3')).map((r) => r.number)).toEqual(['SD-00004', 'SD-00003', 'SD-00002', 'SD-00001']);
  });

  it('a late write of an older reply keeps the newer time', () => {
    expect(withAgentReply([{ number: 'SD-00001', at: at(9) }], { number: 'SD-00001', at: at(4) })).toEqual([{ number: 'SD-00001', at: at(9) }]);
  });
});
