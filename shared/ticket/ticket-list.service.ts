// Ticket lists: one index per tenant (or partner) in scope, chosen by the most selective filter,
// the other filters applied within one bounded page, pages merged across tenants by an opaque cursor.
import * as z from 'zod';
import type { Actor } from '../identity/actor.ts';
import type { ServiceContext } from '../platform/context.ts';
import { openCursor, sealCursor } from '../platform/cursor.ts';
import { AppError } from '../platform/errors.ts';
import { customerPartner } from '../partner/partner.service.ts';
import type { TenantConfig } from '../tenant/tenant-config.ts';
import { NONE, type StoredTicket, type TicketIndex } from './ticket.repo.ts';
import { formatNumber, matchesWords, parseNumber, subjectWords } from './ticket.rules.ts';
import type { ListTicketsQuery, MyTicketListItem, TicketListItem } from './ticket.schema.ts';
import { ticketRepos } from './ticket.service.ts';

type Pos = { u: string; s: number } | { s: number };
type Row = { pos: Pos; ticket?: StoredTicket };
type Source = { key: string; fetch(before: Pos | undefined, limit: number): Promise<{ rows: Row[]; more: boolean }> };

const posSchema = z.union([z.strictObject({ u: z.string().max(40), s: z.number().int().min(0) }), z.strictObject({ s: z.number().int().min(0) })]);
const cursorSchema = z.strictObject({ m: z.enum(['u', 'w']), p: z.record(z.string().max(200), posSchema.nullable()) });
type Cursor = z.infer<typeof cursorSchema>;

function decodeCursor(raw: string, mode: Cursor['m'], keys: string[]): Cursor {
  const parsed = cursorSchema.safeParse(openCursor(raw));
  if (!parsed.success || parsed.data.m !== mode || Object.keys(parsed.data.p).some((k) => !keys.includes(k))) {
    throw new AppError('validation_failed', 'The cursor is not valid for this list', [{ field: 'query.cursor', code: 'invalid_cursor' }]);
  }
  return parsed.data;
}

/** Newest first: by update time then number, or by number alone (search). */
function compare(a: Pos, b: Pos): number {
  if ('u' in a && 'u' in b && a.u !== b.u) return a.u < b.u ? 1 : -1;
  return b.s - a.s;
}

async function mergePage(sources: Source[], mode: Cursor['m'], limit: number, rawCursor: string | undefined) {
  const cursor = rawCursor ? decodeCursor(rawCursor, mode, sources.map((s) => s.key)) : undefined;
  const active = sources.filter((s) => !cursor || cursor.p[s.key] !== null);
  const pages = await Promise.all(
    active.map(async (source) => {
      const before = cursor?.p[source.key] ?? undefined;
      return { source, before, ...(await source.fetch(before, limit)) };
    }),
  );
  // A source with rows it has not read yet may hold rows newer than another source's: nothing older
  // than the oldest row such a source has read may be given out on this page.
  const limits = pages.filter((p) => p.more && p.rows.length).map((p) => p.rows[p.rows.length - 1]!.pos);
  const safe = (pos: Pos) => limits.every((l) => compare(pos, l) <= 0);
  const accepted = pages.flatMap((p) => p.rows.filter((r) => r.ticket).map((r) => ({ key: p.source.key, row: r })));
  accepted.sort((a, b) => compare(a.row.pos, b.row.pos) || a.key.localeCompare(b.key));
  const taken = accepted.filter((a) => safe(a.row.pos)).slice(0, limit);

  const next: Cursor = { m: mode, p: {} };
  for (const key of sources.map((s) => s.key)) if (cursor && cursor.p[key] === null) next.p[key] = null;
  for (const page of pages) {
    const mine = taken.filter((t) => t.key === page.source.key);
    const left = accepted.filter((a) => a.key === page.source.key).length - mine.length;
    if (left > 0) {
      // Resume after what was given out; a source that gave nothing keeps its old position.
      const resume = mine.length ? mine[mine.length - 1]!.row.pos : page.before;
      if (resume) next.p[page.source.key] = resume;
    } else if (page.more && page.rows.length) next.p[page.source.key] = page.rows[page.rows.length - 1]!.pos;
    else next.p[page.source.key] = null;
  }
  const open = sources.some((s) => next.p[s.key] !== null);
  return { tickets: taken.map((t) => t.row.ticket!), nextCursor: open ? sealCursor(next) : undefined };
}

function filterOf(q: ListTicketsQuery, actor: Actor): (t: StoredTicket) => boolean {
  const assignee = q.assignee === 'me' ? actor.id : q.assignee === 'none' ? NONE : q.assignee;
  const queue = q.queue === 'none' ? NONE : q.queue;
  return (t) =>
    (!q.status || t.status === q.status) &&
    (!q.priority || t.priority === q.priority) &&
    (!q.source || t.source === q.source) &&
    (!q.tag || t.tags.includes(q.tag)) &&
    (!queue || (t.queueId ?? NONE) === queue) &&
    (!assignee || (t.assigneeId ?? NONE) === assignee) &&
    (!q.breached ||
      (q.breached === 'true' ? t.sla.breached !== 'none' : q.breached === 'false' ? t.sla.breached === 'none' : t.sla.breached === q.breached));
}

function indexOf(q: ListTicketsQuery, actor: Actor, tenantId: string): TicketIndex {
  if (q.assignee) return { by: 'assignee', tenantId, assigneeKey: q.assignee === 'me' ? actor.id : q.assignee === 'none' ? NONE : q.assignee };
  if (q.queue) return { by: 'queue', tenantId, queueKey: q.queue === 'none' ? NONE : q.queue };
  if (q.status) return { by: 'status', tenantId, status: q.status };
  return { by: 'tenant', tenantId };
}

const byUpdate = (t: StoredTicket): Pos => ({ u: t.updatedAt, s: t.seq });

/** A ticket as lists show it, with its queue's and assignee's names from the tenant's configuration. */
export function listItem(t: StoredTicket, config: TenantConfig | undefined): TicketListItem {
  const queueName = t.queueId ? config?.queues.find((q) => q.id === t.queueId)?.name : undefined;
  const assigneeName = t.assigneeId ? config?.members.find((m) => m.userId === t.assigneeId)?.name : undefined;
  return {
    tenantId: t.tenantId,
    number: t.number,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    source: t.source,
    fromChat: t.fromChat,
    ...(t.queueId ? { queueId: t.queueId } : {}),
    ...(queueName ? { queueName } : {}),
    ...(t.assigneeId ? { assigneeId: t.assigneeId } : {}),
    ...(assigneeName ? { assigneeName } : {}),
    requesterName: t.requesterName,
    tags: t.tags,
    sla: { ...(t.sla.firstResponseDueAt ? { firstResponseDueAt: t.sla.firstResponseDueAt } : {}), ...(t.sla.dueAt ? { dueAt: t.sla.dueAt } : {}), breached: t.sla.breached },
    updatedAt: t.updatedAt,
  };
}

/** The cross-tenant list of the caller's tenants (SPEC `GET /api/tickets`). */
export async function listTickets(ctx: ServiceContext, actor: Actor, q: ListTicketsQuery): Promise<{ items: TicketListItem[]; nextCursor?: string }> {
  const repos = ticketRepos(ctx.db);
  if (q.tenant && !actor.tenants.includes(q.tenant)) throw new AppError('not_found', 'No such tenant');
  const tenants = q.tenant ? [q.tenant] : [...actor.tenants].sort();
  const accept = filterOf(q, actor);
  let sources: Source[];
  let mode: Cursor['m'] = 'u';

  const seq = q.q ? parseNumber(q.q) : null;
  const words = q.q && seq === null ? subjectWords(q.q) : [];
  if (q.q && seq !== null) {
    // A number: one read per tenant, one page.
    mode = 'w';
    sources = tenants.map((tenantId) => ({
      key: tenantId,
      async fetch(before) {
        if (before) return { rows: [], more: false };
        const t = await repos.tickets.get(tenantId, formatNumber(seq));
        return { rows: t ? [{ pos: { s: t.seq }, ...(accept(t) ? { ticket: t } : {}) }] : [], more: false };
      },
    }));
  } else if (q.q) {
    if (words.length === 0) throw new AppError('validation_failed', 'Search for a number or for words', [{ field: 'query.q', code: 'no_words' }]);
    mode = 'w';
    // The longest word narrows best; the rest are checked on the word items themselves.
    const lead = [...words].sort((a, b) => b.length - a.length)[0]!;
    sources = tenants.map((tenantId) => ({
      key: tenantId,
      async fetch(before, limit) {
        const page = await repos.tickets.wordPage(tenantId, [...lead][0]!, Math.min(limit * 2, 200), before ? before.s : undefined);
        const hits = page.items.filter((w) => matchesWords(w.words, words));
        const found = new Map((await repos.tickets.getMany(tenantId, hits.map((h) => h.number))).map((t) => [t.number, t]));
        return {
          rows: page.items.map((w) => {
            const t = found.get(w.number);
            // The ticket's own subject decides: a word item may lag behind a change in flight.
            return { pos: { s: w.seq }, ...(t && hits.includes(w) && matchesWords(subjectWords(t.subject), words) && accept(t) ? { ticket: t } : {}) };
          }),
          more: page.more,
        };
      },
    }));
  } else {
    sources = tenants.map((tenantId) => ({
      key: tenantId,
      async fetch(before, limit) {
        const page = await repos.tickets.listPage(indexOf(q, actor, tenantId), limit, before && 'u' in before ? { updatedAt: before.u, seq: before.s } : undefined);
        return { rows: page.items.map((t) => ({ pos: byUpdate(t), ...(accept(t) ? { ticket: t } : {}) })), more: page.more };
      },
    }));
  }

  const { tickets, nextCursor } = await mergePage(sources, mode, q.limit, q.cursor);
  const inPage = [...new Set(tickets.map((t) => t.tenantId))];
  const configs = new Map(await Promise.all(inPage.map(async (t) => [t, await repos.config.load(t)] as const)));
  return { items: tickets.map((t) => listItem(t, configs.get(t.tenantId))), ...(nextCursor ? { nextCursor } : {}) };
}

/** The caller's partner's tickets (SPEC `GET /api/my/tickets`). */
export async function listMyTickets(ctx: ServiceContext, actor: Actor, q: { limit: number; cursor?: string }): Promise<{ items: MyTicketListItem[]; nextCursor?: string }> {
  const repos = ticketRepos(ctx.db);
  const mine = await customerPartner(repos.partners, actor);
  // The caller's partner and every partner merged into it (merges re-point to the survivor, so one
  // hop finds them all): their tickets are the caller's too, as the detail route already agrees.
  const partners = [mine.bpId, ...(await repos.partners.listMergedInto(mine.tenantId, mine.bpId)).map((p) => p.id)];
  const sources: Source[] = partners.map((bpId) => ({
    key: bpId,
    async fetch(before, limit) {
      const page = await repos.tickets.listPage({ by: 'partner', tenantId: mine.tenantId, partnerKey: bpId }, limit, before && 'u' in before ? { updatedAt: before.u, seq: before.s } : undefined);
      return { rows: page.items.map((t) => ({ pos: byUpdate(t), ticket: t })), more: page.more };
    },
  }));
  const { tickets, nextCursor } = await mergePage(sources, 'u', q.limit, q.cursor);
  return {
    items: tickets.map((t) => ({ number: t.number, subject: t.subject, status: t.status, priority: t.priority, updatedAt: t.updatedAt })),
    ...(nextCursor ? { nextCursor } : {}),
  };
}
