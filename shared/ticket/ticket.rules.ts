// Pure rules of tickets: numbers, the status machine, search words, what a change means.
import type { Role } from '../identity/permissions.ts';
import type { Requester, Status } from './ticket.schema.ts';

export const formatNumber = (seq: number): string => `SD-${String(seq).padStart(5, '0')}`;

/** `SD-00012`, `sd-12` and `12` all mean ticket 12. */
export function parseNumber(value: string): number | null {
  const m = /^(?:sd-?)?0*(\d{1,9})$/i.exec(value.trim());
  if (!m) return null;
  const seq = Number(m[1]);
  return seq > 0 ? seq : null;
}

/** SPEC §2: open ↔ pending, open/pending → resolved, any → closed, resolved/closed → open. */
export function agentMayMove(from: Status, to: Status): boolean {
  if (from === to) return true;
  if (to === 'closed') return true;
  if (to === 'open') return from === 'pending' || from === 'resolved' || from === 'closed';
  if (to === 'pending') return from === 'open';
  if (to === 'resolved') return from === 'open' || from === 'pending';
  return false;
}

/** Customers reopen within the window counted from the last move to resolved or closed. */
export function withinReopenWindow(lastClosedAt: string | undefined, now: Date, windowDays: number): boolean {
  if (!lastClosedAt) return true;
  return now.getTime() - new Date(lastClosedAt).getTime() <= windowDays * 24 * 3600_000;
}

/** Distinct lower-case words of a subject, in order. */
export function subjectWords(subject: string): string[] {
  const words = subject
    .normalize('NFKD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
  return [...new Set(words)];
}

/** Word items are bucketed by first character: one item per ticket and bucket. */
export const wordBuckets = (words: string[]): string[] => [...new Set(words.map((w) => [...w][0]!))];

/** Every word of the query is a prefix of some word of the subject. */
export const matchesWords = (subjectWordList: string[], queryWords: string[]): boolean =>
  queryWords.every((q) => subjectWordList.some((w) => w.startsWith(q)));

export function requesterName(requester: Requester, partnerName?: string): string {
  if (requester.type === 'manual') return requester.name;
  return requester.name ?? partnerName ?? (requester.type === 'bp' ? requester.bpId : requester.accountId);
}

/**
 * An agent may assign an unassigned ticket to anyone, and move or release their own; moving a ticket
 * assigned to someone else is a supervisor's or admin's act.
 */
export function mayChangeAssignee(actor: { id: string; roles: readonly Role[] }, current: string | undefined): boolean {
  if (actor.roles.includes('service-desk-supervisor') || actor.roles.includes('service-desk-admin')) return true;
  return current === undefined || current === actor.id;
}

export type Changes = Record<string, { from: unknown; to: unknown }>;

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields of `next` whose value differs from `current`. */
export function diff<T extends Record<string, unknown>>(current: T, next: Partial<T>): Changes {
  const changes: Changes = {};
  for (const [field, to] of Object.entries(next)) {
    if (to === undefined) continue;
    const from = current[field];
    if (!same(from, to)) changes[field] = { from: from ?? null, to };
  }
  return changes;
}

function label(v: unknown): string {
  if (v === null || v === undefined || v === '') return 'none';
  if (Array.isArray(v)) return v.join(', ') || 'none';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return String(o.name ?? o.bpId ?? o.accountId ?? JSON.stringify(v));
  }
  return String(v);
}

/** The audit line a change writes into the thread. */
export function describeChanges(changes: Changes, names: Record<string, string> = {}): string {
  return Object.entries(changes)
    .map(([field, { from, to }]) => {
      const show = (v: unknown) => (typeof v === 'string' && names[v]) || label(v);
      return `${field === 'assigneeId' ? 'Assignee' : field === 'queueId' ? 'Queue' : field === 'helpTopicId' ? 'Help topic' : field[0]!.toUpperCase() + field.slice(1)}: ${show(from)} → ${show(to)}`;
    })
    .join('\n');
}
