// Loads many tickets into a tenant for benchmarks, through the ticket repo: each ticket is a
// `StoredTicket` with its creation `system` entry and its search-word items, as createTicket writes
// them, numbered from the tenant's own counter (which is advanced past them, so later creates go on
// from there). Reusable: `loadTickets(db, { tenantId, count })` on any Db (a runtime's `rt.db`).
//
// Two ways to write:
// - 'batch' (default, the fast one): the repo's `commit` runs against a capturing Db, so the repo's
//   own entities build every item (keys, index attributes); the items are then written with
//   BatchWriteItem (25 a call) by `concurrency` workers. The ticket's conditional create is not
//   applied: the numbers come from a range reserved on the counter first, so nothing can collide.
// - 'commit': `repo.commit(ticket, null, side)` against the table for each ticket (a BatchWrite of
//   the side items, then the conditional PutItem), `concurrency` at a time. Exactly the create's
//   writes minus the counter and the outbox, and slower.
//
// `sla` (optional) gives every ticket the SLA fields and `slaClock` createTicket writes (and what a
// status change leaves: a pending ticket paused when the tenant pauses on pending, a resolved one with
// its auto-close time), so the repo derives each ticket's due-index item; `sla.due` of them (spread
// evenly over the load, made open) have their first response due in the window just before
// `sla.dueBefore`, every other due or auto-close time is at or after `sla.farFrom`. Without it the
// tickets carry no due times (as before SLAs existed) and stay out of the due index.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { permissionsOf } from '../shared/identity/permissions.ts';
import { batchWrite, type WriteRequest } from '../shared/platform/batch.ts';
import { createCounterRepo } from '../shared/platform/counter.ts';
import type { Db } from '../shared/platform/db.ts';
import { createIds } from '../shared/platform/clock.ts';
import { createPartnerRepo } from '../shared/partner/partner.repo.ts';
import type { Priority, Targets } from '../shared/sla/sla.rules.ts';
import { createTenantConfigRepo, policiesOf } from '../shared/tenant/tenant-config.ts';
import { type StoredEntry, type StoredTicket, type WordItem, createTicketRepo } from '../shared/ticket/ticket.repo.ts';
import { formatNumber, requesterName, subjectWords, wordBuckets } from '../shared/ticket/ticket.rules.ts';
import type { Requester, Status } from '../shared/ticket/ticket.schema.ts';
import { captureDb } from './dynamo-calls.ts';

// ─── What the tickets look like ─────────────────────────────────────────────────────────────────

const things = [
  'Printer', 'Laptop', 'Invoice', 'Password reset', 'VPN', 'Email', 'Badge', 'Monitor', 'Scanner', 'Dashboard',
  'Report export', 'Checkout', 'Refund', 'Account', 'Wi-Fi', 'Desk phone', 'Keyboard', 'Order', 'Delivery', 'License',
  'Server', 'Calendar', 'Backup', 'Docking station',
];
const problems = [
  'not working', 'keeps crashing', 'very slow', 'shows an error', 'missing after update', 'cannot be opened', 'charged twice',
  'rejected', 'stuck in processing', 'drops every hour', 'needs replacing', 'access denied',
];
const contexts = ['', 'on floor 3', 'for the sales team', 'since Monday', 'in meeting room B', 'after the last update', 'for new hires', 'in Chrome', 'on the mobile app', 'urgently'];

/** A word that is in about one subject in 24 (the `q` search of the list bench). */
export const SEARCH_WORD = 'printer';

/** A small deterministic random source (mulberry32), so a load is the same every run. */
export function randomSource(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pickWith = (random: () => number) => <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

/** A subject of 2–8 words; one in four carries a reference number. `unique` adds a word no other subject has. */
export function ticketSubject(random: () => number, unique?: string): string {
  const pick = pickWith(random);
  const parts = [pick(things), pick(problems), pick(contexts)];
  if (random() < 0.25) parts.push(`(ref ${10000 + Math.floor(random() * 90000)})`);
  if (unique) parts.push(unique);
  return parts.filter(Boolean).join(' ');
}

const paragraph =
  'Since this morning the problem shows up for several people on the team. We tried restarting and signing out and in again, ' +
  'with no change. Screenshots and the exact error text are below; please tell us what else you need to look into it.';

/** A markdown description of about 300–700 characters. */
export function ticketDescription(random: () => number): string {
  return `${paragraph}\n\n${paragraph.slice(0, 80 + Math.floor(random() * 400))}\n\n- Seen on: ${new Date(1.7e12 + random() * 1e10).toISOString().slice(0, 10)}`;
}

// ─── Building tickets like createTicket does ────────────────────────────────────────────────────

export type TicketContext = {
  tenantId: string;
  queueIds: string[];
  /** Agents a ticket may be assigned to. */
  assigneeIds: string[];
  /** Active business partners: requesters of most tickets. */
  partners: { id: string; name: string }[];
};

/** Queues, agents and active partners of the tenant, from its configuration and partner list. */
export async function ticketContext(db: Db, tenantId: string): Promise<TicketContext> {
  const config = await createTenantConfigRepo(db).load(tenantId);
  const partners = (await createPartnerRepo(db).listByName(tenantId, '', 100))?.items ?? [];
  return {
    tenantId,
    queueIds: config.queues.map((q) => q.id),
    assigneeIds: config.members.filter((m) => permissionsOf(m.roles).includes('service-desk.manage')).map((m) => m.userId),
    partners: partners.filter((p) => p.status === 'active').map((p) => ({ id: p.id, name: p.name })),
  };
}

export type BuiltTicket = { ticket: StoredTicket; entry: StoredEntry; words: WordItem[] };

const statusMix: [Status, number][] = [
  ['open', 0.35],
  ['pending', 0.15],
  ['resolved', 0.25],
  ['closed', 0.25],
];

/**
 * Ticket `seq` of the tenant, created at `createdAt`, with its `system` creation entry and its word
 * items (one per first letter of its subject words) as ticket.service's createTicket builds them.
 * Resolved and closed tickets carry what their status change leaves (`lastClosedAt`, `sla.resolvedAt`).
 */
export function buildTicket(ctx: TicketContext, seq: number, createdAt: Date, random: () => number, ids: { next(): string }, subject?: string): BuiltTicket {
  const pick = pickWith(random);
  let r = random();
  const status = statusMix.find(([, share]) => (r -= share) < 0)?.[0] ?? 'open';
  const source = pick(['portal', 'email', 'phone', 'chat', 'api'] as const);
  const requesterKind = random();
  const partner = ctx.partners.length ? pick(ctx.partners) : undefined;
  const requester: Requester =
    requesterKind < 0.7 && partner
      ? { type: 'bp', bpId: partner.id }
      : requesterKind < 0.9
        ? { type: 'manual', name: `Requester ${seq % 997}`, email: `requester${seq % 997}@example.test` }
        : { type: 'account', accountId: `ACC-${seq % 500}` };
  const queueId = ctx.queueIds.length && random() < 0.8 ? pick(ctx.queueIds) : undefined;
  const assigneeId = ctx.assigneeIds.length && random() < 0.6 ? pick(ctx.assigneeIds) : undefined;
  const at = createdAt.toISOString();
  // Changed tickets were updated some minutes to hours after their creation.
  const changed = status !== 'open' || random() < 0.3;
  const updatedAt = changed ? new Date(createdAt.getTime() + Math.floor(random() * 6 * 3600_000)).toISOString() : at;
  const closed = status === 'resolved' || status === 'closed';
  const number = formatNumber(seq);
  const ticket: StoredTicket = {
    tenantId: ctx.tenantId,
    number,
    seq,
    subject: subject ?? ticketSubject(random),
    description: ticketDescription(random),
    status,
    priority: pick(['low', 'medium', 'medium', 'high', 'urgent'] as const),
    source,
    fromChat: source === 'chat',
    ...(queueId ? { queueId } : {}),
    ...(assigneeId ? { assigneeId } : {}),
    tags: random() < 0.4 ? [pick(['billing', 'hardware', 'network', 'outage', 'feature', 'access'])] : [],
    requester,
    requesterName: requesterName(requester, partner?.name),
    explicitQueue: queueId !== undefined && random() < 0.5,
    explicitAssignee: assigneeId !== undefined && random() < 0.5,
    sla: { breached: 'none', escalationLevel: 0, ...(closed ? { resolvedAt: updatedAt } : {}) },
    ...(closed ? { lastClosedAt: updatedAt } : {}),
    attachments: [],
    version: changed ? 2 + Math.floor(random() * 3) : 1,
    revision: 1,
    createdAt: at,
    updatedAt,
  };
  const entry: StoredEntry = {
    tenantId: ctx.tenantId,
    number,
    id: `e_${ids.next()}`,
    kind: 'system',
    body: `Ticket created by Bench Loader (${source})`,
    author: { id: 'system', name: 'System', type: 'system' },
    attachmentIds: [],
    createdAt: at,
  };
  const words = subjectWords(ticket.subject);
  return { ticket, entry, words: wordBuckets(words).map((bucket) => ({ tenantId: ctx.tenantId, bucket, seq, number, words })) };
}

// ─── SLA fields ─────────────────────────────────────────────────────────────────────────────────

export type SlaLoad = {
  /** Tickets (of this load) with a target due before `dueBefore`: made open, spread evenly over the load. */
  due: number;
  /** Their first-response targets fall in the `windowMs` before this (their resolution targets after it). */
  dueBefore: Date;
  /** Default 30 minutes. */
  windowMs?: number;
  /** Every other due time and auto-close time is at or after this (default `dueBefore` + 365 days). */
  farFrom?: Date;
};

/** The tenant's SLA settings the loader needs (Policies tab, or its defaults). */
export type SlaPolicy = { targets: Targets; pauseOnPending: boolean };

const MINUTE = 60_000;
const addMinutes = (at: number, minutes: number) => new Date(at + minutes * MINUTE).toISOString();

/**
 * Gives a built ticket the SLA fields and clock createTicket writes. `dueRank` (0 … due − 1) makes it
 * one of the due tickets: open, first response due at its place in the window before `dueBefore`,
 * resolution due its target's difference later (so it is not due at `dueBefore`). Any other ticket's
 * times are from `farFrom` on (spread over a week, so the index is not one sort key), or, for resolved
 * and closed tickets, from its creation as createTicket computed them; a pending one is paused when
 * the tenant pauses on pending (out of the due index), a resolved one closes by itself from `farFrom` on.
 */
export function withSla(b: BuiltTicket, sla: SlaLoad, policy: SlaPolicy, dueRank?: number): BuiltTicket {
  const t: StoredTicket = { ...b.ticket };
  const target = policy.targets[t.priority as Priority];
  const gap = target.resolutionMinutes - target.firstResponseMinutes;
  const far = (sla.farFrom ?? new Date(sla.dueBefore.getTime() + 365 * 24 * 60 * MINUTE)).getTime();
  const spread = (t.seq * 7919) % (7 * 24 * 60); // minutes, scattered over a week
  if (dueRank !== undefined) {
    const windowMs = sla.windowMs ?? 30 * MINUTE;
    const firstResponseDueAt = new Date(sla.dueBefore.getTime() - windowMs + Math.floor(((dueRank + 0.5) * windowMs) / sla.due)).toISOString();
    const { lastClosedAt: _c, ...open } = t;
    return {
      ...b,
      ticket: { ...open, status: 'open', sla: { firstResponseDueAt, dueAt: addMinutes(Date.parse(firstResponseDueAt), gap), breached: 'none', escalationLevel: 0 }, slaClock: { pausedMinutes: 0, dueAtFixed: false } },
    };
  }
  const closed = t.status === 'resolved' || t.status === 'closed';
  const from = closed ? Date.parse(t.createdAt) : far + spread * MINUTE;
  const firstResponseDueAt = addMinutes(from, closed ? target.firstResponseMinutes : 0);
  const dueAt = addMinutes(Date.parse(firstResponseDueAt), gap);
  t.sla = { ...t.sla, firstResponseDueAt, dueAt, breached: 'none', escalationLevel: 0 };
  t.slaClock = { pausedMinutes: 0, dueAtFixed: false };
  if (t.status === 'pending' && policy.pauseOnPending) {
    t.slaClock.pause = { since: t.updatedAt, firstResponseLeft: target.firstResponseMinutes, resolutionLeft: target.resolutionMinutes };
  }
  if (t.status === 'resolved') t.autoCloseAt = addMinutes(far, spread);
  return { ...b, ticket: t };
}

/**
 * A function answering the items `repo.commit` writes for tickets (side items first, then the
 * tickets), built by the repo's entities against a capturing Db: nothing is sent. Make one per
 * writer and reuse it (building a repo is not cheap).
 */
export function ticketItemBuilder(table: string): (built: BuiltTicket[]) => Promise<{ side: WriteRequest[]; tickets: WriteRequest[] }> {
  const capture = captureDb(table);
  const repo = createTicketRepo(capture.db);
  return async (built) => {
    const side: WriteRequest[] = [];
    const tickets: WriteRequest[] = [];
    for (const b of built) {
      await repo.commit(b.ticket, null, { entries: [b.entry], words: { put: b.words, remove: [] } });
      for (const call of capture.take()) {
        if (call.command === 'BatchWriteItemCommand') side.push(...((call.input.RequestItems as Record<string, WriteRequest[]>)[table] ?? []));
        else if (call.command === 'PutItemCommand') tickets.push({ PutRequest: { Item: call.input.Item as Record<string, unknown> } });
        else throw new Error(`repo.commit sent an unexpected ${call.command}`);
      }
    }
    return { side, tickets };
  };
}

/**
 * Advances the tenant's ticket counter by `count` in one atomic ADD and answers the first number of
 * the reserved range. The counter repo only has next() (+1): its own UpdateItem is captured and sent
 * with `count` instead of 1, then the result is checked against `current()`.
 */
export async function reserveNumbers(db: Db, tenantId: string, count: number): Promise<number> {
  // The scope ticket.service's createTicket allocates numbers from.
  const scope = `ticket#${tenantId}`;
  const capture = captureDb(db.table, { value: 1 });
  await createCounterRepo(capture.db).next(scope);
  const [call] = capture.take();
  const input = call?.input as { UpdateExpression?: string; ExpressionAttributeValues?: Record<string, unknown> } | undefined;
  const placeholder = input?.UpdateExpression ? /\bADD\s+#\w+\s+(:\w+)/.exec(input.UpdateExpression)?.[1] : undefined;
  if (!input || !placeholder || input.ExpressionAttributeValues?.[placeholder] !== 1) throw new Error(`Unexpected counter update: ${JSON.stringify(call)}`);
  const res = await db.client.send(new UpdateCommand({ ...(input as ConstructorParameters<typeof UpdateCommand>[0]), ExpressionAttributeValues: { ...input.ExpressionAttributeValues, [placeholder]: count } }));
  const last = Number(res.Attributes?.value);
  if (!Number.isInteger(last) || (await createCounterRepo(db).current(scope)) < last) throw new Error(`The counter of ${tenantId} did not advance (answered ${String(res.Attributes?.value)})`);
  return last - count + 1;
}

// ─── Loading ────────────────────────────────────────────────────────────────────────────────────

export type LoadOptions = {
  tenantId: string;
  count: number;
  /** 'batch' (default) or 'commit'; see the top of this file. */
  mode?: 'batch' | 'commit';
  /** Writers at once (default 8 for 'batch', 16 for 'commit'). */
  concurrency?: number;
  /** Tickets a writer builds and writes at a time in 'batch' mode (default 50). */
  chunk?: number;
  /** The newest ticket's creation time (default now); older ones are `gapMs` apart (default 3 min). */
  endAt?: Date;
  gapMs?: number;
  /** Seed of the random source (default: the tenant and the first number). */
  seed?: number;
  /** Defaults to the tenant's queues, agents and active partners. */
  context?: TicketContext;
  /** SLA fields and due times (see the top of this file); without it the tickets have none. */
  sla?: SlaLoad;
  onProgress?: (done: number, count: number) => void;
};

export type LoadResult = {
  tenantId: string;
  count: number;
  firstNumber: string;
  lastNumber: string;
  /** Items written: tickets, entries and word items. */
  items: number;
  ms: number;
  ticketsPerS: number;
  itemsPerS: number;
  mode: 'batch' | 'commit';
  /** With the `sla` option: the due tickets' count and the range of their first-response and resolution due times. */
  sla?: { due: number; firstResponseDue: [string, string]; resolutionDue: [string, string] };
};

/** Loads `count` tickets into the tenant, numbered after its existing ones. */
export async function loadTickets(db: Db, options: LoadOptions): Promise<LoadResult> {
  const started = performance.now();
  const mode = options.mode ?? 'batch';
  const concurrency = options.concurrency ?? (mode === 'batch' ? 8 : 16);
  const chunk = options.chunk ?? 50;
  const ctx = options.context ?? (await ticketContext(db, options.tenantId));
  const firstSeq = await reserveNumbers(db, options.tenantId, options.count);
  const endAt = (options.endAt ?? new Date()).getTime();
  const gapMs = options.gapMs ?? 3 * 60_000;
  const ids = createIds();
  const repo = createTicketRepo(db);
  const sla = options.sla;
  if (sla && (sla.due < 0 || sla.due > options.count)) throw new Error(`sla.due must be within 0 … ${options.count}`);
  const policy: SlaPolicy | undefined = sla ? policiesOf(await createTenantConfigRepo(db).load(options.tenantId)) : undefined;
  // The due tickets' places in the load, spread evenly over it.
  const dueRanks = new Map<number, number>();
  for (let k = 0; k < (sla?.due ?? 0); k++) dueRanks.set(Math.floor(((k + 0.5) * options.count) / sla!.due), k);
  const dueRange = { first: [] as string[], resolution: [] as string[] };

  let next = 0;
  let done = 0;
  let items = 0;
  let reported = 0;
  const report = () => {
    if (options.onProgress && (done - reported >= options.count / 20 || done === options.count)) {
      reported = done;
      options.onProgress(done, options.count);
    }
  };
  // Every ticket has its own random source, so the data does not depend on which writer built it.
  const build = (i: number) => {
    const seq = firstSeq + i;
    const built = buildTicket(ctx, seq, new Date(endAt - (options.count - 1 - i) * gapMs), randomSource((options.seed ?? hash(options.tenantId)) + seq), ids);
    if (!sla) return built;
    const rank = dueRanks.get(i);
    const out = withSla(built, sla, policy!, rank);
    if (rank !== undefined) {
      dueRange.first.push(out.ticket.sla.firstResponseDueAt!);
      dueRange.resolution.push(out.ticket.sla.dueAt!);
    }
    return out;
  };

  async function writer(): Promise<void> {
    const itemsOf = mode === 'batch' ? ticketItemBuilder(db.table) : undefined;
    for (;;) {
      const from = next;
      if (from >= options.count) return;
      if (mode === 'commit') {
        next++;
        const b = build(from);
        if (!(await repo.commit(b.ticket, null, { entries: [b.entry], words: { put: b.words, remove: [] } }))) throw new Error(`${b.ticket.number} of ${options.tenantId} exists already`);
        items += 2 + b.words.length;
        done++;
      } else {
        const to = Math.min(options.count, from + chunk);
        next = to;
        const built = Array.from({ length: to - from }, (_, k) => build(from + k));
        const { side, tickets } = await itemsOf!(built);
        // Side items before their tickets, as a commit writes them.
        for (const requests of [side, tickets]) for (let i = 0; i < requests.length; i += 25) await batchWrite(db, requests.slice(i, i + 25));
        items += side.length + tickets.length;
        done += to - from;
      }
      report();
    }
  }
  await Promise.all(Array.from({ length: concurrency }, writer));

  const ms = performance.now() - started;
  return {
    tenantId: options.tenantId,
    count: options.count,
    firstNumber: formatNumber(firstSeq),
    lastNumber: formatNumber(firstSeq + options.count - 1),
    items,
    ms: Math.round(ms),
    ticketsPerS: Math.round(options.count / (ms / 1000)),
    itemsPerS: Math.round(items / (ms / 1000)),
    mode,
    ...(sla ? { sla: { due: sla.due, firstResponseDue: range(dueRange.first), resolutionDue: range(dueRange.resolution) } } : {}),
  };
}

function range(values: string[]): [string, string] {
  const sorted = [...values].sort();
  return [sorted[0] ?? '', sorted[sorted.length - 1] ?? ''];
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) >>> 0;
  return h;
}
