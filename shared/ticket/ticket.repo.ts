// Tickets, their thread entries, attachments and search words in the one table. Key formats live
// here only; the service sees access patterns by name.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Entity, Service } from 'electrodb';
import { batchWrite, type WriteRequest } from '../platform/batch.ts';
import { type Db, SERVICE, conditionalWrite, isConditionalCheckFailure, perDb } from '../platform/db.ts';
import type { Outbox } from '../platform/outbox.ts';
import { dueAttributes, queryDue } from '../platform/due.ts';
import { nextSlaDue, type SlaClock } from '../sla/sla.rules.ts';
import type { Requester, Sla, Status, ThreadEntry } from './ticket.schema.ts';

const seqKey = { type: 'number', required: true, padding: { length: 10, char: '0' } } as const;

const ticketSchema = {
  model: { entity: 'ticket', version: '1', service: SERVICE },
  attributes: {
    tenantId: { type: 'string', required: true },
    number: { type: 'string', required: true },
    seq: seqKey,
    subject: { type: 'string', required: true },
    description: { type: 'string', required: true },
    status: { type: ['open', 'pending', 'resolved', 'closed'] as const, required: true },
    priority: { type: ['low', 'medium', 'high', 'urgent'] as const, required: true },
    source: { type: ['portal', 'email', 'phone', 'chat', 'api'] as const, required: true },
    fromChat: { type: 'boolean', required: true },
    helpTopicId: { type: 'string' },
    queueId: { type: 'string' },
    assigneeId: { type: 'string' },
    /** Index keys that also serve "no queue" / "unassigned" / "no partner" ('-'). */
    queueKey: { type: 'string', required: true },
    assigneeKey: { type: 'string', required: true },
    partnerKey: { type: 'string', required: true },
    tags: { type: 'list', items: { type: 'string' }, required: true },
    requester: { type: 'any', required: true },
    requesterName: { type: 'string', required: true },
    explicitQueue: { type: 'boolean', required: true },
    explicitAssignee: { type: 'boolean', required: true },
    sla: { type: 'any', required: true },
    breached: { type: 'string', required: true },
    /** The last move to resolved or closed (the customer's reopen window counts from it). */
    lastClosedAt: { type: 'string' },
    attachments: { type: 'any', required: true },
    version: { type: 'number', required: true },
    /** Every write of the item counts up: what a commit's condition checks (a plain reply keeps `version`). */
    revision: { type: 'number', required: true },
    createdAt: { type: 'string', required: true },
    updatedAt: { type: 'string', required: true },
    outbox: { type: 'any' },
    outboxPk: { type: 'string' },
    outboxSk: { type: 'string' },
    /** The SLA clock's pause state and paused time (internal). */
    slaClock: { type: 'any' },
    /** When a resolved ticket closes by itself. */
    autoCloseAt: { type: 'string' },
    /** The version of the last event routing handled (a redelivered event is recognised by it). */
    routedVersion: { type: 'number' },
    /** The sparse due index (derived from the fields above on every write; see dueOf). */
    duePk: { type: 'string' },
    dueSk: { type: 'string' },
  },
  indexes: {
    byNumber: { collection: 'detail', pk: { field: 'pk', composite: ['tenantId', 'number'] }, sk: { field: 'sk', composite: [] } },
    byTenant: { index: 'gsi1', pk: { field: 'gsi1pk', composite: ['tenantId'] }, sk: { field: 'gsi1sk', composite: ['updatedAt', 'seq'] } },
    byQueue: { index: 'gsi2', pk: { field: 'gsi2pk', composite: ['tenantId', 'queueKey'] }, sk: { field: 'gsi2sk', composite: ['updatedAt', 'seq'] } },
    byAssignee: { index: 'gsi3', pk: { field: 'gsi3pk', composite: ['tenantId', 'assigneeKey'] }, sk: { field: 'gsi3sk', composite: ['updatedAt', 'seq'] } },
    byPartner: {
      index: 'gsi4',
      condition: (attr: Record<string, unknown>) => attr.partnerKey !== NONE,
      pk: { field: 'gsi4pk', composite: ['tenantId', 'partnerKey'] },
      sk: { field: 'gsi4sk', composite: ['updatedAt', 'seq'] },
    },
    byStatus: { index: 'gsi5', pk: { field: 'gsi5pk', composite: ['tenantId', 'status'] }, sk: { field: 'gsi5sk', composite: ['updatedAt', 'seq'] } },
  },
} as const;

const entrySchema = {
  model: { entity: 'entry', version: '1', service: SERVICE },
  attributes: {
    tenantId: { type: 'string', required: true },
    number: { type: 'string', required: true },
    id: { type: 'string', required: true },
    kind: { type: ['reply', 'internal_note', 'system'] as const, required: true },
    body: { type: 'string', required: true },
    author: { type: 'any', required: true },
    attachmentIds: { type: 'list', items: { type: 'string' }, required: true },
    cannedResponseId: { type: 'string' },
    delivery: { type: 'any' },
    createdAt: { type: 'string', required: true },
  },
  indexes: {
    byNumber: { collection: 'detail', pk: { field: 'pk', composite: ['tenantId', 'number'] }, sk: { field: 'sk', composite: ['id'] } },
  },
} as const;

const attachmentSchema = {
  model: { entity: 'attachment', version: '1', service: SERVICE },
  attributes: {
    tenantId: { type: 'string', required: true },
    id: { type: 'string', required: true },
    fileName: { type: 'string', required: true },
    contentType: { type: 'string', required: true },
    size: { type: 'number', required: true },
    blobKey: { type: 'string', required: true },
    ownerId: { type: 'string', required: true },
    ticketNumber: { type: 'string' },
    entryId: { type: 'string' },
    createdAt: { type: 'string', required: true },
  },
  indexes: { byId: { pk: { field: 'pk', composite: ['tenantId', 'id'] }, sk: { field: 'sk', composite: [] } } },
} as const;

// One item per ticket and first character of its subject words: the subject-word search.
const wordSchema = {
  model: { entity: 'word', version: '1', service: SERVICE },
  attributes: {
    tenantId: { type: 'string', required: true },
    bucket: { type: 'string', required: true },
    seq: seqKey,
    number: { type: 'string', required: true },
    words: { type: 'list', items: { type: 'string' }, required: true },
  },
  indexes: { byBucket: { pk: { field: 'pk', composite: ['tenantId', 'bucket'] }, sk: { field: 'sk', composite: ['seq'] } } },
} as const;

export const NONE = '-';

export type AttachmentRef = { id: string; fileName: string; contentType: string; size: number; entryId?: string; uploadedAt?: string };

export type StoredTicket = {
  tenantId: string;
  number: string;
  seq: number;
  subject: string;
  description: string;
  status: Status;
  priority: 'low' | 'medium' | 'high' | 'urgent';
  source: 'portal' | 'email' | 'phone' | 'chat' | 'api';
  fromChat: boolean;
  helpTopicId?: string;
  queueId?: string;
  assigneeId?: string;
  tags: string[];
  requester: Requester;
  requesterName: string;
  explicitQueue: boolean;
  explicitAssignee: boolean;
  sla: Sla;
  lastClosedAt?: string;
  attachments: AttachmentRef[];
  version: number;
  revision: number;
  createdAt: string;
  updatedAt: string;
  outbox?: Outbox;
  outboxPk?: string;
  outboxSk?: string;
  slaClock?: SlaClock;
  autoCloseAt?: string;
  routedVersion?: number;
};

export type StoredEntry = ThreadEntry & { tenantId: string; number: string };

export type StoredAttachment = {
  tenantId: string;
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  blobKey: string;
  ownerId: string;
  ticketNumber?: string;
  entryId?: string;
  createdAt: string;
};

export type WordItem = { tenantId: string; bucket: string; seq: number; number: string; words: string[] };

/** A position in a list ordered by update time, newest first. */
export type ListPosition = { updatedAt: string; seq: number };

export type TicketIndex =
  | { by: 'tenant'; tenantId: string }
  | { by: 'queue'; tenantId: string; queueKey: string }
  | { by: 'assignee'; tenantId: string; assigneeKey: string }
  | { by: 'status'; tenantId: string; status: Status }
  | { by: 'partner'; tenantId: string; partnerKey: string };

export type TicketRepo = {
  get(tenantId: string, number: string): Promise<StoredTicket | null>;
  /** Several tickets in one batch read; missing ones are left out. */
  getMany(tenantId: string, numbers: string[]): Promise<StoredTicket[]>;
  /** The ticket item's table key (for the outbox). */
  keyOf(tenantId: string, number: string): { pk: string; sk: string };
  /** The ticket and its entries (oldest first) in one query of its partition. */
  getDetail(tenantId: string, number: string): Promise<{ ticket: StoredTicket; entries: StoredEntry[] } | null>;
  /**
   * Writes side items (entries, new word items) and then the ticket: the commit; word items to
   * remove go after it. `expectedRevision` null means a new ticket. Answers false when the ticket
   * was written meanwhile (or exists, for a create).
   */
  commit(ticket: StoredTicket, expectedRevision: number | null, side?: { entries?: StoredEntry[]; words?: { put: WordItem[]; remove: WordItem[] } }): Promise<boolean>;
  deleteEntries(entries: StoredEntry[]): Promise<void>;
  /** Newest update first, strictly before `before`; at most `limit` items evaluated. */
  listPage(index: TicketIndex, limit: number, before?: ListPosition): Promise<{ items: StoredTicket[]; more: boolean }>;
  /**
   * Whether the queue holds a ticket that is not closed: 'unknown' when the queue holds more tickets
   * than one bounded read examines (see QUEUE_CHECK in the implementation).
   */
  queueHoldsOpenTicket(tenantId: string, queueId: string): Promise<'yes' | 'no' | 'unknown'>;
  /** Word items of one bucket, newest number first, strictly below `beforeSeq`. */
  wordPage(tenantId: string, bucket: string, limit: number, beforeSeq?: number): Promise<{ items: WordItem[]; more: boolean }>;
  createAttachment(attachment: StoredAttachment): Promise<void>;
  getAttachment(tenantId: string, id: string): Promise<StoredAttachment | null>;
  /** Claims an attachment for a ticket entry; false when another ticket has it. */
  claimAttachment(tenantId: string, id: string, number: string, entryId: string | undefined): Promise<boolean>;
  releaseAttachment(tenantId: string, id: string, number: string): Promise<void>;
  /**
   * Tickets with something of `kind` due at or before `now` in one shard of the due index, oldest
   * due first: the sweep's only read. `start` continues a page.
   */
  listDue(kind: DueKind, shard: number, now: Date, limit: number, start?: Record<string, unknown>): Promise<{ items: StoredTicket[]; next?: Record<string, unknown> }>;
  /** Every ticket of every tenant, a page at a time: for backfills only, never on a request path. */
  scanPage(limit: number, cursor?: string): Promise<{ items: StoredTicket[]; cursor?: string }>;
  /** One thread entry (one GetItem), or null. */
  getEntry(tenantId: string, number: string, entryId: string): Promise<StoredEntry | null>;
  /**
   * Sets an existing entry's delivery state if its current one is among `replaces` (null: none
   * yet); false when it is not, or the entry does not exist (never creates one).
   */
  setEntryDelivery(tenantId: string, number: string, entryId: string, delivery: NonNullable<ThreadEntry['delivery']>, replaces: (NonNullable<ThreadEntry['delivery']>['status'] | null)[]): Promise<boolean>;
};

export type DueKind = 'sla' | 'close';

/**
 * What the ticket has due next, kept in the sparse due index: an open (or unpaused pending) ticket's
 * earliest unmet SLA target, a resolved ticket's auto-close time; nothing for a closed one.
 */
export function dueOf(t: Pick<StoredTicket, 'status' | 'sla' | 'slaClock' | 'autoCloseAt'>): { kind: DueKind; at: string } | undefined {
  if (t.status === 'closed') return undefined;
  if (t.status === 'resolved') return t.autoCloseAt ? { kind: 'close', at: t.autoCloseAt } : undefined;
  const at = nextSlaDue(t.sla, t.slaClock ?? { pausedMinutes: 0 });
  return at ? { kind: 'sla', at } : undefined;
}

/**
 * The bound of "does this queue still hold a ticket that is not closed?" (a queue delete). It queries
 * the queue's own partition of the queue index (gsi2: tenant+queue), never the table or the tenant,
 * filtered on `status <> closed`, and stops at the first page that returns a match. DynamoDB counts
 * `Limit` before the filter, so at most PAGES × LIMIT tickets (and PAGES × 1 MB) are read: 10 000
 * tickets, ~1 300 read units at worst — and a queue whose newest tickets are open answers after one
 * page. A queue holding more closed tickets than that is answered 'unknown' rather than read to the end.
 */
const QUEUE_CHECK = { limit: 1000, pages: 10 } as const;

export const createTicketRepo = perDb((db: Db): TicketRepo => {
  const tickets = new Entity(ticketSchema, db);
  const entries = new Entity(entrySchema, db);
  const attachments = new Entity(attachmentSchema, db);
  const words = new Entity(wordSchema, db);
  const service = new Service({ ticket: tickets, entry: entries }, db);

  const toTicket = (item: Record<string, unknown>): StoredTicket => {
    const { queueKey: _q, assigneeKey: _a, partnerKey: _p, breached: _b, duePk: _dp, dueSk: _ds, ...rest } = item;
    return { revision: 0, ...rest } as unknown as StoredTicket;
  };
  const toStoredItem = (t: StoredTicket) => {
    const { duePk: _dp, dueSk: _ds, ...ticket } = t as StoredTicket & { duePk?: string; dueSk?: string };
    const due = dueOf(t);
    return {
      ...ticket,
      queueKey: t.queueId ?? NONE,
      assigneeKey: t.assigneeId ?? NONE,
      partnerKey: t.requester.type === 'bp' ? t.requester.bpId : NONE,
      breached: t.sla.breached,
      ...(due ? dueAttributes(due.kind, `${t.tenantId}#${t.number}`, due.at) : {}),
    };
  };

  return {
    async get(tenantId, number) {
      const { data } = await tickets.get({ tenantId, number }).go();
      return data ? toTicket(data) : null;
    },
    async getMany(tenantId, numbers) {
      if (numbers.length === 0) return [];
      const { data } = await tickets.get(numbers.map((number) => ({ tenantId, number }))).go();
      return data.map((d) => toTicket(d as Record<string, unknown>));
    },
    keyOf(tenantId, number) {
      return tickets.get({ tenantId, number }).params().Key as { pk: string; sk: string };
    },
    async getDetail(tenantId, number) {
      const { data } = await service.collections.detail({ tenantId, number }).go({ pages: 'all' });
      const ticket = data.ticket[0];
      if (!ticket) return null;
      const thread = [...data.entry].sort((a, b) => a.id.localeCompare(b.id)) as unknown as StoredEntry[];
      return { ticket: toTicket(ticket), entries: thread };
    },
    async commit(ticket, expectedRevision, side) {
      const requests: WriteRequest[] = [
        ...(side?.entries ?? []).map((e) => ({ PutRequest: { Item: entries.put(e).params().Item as Record<string, unknown> } })),
        ...(side?.words?.put ?? []).map((w) => ({ PutRequest: { Item: words.put(w).params().Item as Record<string, unknown> } })),
      ];
      if (requests.length) await batchWrite(db, requests);
      const item = toStoredItem(ticket);
      const committed =
        expectedRevision === null
          ? await conditionalWrite(tickets.create(item).go({ response: 'none' }))
          : await conditionalWrite(
              tickets
                .put(item)
                // An item written before revisions existed counts as revision 0.
                .where((a, op) => (expectedRevision === 0 ? `${op.notExists(a.revision)} OR ${op.eq(a.revision, 0)}` : op.eq(a.revision, expectedRevision)))
                .go({ response: 'none' }),
            );
      // Word items a subject no longer has go only once the change is committed: a change that
      // loses its race must not take the ticket out of searches for its real subject.
      const remove = side?.words?.remove ?? [];
      if (committed && remove.length) await batchWrite(db, remove.map((w) => ({ DeleteRequest: { Key: words.delete(w).params().Key as Record<string, unknown> } })));
      return committed;
    },
    async deleteEntries(list) {
      if (list.length) await batchWrite(db, list.map((e) => ({ DeleteRequest: { Key: entries.delete(e).params().Key as Record<string, unknown> } })));
    },
    async listPage(index, limit, before) {
      const options = { order: 'desc', limit, pages: 1 } as const;
      const q = (() => {
        switch (index.by) {
          case 'tenant':
            return tickets.query.byTenant({ tenantId: index.tenantId });
          case 'queue':
            return tickets.query.byQueue({ tenantId: index.tenantId, queueKey: index.queueKey });
          case 'assignee':
            return tickets.query.byAssignee({ tenantId: index.tenantId, assigneeKey: index.assigneeKey });
          case 'status':
            return tickets.query.byStatus({ tenantId: index.tenantId, status: index.status });
          case 'partner':
            return tickets.query.byPartner({ tenantId: index.tenantId, partnerKey: index.partnerKey });
        }
      })();
      const { data, cursor } = await (before ? q.lt(before) : q).go(options);
      return { items: data.map((d) => toTicket(d as Record<string, unknown>)), more: cursor !== null };
    },
    async queueHoldsOpenTicket(tenantId, queueId) {
      let cursor: string | null = null;
      for (let page = 0; page < QUEUE_CHECK.pages; page++) {
        const res: { data: unknown[]; cursor: string | null } = await tickets.query
          .byQueue({ tenantId, queueKey: queueId })
          .where((a, op) => op.ne(a.status, 'closed'))
          .go({ order: 'desc', limit: QUEUE_CHECK.limit, pages: 1, attributes: ['number', 'status'], ...(cursor ? { cursor } : {}) });
        if (res.data.length > 0) return 'yes';
        if (!res.cursor) return 'no';
        cursor = res.cursor;
      }
      return 'unknown';
    },
    async wordPage(tenantId, bucket, limit, beforeSeq) {
      const q = words.query.byBucket({ tenantId, bucket });
      const { data, cursor } = await (beforeSeq !== undefined ? q.lt({ seq: beforeSeq }) : q).go({ order: 'desc', limit, pages: 1 });
      return { items: data as WordItem[], more: cursor !== null };
    },
    async createAttachment(attachment) {
      await attachments.create(attachment).go({ response: 'none' });
    },
    async getAttachment(tenantId, id) {
      const { data } = await attachments.get({ tenantId, id }).go();
      return (data as StoredAttachment | null) ?? null;
    },
    claimAttachment: (tenantId, id, number, entryId) =>
      conditionalWrite(
        attachments
          .patch({ tenantId, id })
          .set({ ticketNumber: number, ...(entryId ? { entryId } : {}) })
          .where((a, op) => `${op.notExists(a.ticketNumber)} OR ${op.eq(a.ticketNumber, number)}`)
          .go({ response: 'none' }),
      ),
    async releaseAttachment(tenantId, id, number) {
      await attachments
        .patch({ tenantId, id })
        .remove(['ticketNumber', 'entryId'])
        .where((a, op) => op.eq(a.ticketNumber, number))
        .go({ response: 'none' })
        .catch((err: unknown) => {
          if (!isConditionalCheckFailure(err)) throw err;
        });
    },
    async listDue(kind, shard, now, limit, start) {
      const res = await queryDue(db, kind, shard, now, limit, start);
      const { data } = tickets.parse({ Items: res.items }, { ignoreOwnership: false });
      return { items: (data as unknown as Record<string, unknown>[]).map(toTicket), ...(res.next ? { next: res.next } : {}) };
    },
    async scanPage(limit, cursor) {
      const res = await tickets.scan.go({ limit, pages: 1, ...(cursor ? { cursor } : {}) });
      return { items: res.data.map((d) => toTicket(d as Record<string, unknown>)), ...(res.cursor ? { cursor: res.cursor } : {}) };
    },
    async getEntry(tenantId, number, entryId) {
      const { data } = await entries.get({ tenantId, number, id: entryId }).go({ consistent: true });
      return (data as StoredEntry | null) ?? null;
    },
    setEntryDelivery(tenantId, number, entryId, delivery, replaces) {
      // A nested condition on the current status (ElectroDB's `where` names top-level attributes
      // only); attribute_exists on the key keeps the update from creating an entry.
      const statuses = replaces.filter((r) => r !== null);
      const current = [
        ...(replaces.includes(null) ? ['attribute_not_exists(#delivery)'] : []),
        ...(statuses.length ? [`#delivery.#status IN (${statuses.map((_s, i) => `:s${i}`).join(', ')})`] : []),
      ];
      if (current.length === 0) return Promise.resolve(false);
      return conditionalWrite(
        db.client.send(
          new UpdateCommand({
            TableName: db.table,
            Key: entries.get({ tenantId, number, id: entryId }).params().Key as Record<string, unknown>,
            UpdateExpression: 'SET #delivery = :delivery',
            ConditionExpression: `attribute_exists(#pk) AND (${current.join(' OR ')})`,
            ExpressionAttributeNames: { '#pk': 'pk', '#delivery': 'delivery', ...(statuses.length ? { '#status': 'status' } : {}) },
            ExpressionAttributeValues: { ':delivery': delivery, ...Object.fromEntries(statuses.map((st, i) => [`:s${i}`, st])) },
          }),
        ),
      );
    },
  };
});
