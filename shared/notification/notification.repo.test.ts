// Notifications against dynalite: idempotent creation from escalations, the exact unread counter,
// idempotent reads, paging by sealed cursor, and the caller's tenants as the limit of what they see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable, type TestTable } from '../../infra/local/testing.ts';
import type { ServiceLogger } from '../platform/context.ts';
import { createQueueRepo, type QueueMember } from '../queue/queue.repo.ts';
import { createRoutingRuleRepo } from '../routing/routing.repo.ts';
import type { EventEnvelope } from '../system/events.ts';
import { bumpConfigStamp } from '../tenant/config-cache.ts';
import { createNotificationRepo } from './notification.repo.ts';
import { listNotifications, notifyLeads, readNotification } from './notification.service.ts';

let db: TestTable;
const warnings: { message: string; extra: Record<string, unknown> }[] = [];
const logger: ServiceLogger = { warn: (message, extra) => warnings.push({ message, extra }), error: () => undefined };
const clock = { now: () => new Date('2026-03-02T09:00:00.000Z') };
const at = '2026-03-01T00:00:00.000Z';

const lead = (userId: string): QueueMember => ({ userId, role: 'lead', priorityWeight: 50, onBreak: false });
const member = (userId: string): QueueMember => ({ userId, role: 'member', priorityWeight: 50, onBreak: false });

async function queue(tenantId: string, id: string, members: QueueMember[]) {
  await createQueueRepo(db).put({ tenantId, id, name: id, autoAssign: true, members, version: 1, createdAt: at, updatedAt: at });
  await bumpConfigStamp(db, tenantId);
}

let events = 0;
function escalation(
  o: { tenantId?: string; queueId?: string | null; number?: string; data?: unknown; breached?: string; occurredAt?: string; eventId?: string } = {},
): EventEnvelope {
  events++;
  const number = o.number ?? `SD-${String(events).padStart(5, '0')}`;
  return {
    eventId: o.eventId ?? `evt-${events}`,
    tenantId: o.tenantId ?? 'acme',
    number,
    version: 3,
    occurredAt: o.occurredAt ?? new Date(Date.UTC(2026, 2, 1, 12, 0, events)).toISOString(),
    actor: { id: 'system', type: 'system' },
    data: o.data ?? { reason: 'sla', level: 1 },
    ticket: {
      tenantId: o.tenantId ?? 'acme',
      number,
      subject: 'Printer on fire',
      priority: 'urgent',
      ...(o.queueId === null ? {} : { queueId: o.queueId ?? 'q-general' }),
      sla: { breached: o.breached ?? 'resolution', escalationLevel: 1 },
    },
  };
}

const actorOf = (id: string, tenants = ['acme', 'globex']) => ({ id, tenants });

/** The DynamoDB calls `fn` makes. */
async function callsOf(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const name = `count-${Math.random()}`;
  db.client.middlewareStack.add((next, context) => async (args) => (seen.push(String(context.commandName)), next(args)), { step: 'initialize', name });
  try {
    await fn();
  } finally {
    db.client.middlewareStack.remove(name);
  }
  return seen;
}

beforeAll(async () => {
  db = await startTestTable();
  await queue('acme', 'q-general', [lead('lead-1'), member('agent-1'), lead('lead-2')]);
  await queue('acme', 'q-quiet', [member('agent-1')]);
  await queue('globex', 'q-support', [lead('lead-1')]);
  await createRoutingRuleRepo(db).create({
    tenantId: 'acme', id: 'rule-vip', name: 'VIP customers', enabled: true, match: 'all', clauses: [], action: { type: 'escalate' }, version: 1, createdAt: at, updatedAt: at,
  });
  await bumpConfigStamp(db, 'acme');
});
afterAll(async () => db.stop());

describe('notifyLeads', () => {
  it('creates one notification per lead of the ticket’s queue, and nothing more when the event comes again', async () => {
    const event = escalation({ number: 'SD-00012' });
    expect(await notifyLeads({ db, logger }, event)).toEqual({ created: 2 });
    expect(await notifyLeads({ db, logger }, event)).toEqual({ created: 0 });
    // Concurrent redeliveries too: the conditional create lets exactly one through.
    expect((await Promise.all([notifyLeads({ db, logger }, event), notifyLeads({ db, logger }, event)])).map((r) => r.created)).toEqual([0, 0]);

    for (const userId of ['lead-1', 'lead-2']) {
      const page = await listNotifications({ db }, actorOf(userId), { limit: 10 });
      expect(page.items.filter((n) => n.number === 'SD-00012')).toEqual([
        {
          id: expect.stringMatching(/^[0-9A-Z]{26}$/),
          tenantId: 'acme',
          number: 'SD-00012',
          kind: 'escalation',
          reason: 'resolution_breach',
          message: 'SD-00012 “Printer on fire” escalated to urgent: resolution target breached',
          createdAt: event.occurredAt,
        },
      ]);
    }
    expect((await listNotifications({ db }, actorOf('agent-1'), { limit: 10 })).items).toEqual([]);
    const fresh = await createNotificationRepo(db).unreadCount('lead-1', ['acme']);
    expect(fresh).toBe(1);
  });

  it('names the breach or the rule (by name, else by id)', async () => {
    await notifyLeads({ db, logger }, escalation({ number: 'SD-00020', breached: 'first_response' }));
    await notifyLeads({ db, logger }, escalation({ number: 'SD-00021', data: { reason: 'rule', ruleId: 'rule-vip', level: 2 } }));
    await notifyLeads({ db, logger }, escalation({ number: 'SD-00022', data: { reason: 'rule', ruleId: 'rule-deleted', level: 1 } }));
    const byNumber = new Map((await listNotifications({ db }, actorOf('lead-2'), { limit: 100 })).items.map((n) => [n.number, n]));
    expect(byNumber.get('SD-00020')).toMatchObject({ reason: 'first_response_breach', message: 'SD-00020 “Printer on fire” escalated to urgent: first response target breached' });
    expect(byNumber.get('SD-00020')).not.toHaveProperty('ruleId');
    expect(byNumber.get('SD-00021')).toMatchObject({ reason: 'rule', ruleId: 'rule-vip', message: 'SD-00021 “Printer on fire” escalated to urgent by routing rule “VIP customers”' });
    expect(byNumber.get('SD-00022')).toMatchObject({ reason: 'rule', ruleId: 'rule-deleted', message: expect.stringContaining('by routing rule “rule-deleted”') });
  });

  it('notifies nobody for a ticket without a queue, a queue without leads, or a queue that is gone (logged)', async () => {
    const before = await createNotificationRepo(db).unreadCount('lead-1', ['acme', 'globex']);
    expect(await notifyLeads({ db, logger }, escalation({ queueId: null }))).toEqual({ created: 0 });
    expect(await notifyLeads({ db, logger }, escalation({ queueId: 'q-quiet' }))).toEqual({ created: 0 });
    warnings.length = 0;
    expect(await notifyLeads({ db, logger }, escalation({ queueId: 'q-deleted', number: 'SD-00030' }))).toEqual({ created: 0 });
    expect(warnings).toEqual([{ message: expect.stringContaining('no longer exists'), extra: expect.objectContaining({ queueId: 'q-deleted', number: 'SD-00030' }) }]);
    expect(await createNotificationRepo(db).unreadCount('lead-1', ['acme', 'globex'])).toBe(before);
  });

  it('refuses an envelope whose data is not an escalation’s', async () => {
    await expect(notifyLeads({ db, logger }, escalation({ data: { reason: 'mood', level: 1 } }))).rejects.toThrow();
  });
});

describe('reading', () => {
  it('counts exactly: +1 per created notification, −1 per first read only, concurrent reads included', async () => {
    const user = 'reader';
    await queue('acme', 'q-read', [lead(user)]);
    for (let i = 0; i < 3; i++) await notifyLeads({ db, logger }, escalation({ queueId: 'q-read' }));
    const page = await listNotifications({ db }, actorOf(user), { limit: 10 });
    expect(page.unreadCount).toBe(3);
    const [first, second] = page.items;

    await readNotification({ db, clock }, actorOf(user), first!.id);
    await readNotification({ db, clock }, actorOf(user), first!.id);
    await Promise.all([readNotification({ db, clock }, actorOf(user), second!.id), readNotification({ db, clock }, actorOf(user), second!.id)]);

    const after = await listNotifications({ db }, actorOf(user), { limit: 10 });
    expect(after.unreadCount).toBe(1);
    expect(after.items.map((n) => n.readAt)).toEqual([clock.now().toISOString(), clock.now().toISOString(), undefined]);
    // A repeated read keeps the first time.
    await readNotification({ db, clock: { now: () => new Date('2027-01-01T00:00:00.000Z') } }, actorOf(user), first!.id);
    expect((await createNotificationRepo(db).get(user, first!.id))?.readAt).toBe(clock.now().toISOString());
  });

  it('answers not found for another user’s notification, an unknown id, or one of a tenant the caller left', async () => {
    const theirs = (await listNotifications({ db }, actorOf('lead-1'), { limit: 1 })).items[0]!;
    await expect(readNotification({ db, clock }, actorOf('lead-2'), theirs.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(readNotification({ db, clock }, actorOf('lead-1'), '01ARZ3NDEKTSV4RRFFQ69G5FAV')).rejects.toMatchObject({ code: 'not_found' });
    await expect(readNotification({ db, clock }, actorOf('lead-1', ['globex']), theirs.id)).rejects.toMatchObject({ code: 'not_found' });
    expect((await createNotificationRepo(db).get('lead-1', theirs.id))?.readAt).toBeUndefined();
  });
});

describe('listing', () => {
  it('pages newest first by a sealed cursor, with the unread count of the caller’s tenants on every page', async () => {
    const user = 'pager';
    await queue('acme', 'q-page', [lead(user)]);
    await queue('globex', 'q-page', [lead(user)]);
    const numbers: string[] = [];
    for (let i = 0; i < 7; i++) {
      const number = `SD-${String(100 + i).padStart(5, '0')}`;
      numbers.push(number);
      // Out of order on purpose: the list follows the escalation time, not the order of arrival.
      const occurredAt = new Date(Date.UTC(2026, 3, 1, 0, (i * 3) % 7)).toISOString();
      await notifyLeads({ db, logger }, escalation({ tenantId: i === 6 ? 'globex' : 'acme', queueId: 'q-page', number, occurredAt }));
    }
    const expected = numbers.map((n, i) => ({ n, t: (i * 3) % 7 })).sort((a, b) => b.t - a.t).map((x) => x.n);

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await listNotifications({ db }, actorOf(user), { limit: 3, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(3);
      expect(page.unreadCount).toBe(7);
      seen.push(...page.items.map((n) => n.number));
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(expected);

    // Only the tenants the caller still belongs to: listed and counted.
    const acmeOnly = await listNotifications({ db }, actorOf(user, ['acme']), { limit: 100 });
    expect(acmeOnly.items.map((n) => n.number)).toEqual(expected.filter((n) => n !== numbers[6]));
    expect(acmeOnly.unreadCount).toBe(6);
  });

  it('reads one page with one Query and the count with one batch get', async () => {
    const calls = await callsOf(() => listNotifications({ db }, actorOf('pager'), { limit: 2 }));
    expect(calls.sort()).toEqual(['BatchGetItemCommand', 'QueryCommand']);
  });

  it('refuses a tampered cursor and another user’s', async () => {
    const mine = (await listNotifications({ db }, actorOf('pager'), { limit: 1 })).nextCursor!;
    await expect(listNotifications({ db }, actorOf('pager'), { limit: 1, cursor: `${mine}x` })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(listNotifications({ db }, actorOf('pager'), { limit: 1, cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(listNotifications({ db }, actorOf('lead-1'), { limit: 1, cursor: mine })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
