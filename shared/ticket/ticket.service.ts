// Ticket use cases: access checks, invariants, the commit and the events it owes.
import type { Actor } from '../identity/actor.ts';
import { createCounterRepo } from '../platform/counter.ts';
import type { ServiceContext } from '../platform/context.ts';
import type { Db } from '../platform/db.ts';
import { AppError } from '../platform/errors.ts';
import { oweEvents, settleOutbox } from '../platform/outbox.ts';
import { WRITE_ATTEMPTS, backoff } from '../platform/retry.ts';
import { versionConflict } from '../platform/config-write.ts';
import { createPartnerRepo, type Partner, type PartnerRepo } from '../partner/partner.repo.ts';
import { customerPartner, resolvePartner } from '../partner/partner.service.ts';
import { createSettingsRepo, type SettingsRepo } from '../settings/settings.repo.ts';
import { sourceEnabled } from '../settings/settings.rules.ts';
import type { PoliciesTab } from '../settings/settings.schema.ts';
import { initialSla, pauseSla, policyOf, recomputeForPriority, resumeSla } from '../sla/sla.rules.ts';
import { loadTenantConfig, loadTenantConfigWith } from '../tenant/config-cache.ts';
import type { BusEvent, EventName } from '../system/events.ts';
import { createTenantConfigRepo, isAgentOf, policiesOf, type TenantConfig } from '../tenant/tenant-config.ts';
import { checkAttachments, claimAttachments, releaseAttachments, withDownloadUrls } from './attachment.service.ts';
import { createTicketRepo, type StoredEntry, type StoredTicket, type TicketRepo, type WordItem } from './ticket.repo.ts';
import { agentMayMove, type Changes, describeChanges, diff, formatNumber, mayChangeAssignee, parseNumber, requesterName, subjectWords, wordBuckets, withinReopenWindow } from './ticket.rules.ts';
import {
  type AddEntryInput,
  type CreateTicketInput,
  MAX_BODY_BYTES,
  type MyTicket,
  type PatchTicketInput,
  type Requester,
  type Status,
  type ThreadEntry,
  type Ticket,
  type TicketDetail,
} from './ticket.schema.ts';

export type TicketRepos = {
  tickets: TicketRepo;
  partners: PartnerRepo;
  config: ReturnType<typeof createTenantConfigRepo>;
  settings: SettingsRepo;
  counters: ReturnType<typeof createCounterRepo>;
};

const reposByDb = new WeakMap<Db, TicketRepos>();
export function ticketRepos(db: Db): TicketRepos {
  let repos = reposByDb.get(db);
  if (!repos) {
    repos = { tickets: createTicketRepo(db), partners: createPartnerRepo(db), config: createTenantConfigRepo(db), settings: createSettingsRepo(db), counters: createCounterRepo(db) };
    reposByDb.set(db, repos);
  }
  return repos;
}



// ——— shapes ———

export function toTicket(t: StoredTicket): Ticket {
  return {
    tenantId: t.tenantId,
    number: t.number,
    subject: t.subject,
    description: t.description,
    status: t.status,
    priority: t.priority,
    source: t.source,
    fromChat: t.fromChat,
    ...(t.helpTopicId ? { helpTopicId: t.helpTopicId } : {}),
    ...(t.queueId ? { queueId: t.queueId } : {}),
    ...(t.assigneeId ? { assigneeId: t.assigneeId } : {}),
    tags: t.tags,
    requester: t.requester,
    sla: t.sla,
    version: t.version,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
  };
}

export function toEntry(e: StoredEntry): ThreadEntry {
  const { tenantId: _t, number: _n, ...entry } = e;
  return { ...entry, attachmentIds: entry.attachmentIds ?? [] };
}

function toMyTicket(t: StoredTicket, entries: StoredEntry[], attachments: TicketDetail['attachments']): MyTicket {
  const replies = entries.filter((e) => e.kind === 'reply');
  const visible = new Set(replies.map((e) => e.id));
  return {
    number: t.number,
    subject: t.subject,
    description: t.description,
    status: t.status,
    priority: t.priority,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    // Delivery states (and a channel's error texts) are the desk's business, not the customer's.
    thread: replies.map((e) => {
      const { delivery: _d, ...entry } = toEntry(e);
      return entry;
    }),
    // The request's own files and those of replies; never those of internal notes.
    attachments: attachments.filter((a) => !a.entryId || visible.has(a.entryId)),
  };
}

// ——— helpers ———

const actorRef = (actor: Actor) => ({ id: actor.id, type: actor.type === 'customer' ? ('customer' as const) : ('agent' as const) });

function checkBodySize(body: string, field: string): void {
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) throw new AppError('payload_too_large', `The ${field} is over 64 KiB`, [{ field, code: 'too_large' }]);
}

const unprocessable = (field: string, message: string, code = 'invalid_reference'): AppError => new AppError('unprocessable', message, [{ field, code, message }]);

export function event(ctx: Pick<ServiceContext, 'ids' | 'clock'>, actor: Actor | 'system', name: EventName, after: StoredTicket, extra: { changes?: Changes; data?: unknown } = {}): BusEvent {
  return {
    name,
    detail: {
      eventId: ctx.ids.next(),
      tenantId: after.tenantId,
      number: after.number,
      version: after.version,
      occurredAt: ctx.clock.now().toISOString(),
      actor: actor === 'system' ? { id: 'system', type: 'system' } : actorRef(actor),
      ...(extra.changes ? { changes: extra.changes } : {}),
      ...(extra.data !== undefined ? { data: extra.data } : {}),
      ticket: toTicket(after) as unknown as Record<string, unknown>,
    },
  };
}

export function systemEntry(ctx: Pick<ServiceContext, 'ids' | 'clock'>, t: StoredTicket, body: string): StoredEntry {
  return { tenantId: t.tenantId, number: t.number, id: `e_${ctx.ids.next()}`, kind: 'system', body, author: { id: 'system', name: 'System', type: 'system' }, attachmentIds: [], createdAt: ctx.clock.now().toISOString() };
}

function wordItems(t: Pick<StoredTicket, 'tenantId' | 'seq' | 'number'>, subject: string): WordItem[] {
  const words = subjectWords(subject);
  return wordBuckets(words).map((bucket) => ({ tenantId: t.tenantId, bucket, seq: t.seq, number: t.number, words }));
}

/** Commits the ticket with the events it owes, then publishes them; false when another write won the race. */
export async function commit(
  ctx: ServiceContext,
  repos: TicketRepos,
  current: StoredTicket | null,
  next: StoredTicket,
  events: BusEvent[],
  side?: Parameters<TicketRepo['commit']>[2],
): Promise<boolean> {
  const owed = oweEvents(`${next.tenantId}#${next.number}`, current ?? undefined, events, ctx.clock.now());
  const ok = await repos.tickets.commit({ ...next, ...owed, revision: current ? current.revision + 1 : 1 }, current ? current.revision : null, side);
  if (!ok) return false;
  try {
    await settleOutbox(ctx.db, ctx.events, repos.tickets.keyOf(next.tenantId, next.number), Object.values(owed.outbox));
  } catch (err) {
    // The commit stands; housekeeping republishes what is still owed.
    ctx.logger.warn('Events left in the outbox', { number: next.number, error: String(err) });
  }
  return true;
}

async function resolveRequester(repos: TicketRepos, tenantId: string, requester: Requester, field = 'requester', partner?: Partner | null): Promise<{ requester: Requester; name: string }> {
  if (requester.type !== 'bp') return { requester, name: requesterName(requester) };
  const resolved = await resolvePartner(repos.partners, tenantId, requester.bpId, partner);
  if (resolved.status === 'missing') throw unprocessable(`${field}.bpId`, `Business partner ${requester.bpId} does not exist`);
  if (resolved.status === 'closed') {
    throw unprocessable(`${field}.bpId`, `Business partner ${resolved.partner.name} (${resolved.partner.id}) is closed and cannot raise new tickets`, 'partner_closed');
  }
  if (requester.contactId) {
    // The contact's partner must lead, through merges, to the same surviving partner.
    const contact = await repos.partners.getContact(tenantId, requester.contactId);
    const owner = contact ? (contact.bpId === resolved.partner.id ? resolved : await resolvePartner(repos.partners, tenantId, contact.bpId)) : undefined;
    if (!owner || owner.status === 'missing' || owner.partner.id !== resolved.partner.id) {
      throw unprocessable(`${field}.contactId`, `Contact ${requester.contactId} does not belong to ${resolved.partner.id}`);
    }
  }
  const next: Requester = { ...requester, bpId: resolved.partner.id };
  return { requester: next, name: requesterName(next, resolved.partner.name) };
}


function checkQueue(config: TenantConfig, queueId: string, field = 'queueId'): void {
  if (!config.queues.some((q) => q.id === queueId)) throw unprocessable(field, `Queue ${queueId} does not exist`);
}
function checkAssignee(config: TenantConfig, userId: string, field = 'assigneeId'): void {
  if (!isAgentOf(config, userId)) throw unprocessable(field, `${userId} is not an agent of this tenant`);
}
function checkHelpTopic(config: TenantConfig, id: string, field = 'helpTopicId') {
  const topic = config.helpTopics.find((t) => t.id === id);
  if (!topic || !topic.active) throw unprocessable(field, `Help topic ${id} does not exist or is inactive`);
  return topic;
}

function namesOf(config?: TenantConfig): Record<string, string> {
  const names: Record<string, string> = {};
  for (const q of config?.queues ?? []) names[q.id] = q.name;
  for (const m of config?.members ?? []) names[m.userId] = m.name;
  for (const t of config?.helpTopics ?? []) names[t.id] = t.name;
  return names;
}

/**
 * Status moves and what they mean for the SLA (pending pauses the targets when the tenant says so;
 * leaving it resumes them), auto-close and the reopen window.
 */
export function applyStatus(next: StoredTicket, to: Status, now: Date, policies: PoliciesTab): void {
  const from = next.status;
  const at = now.toISOString();
  const calendar = policyOf(policies).calendar;
  next.status = to;
  let clock = next.slaClock ?? { pausedMinutes: 0 };
  if (from === 'pending' && clock.pause) {
    const resumed = resumeSla(next.sla, clock, now, calendar);
    next.sla = resumed.sla;
    clock = resumed.clock;
  }
  if (to === 'pending' && policies.pauseOnPending) clock = pauseSla(next.sla, clock, now, calendar);
  next.slaClock = clock;
  if (to === 'resolved' || to === 'closed') {
    next.lastClosedAt = at;
    if (to === 'resolved' || !next.sla.resolvedAt) next.sla = { ...next.sla, resolvedAt: at };
  }
  // Auto-close counts calendar days from the move to resolved.
  if (to === 'resolved') next.autoCloseAt = new Date(now.getTime() + policies.autoCloseResolvedAfterDays * 86_400_000).toISOString();
  else delete next.autoCloseAt;
  if (to === 'open' && (from === 'resolved' || from === 'closed')) {
    const { resolvedAt: _r, ...sla } = next.sla;
    next.sla = sla;
  }
}

/** The event's changes plus `sla` when the SLA fields changed (derived figures follow them). */
function withSla(changes: Changes, current: StoredTicket, next: StoredTicket): Changes {
  return JSON.stringify(current.sla) === JSON.stringify(next.sla) ? changes : { ...changes, sla: { from: current.sla, to: next.sla } };
}

function numberOrNotFound(number: string): string {
  const seq = parseNumber(number);
  if (seq === null || formatNumber(seq) !== number) throw new AppError('not_found', `No ticket ${number}`);
  return number;
}

/** A ticket by a number as people type it (`SD-00012`, `sd-12`, `12`), or null. */
export async function findTicket(ctx: Pick<ServiceContext, 'db'>, tenantId: string, number: string): Promise<StoredTicket | null> {
  const seq = parseNumber(number);
  return seq === null ? null : ticketRepos(ctx.db).tickets.get(tenantId, formatNumber(seq));
}

async function load(repos: TicketRepos, tenantId: string, number: string): Promise<StoredTicket> {
  const ticket = await repos.tickets.get(tenantId, numberOrNotFound(number));
  if (!ticket) throw new AppError('not_found', `No ticket ${number}`);
  return ticket;
}

// ——— internal surface ———

export async function createTicket(
  ctx: ServiceContext,
  actor: Actor,
  tenantId: string,
  input: CreateTicketInput,
  options: { fromChat?: boolean } = {},
): Promise<Ticket> {
  const repos = ticketRepos(ctx.db);
  const now = ctx.clock.now();
  checkBodySize(input.description, 'description');
  if (input.dueAt && new Date(input.dueAt).getTime() <= now.getTime()) throw unprocessable('dueAt', 'The due time is in the past', 'in_past');

  // Validation first: a refused request allocates no number. The configuration is cached per warm
  // function (one small read when unchanged): sources, topics, queues, agents and SLA policies.
  // The requester's partner is read in the same batch as the configuration's stamp.
  const bpId = input.requester.type === 'bp' ? input.requester.bpId : undefined;
  const { config, items } = await loadTenantConfigWith(ctx.db, tenantId, bpId ? [repos.partners.keyOf(tenantId, bpId)] : []);
  const partner = bpId ? repos.partners.fromItem(items[0]) : undefined;
  if (!sourceEnabled(config.settings.sources, input.source)) throw unprocessable('source', `Tickets from the source ${input.source} are disabled in this tenant`, 'source_disabled');
  const topic = input.helpTopicId ? checkHelpTopic(config, input.helpTopicId) : undefined;
  if (input.queueId) checkQueue(config, input.queueId);
  if (input.assigneeId) checkAssignee(config, input.assigneeId);
  // A topic default that no longer holds (queue or agent gone) is left out rather than refused.
  const defaultQueue = topic?.defaults.queueId && config.queues.some((q) => q.id === topic.defaults.queueId) ? topic.defaults.queueId : undefined;
  const defaultAssignee = topic?.defaults.assigneeId && isAgentOf(config, topic.defaults.assigneeId) ? topic.defaults.assigneeId : undefined;
  const { requester, name } = await resolveRequester(repos, tenantId, input.requester, 'requester', partner);
  const attachments = await checkAttachments(ctx, repos.tickets, actor, tenantId, input.attachmentIds ?? []);

  const seq = await repos.counters.next(`ticket#${tenantId}`);
  const number = formatNumber(seq);
  await claimAttachments(repos.tickets, tenantId, number, attachments);
  const at = now.toISOString();
  const queueId = input.queueId ?? defaultQueue;
  const assigneeId = input.assigneeId ?? defaultAssignee;
  const priority = input.priority ?? topic?.defaults.priority ?? 'medium';
  const { sla, clock } = initialSla(now, priority, policyOf(policiesOf(config)), {
    ...(input.dueAt ? { dueAt: new Date(input.dueAt) } : {}),
    ...(topic?.defaults.dueOffsetHours !== undefined ? { dueOffsetHours: topic.defaults.dueOffsetHours } : {}),
  });
  const ticket: StoredTicket = {
    tenantId,
    number,
    seq,
    subject: input.subject,
    description: input.description,
    status: 'open',
    priority,
    source: input.source,
    fromChat: options.fromChat ?? false,
    ...(input.helpTopicId ? { helpTopicId: input.helpTopicId } : {}),
    ...(queueId ? { queueId } : {}),
    ...(assigneeId ? { assigneeId } : {}),
    tags: input.tags ?? [],
    requester,
    requesterName: name,
    explicitQueue: input.queueId !== undefined,
    explicitAssignee: input.assigneeId !== undefined,
    sla,
    slaClock: clock,
    attachments,
    version: 1,
    revision: 1,
    createdAt: at,
    updatedAt: at,
  };
  const created = systemEntry(ctx, ticket, `Ticket created by ${actor.name} (${input.source})`);
  const ok = await commit(ctx, repos, null, ticket, [event(ctx, actor, 'ticket.created', ticket)], { entries: [created], words: { put: wordItems(ticket, ticket.subject), remove: [] } });
  if (!ok) {
    await releaseAttachments(repos.tickets, tenantId, number, attachments.map((a) => a.id));
    throw new Error(`Ticket number ${number} was already taken in ${tenantId}`);
  }
  return toTicket(ticket);
}

export async function getTicket(ctx: ServiceContext, tenantId: string, number: string): Promise<TicketDetail> {
  const detail = await ticketRepos(ctx.db).tickets.getDetail(tenantId, numberOrNotFound(number));
  if (!detail) throw new AppError('not_found', `No ticket ${number}`);
  return { ...toTicket(detail.ticket), thread: detail.entries.map(toEntry), attachments: await withDownloadUrls(ctx, tenantId, detail.ticket.attachments) };
}


const conflict = (current: number) => versionConflict(current, 'The ticket');

export async function patchTicket(ctx: ServiceContext, actor: Actor, tenantId: string, number: string, ifMatch: number | undefined, input: PatchTicketInput): Promise<Ticket> {
  if (ifMatch === undefined) throw new AppError('precondition_required', 'Send If-Match with the version you are changing');
  const repos = ticketRepos(ctx.db);
  // A reply landing meanwhile writes the ticket without changing its version: read again and retry.
  for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
    const current = await load(repos, tenantId, number);
    if (current.version !== ifMatch) throw conflict(current.version);
    const result = await applyPatch(ctx, repos, actor, current, input);
    if (result) return toTicket(result);
    await backoff(attempt);
  }
  throw conflict((await load(repos, tenantId, number)).version);
}

/** One attempt at a change: the ticket after it, or null when the commit lost a race. */
async function applyPatch(ctx: ServiceContext, repos: TicketRepos, actor: Actor, current: StoredTicket, input: PatchTicketInput): Promise<StoredTicket | null> {
  const { tenantId } = current;
  // Fields equal to their current value are ignored: no validation, entry or event.
  const wanted: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input)) if (value !== undefined) wanted[field] = value === null ? undefined : value;
  const changes = diff(current as unknown as Record<string, unknown>, wanted);
  for (const [field, value] of Object.entries(input)) if (value === null && current[field as keyof StoredTicket] !== undefined) changes[field] = { from: current[field as keyof StoredTicket], to: null };
  if (Object.keys(changes).length === 0) return current;

  if (changes.status && !agentMayMove(current.status, changes.status.to as Status)) {
    throw new AppError('unprocessable', `A ticket cannot move from ${current.status} to ${String(changes.status.to)}`, [{ field: 'status', code: 'invalid_transition' }]);
  }
  if (changes.assigneeId && !mayChangeAssignee(actor, current.assigneeId)) throw new AppError('forbidden', 'Only supervisors and admins reassign a ticket that is assigned to someone else');
  const config = await loadTenantConfig(ctx.db, tenantId);
  if (changes.queueId?.to) checkQueue(config, changes.queueId.to as string);
  if (changes.assigneeId?.to) checkAssignee(config, changes.assigneeId.to as string);
  if (changes.helpTopicId?.to) checkHelpTopic(config, changes.helpTopicId.to as string);

  const now = ctx.clock.now();
  const at = now.toISOString();
  const policies = policiesOf(config);
  const next: StoredTicket = { ...current, sla: { ...current.sla }, version: current.version + 1, updatedAt: at };
  if (changes.requester) {
    const { requester, name } = await resolveRequester(repos, tenantId, changes.requester.to as Requester);
    next.requester = requester;
    next.requesterName = name;
    // A partner that resolves (through merges) to the requester already stored changes nothing.
    if (JSON.stringify(requester) === JSON.stringify(current.requester)) delete changes.requester;
    else changes.requester = { from: current.requester, to: requester };
    if (Object.keys(changes).length === 0) return current;
  }
  if (changes.priority) {
    // A person's priority change moves the unmet targets to the new priority's (from createdAt plus paused time).
    next.priority = changes.priority.to as StoredTicket['priority'];
    const recomputed = recomputeForPriority(next.sla, next.slaClock ?? { pausedMinutes: 0 }, new Date(current.createdAt), next.priority, policyOf(policies), now);
    next.sla = recomputed.sla;
    next.slaClock = recomputed.clock;
  }
  if (changes.source) next.source = changes.source.to as StoredTicket['source'];
  if (changes.tags) next.tags = changes.tags.to as string[];
  if (changes.subject) next.subject = changes.subject.to as string;
  if (changes.helpTopicId) next.helpTopicId = (changes.helpTopicId.to as string | null) ?? undefined;
  if (changes.queueId) Object.assign(next, { queueId: (changes.queueId.to as string | null) ?? undefined, explicitQueue: true });
  if (changes.assigneeId) Object.assign(next, { assigneeId: (changes.assigneeId.to as string | null) ?? undefined, explicitAssignee: true });
  if (changes.status) applyStatus(next, changes.status.to as Status, now, policies);

  const events = [event(ctx, actor, 'ticket.updated', next, { changes: withSla(changes, current, next) })];
  if (changes.status) events.push(event(ctx, actor, 'ticket.status_changed', next, { changes: { status: changes.status } }));
  if (changes.assigneeId) events.push(event(ctx, actor, 'ticket.assigned', next, { changes: { assigneeId: changes.assigneeId } }));
  const words = changes.subject ? { put: wordItems(next, next.subject), remove: wordItems(current, current.subject).filter((w) => !wordBuckets(subjectWords(next.subject)).includes(w.bucket)) } : undefined;
  const entry = systemEntry(ctx, next, `${actor.name} changed the ticket\n${describeChanges(changes, namesOf(config))}`);
  if (await commit(ctx, repos, current, next, events, { entries: [entry], ...(words ? { words } : {}) })) return next;
  await repos.tickets.deleteEntries([entry]);
  return null;
}

type EntryOptions = { kind: 'reply' | 'internal_note'; body: string; attachmentIds?: string[]; cannedResponseId?: string };

/** Adds an entry; retries when another change lands between read and commit. */
async function addThreadEntry(
  ctx: ServiceContext,
  actor: Actor,
  tenantId: string,
  number: string,
  input: EntryOptions,
  prepare: (current: StoredTicket, next: StoredTicket, at: string) => void,
): Promise<ThreadEntry> {
  checkBodySize(input.body, 'body');
  const repos = ticketRepos(ctx.db);
  let refs: Awaited<ReturnType<typeof checkAttachments>> | undefined;
  for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
    const current = await load(repos, tenantId, number);
    const at = ctx.clock.now().toISOString();
    const next: StoredTicket = { ...current, sla: { ...current.sla }, updatedAt: at };
    prepare(current, next, at);
    refs ??= await checkAttachments(ctx, repos.tickets, actor, tenantId, input.attachmentIds ?? [], number);
    const entry: StoredEntry = {
      tenantId,
      number: current.number,
      id: `e_${ctx.ids.next()}`,
      kind: input.kind,
      body: input.body,
      author: { id: actor.id, name: actor.name, type: actorRef(actor).type },
      attachmentIds: refs.map((r) => r.id),
      ...(input.cannedResponseId ? { cannedResponseId: input.cannedResponseId } : {}),
      createdAt: at,
    };
    await claimAttachments(repos.tickets, tenantId, current.number, refs, entry.id);
    next.attachments = [...current.attachments.filter((a) => !refs!.some((r) => r.id === a.id)), ...refs.map((r) => ({ ...r, entryId: entry.id }))];
    const changes = diff(current as unknown as Record<string, unknown>, { status: next.status, sla: next.sla });
    const events = [event(ctx, actor, 'ticket.replied', next, { data: { entryId: entry.id, kind: entry.kind, authorType: entry.author.type } })];
    if (next.version !== current.version) events.push(event(ctx, actor, 'ticket.updated', next, { changes }));
    if (changes.status) events.push(event(ctx, actor, 'ticket.status_changed', next, { changes: { status: changes.status } }));
    if (await commit(ctx, repos, current, next, events, { entries: [entry] })) return toEntry(entry);
    await repos.tickets.deleteEntries([entry]);
    await backoff(attempt);
  }
  // Nothing was committed: the files are free to be attached again.
  if (refs?.length) await releaseAttachments(repos.tickets, tenantId, numberOrNotFound(number), refs.map((r) => r.id));
  throw new AppError('conflict', 'The ticket is changing too often; try again');
}

export async function addEntry(ctx: ServiceContext, actor: Actor, tenantId: string, number: string, input: AddEntryInput): Promise<ThreadEntry> {
  return addThreadEntry(ctx, actor, tenantId, number, input, (current, next, at) => {
    if (input.kind === 'reply' && current.status === 'closed') throw new AppError('unprocessable', 'The ticket is closed: reopen it to reply', [{ field: 'kind', code: 'ticket_closed' }]);
    if (input.kind === 'reply' && !current.sla.firstRespondedAt) {
      next.sla.firstRespondedAt = at;
      next.version = current.version + 1;
    }
  });
}

// ——— external surface (the customer portal) ———

async function loadMine(ctx: ServiceContext, actor: Actor, number: string) {
  const repos = ticketRepos(ctx.db);
  const mine = await customerPartner(repos.partners, actor);
  const ticket = await repos.tickets.get(mine.tenantId, numberOrNotFound(number));
  if (!ticket || !(await isPartnersTicket(repos, ticket, mine.bpId))) throw new AppError('not_found', `No ticket ${number}`);
  return { repos, mine, ticket };
}

/** The ticket's requester partner leads, through merges, to the caller's partner. */
async function isPartnersTicket(repos: TicketRepos, ticket: StoredTicket, bpId: string): Promise<boolean> {
  if (ticket.requester.type !== 'bp') return false;
  if (ticket.requester.bpId === bpId) return true;
  const resolved = await resolvePartner(repos.partners, ticket.tenantId, ticket.requester.bpId);
  return resolved.status !== 'missing' && resolved.partner.id === bpId;
}

export async function getMyTicket(ctx: ServiceContext, actor: Actor, number: string): Promise<MyTicket> {
  const { repos, ticket } = await loadMine(ctx, actor, number);
  const detail = await repos.tickets.getDetail(ticket.tenantId, ticket.number);
  if (!detail) throw new AppError('not_found', `No ticket ${number}`);
  return toMyTicket(detail.ticket, detail.entries, await withDownloadUrls(ctx, ticket.tenantId, detail.ticket.attachments));
}

export async function createMyTicket(ctx: ServiceContext, actor: Actor, input: { subject: string; description: string; attachmentIds?: string[] }): Promise<MyTicket> {
  const repos = ticketRepos(ctx.db);
  const mine = await customerPartner(repos.partners, actor);
  const created = await createTicket(ctx, actor, mine.tenantId, {
    subject: input.subject,
    description: input.description,
    source: 'portal',
    requester: { type: 'bp', bpId: mine.bpId, ...(mine.contactId ? { contactId: mine.contactId } : {}) },
    ...(input.attachmentIds ? { attachmentIds: input.attachmentIds } : {}),
  });
  return getMyTicket(ctx, actor, created.number);
}

export async function replyToMyTicket(ctx: ServiceContext, actor: Actor, number: string, input: { body: string; attachmentIds?: string[] }): Promise<ThreadEntry> {
  const { ticket } = await loadMine(ctx, actor, number);
  // Read whatever the status now: an agent may resolve the ticket while this reply is being written.
  const policies = policiesOf(await loadTenantConfig(ctx.db, ticket.tenantId));
  const windowDays = policies.reopenWindowDays;
  return addThreadEntry(ctx, actor, ticket.tenantId, ticket.number, { kind: 'reply', ...input }, (current, next, at) => {
    if (current.status === 'closed') throw new AppError('unprocessable', 'The ticket is closed: reopen it to reply', [{ field: 'status', code: 'ticket_closed' }]);
    if (current.status === 'resolved' && !withinReopenWindow(current.lastClosedAt, ctx.clock.now(), windowDays)) {
      throw new AppError('unprocessable', 'The ticket was resolved too long ago to be reopened; please open a new ticket', [{ field: 'status', code: 'reopen_window_passed' }]);
    }
    if (current.status === 'pending' || current.status === 'resolved') {
      applyStatus(next, 'open', new Date(at), policies);
      next.version = current.version + 1;
    }
  });
}

async function changeMyStatus(ctx: ServiceContext, actor: Actor, number: string, to: 'open' | 'closed'): Promise<MyTicket> {
  const reopening = to === 'open';
  for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
    const { repos, ticket } = await loadMine(ctx, actor, number);
    if ((reopening && (ticket.status === 'open' || ticket.status === 'pending')) || (!reopening && ticket.status === 'closed')) return getMyTicket(ctx, actor, number);
    const policies = policiesOf(await loadTenantConfig(ctx.db, ticket.tenantId));
    if (reopening && !withinReopenWindow(ticket.lastClosedAt, ctx.clock.now(), policies.reopenWindowDays)) {
      throw new AppError('unprocessable', 'The reopen window has passed; please open a new ticket', [{ field: 'status', code: 'reopen_window_passed' }]);
    }
    const now = ctx.clock.now();
    const next: StoredTicket = { ...ticket, sla: { ...ticket.sla }, version: ticket.version + 1, updatedAt: now.toISOString() };
    applyStatus(next, to, now, policies);
    const changes: Changes = { status: { from: ticket.status, to } };
    const entry = systemEntry(ctx, next, `${actor.name} ${reopening ? 'reopened' : 'closed'} the ticket`);
    const events = [event(ctx, actor, 'ticket.updated', next, { changes: withSla(changes, ticket, next) }), event(ctx, actor, 'ticket.status_changed', next, { changes })];
    if (await commit(ctx, repos, ticket, next, events, { entries: [entry] })) return getMyTicket(ctx, actor, number);
    await repos.tickets.deleteEntries([entry]);
    await backoff(attempt);
  }
  throw new AppError('conflict', 'The ticket is changing too often; try again');
}

export const closeMyTicket = (ctx: ServiceContext, actor: Actor, number: string) => changeMyStatus(ctx, actor, number, 'closed');
export const reopenMyTicket = (ctx: ServiceContext, actor: Actor, number: string) => changeMyStatus(ctx, actor, number, 'open');
