// What the WhatsApp channel remembers about a conversation's timing: when each phone last wrote
// (WhatsApp's 24-hour window is counted from it) and to which of the tenant's numbers (agent
// replies go out from it), and each contact's latest agent replies sent to
// WhatsApp (two-way chat finds the ticket a customer's free text answers). One item each, so every
// read is one GetItem.
import { Entity } from 'electrodb';
import { type Db, SERVICE, conditionalWrite, perDb } from '../platform/db.ts';

const inboundSchema = {
  model: { entity: 'waInbound', version: '1', service: SERVICE },
  attributes: {
    tenantId: { type: 'string', required: true },
    phone: { type: 'string', required: true },
    lastInboundAt: { type: 'string', required: true },
    /** The tenant's number the phone last wrote to: agent replies go out from it. */
    phoneNumberId: { type: 'string' },
  },
  indexes: {
    byPhone: { pk: { field: 'pk', composite: ['tenantId', 'phone'] }, sk: { field: 'sk', composite: [] } },
  },
} as const;

const repliesSchema = {
  model: { entity: 'waAgentReplies', version: '1', service: SERVICE },
  attributes: {
    tenantId: { type: 'string', required: true },
    contactId: { type: 'string', required: true },
    /** Newest first, one per ticket, at most MAX_REPLIES. */
    replies: { type: 'any', required: true },
    revision: { type: 'number', required: true },
  },
  indexes: {
    byContact: { pk: { field: 'pk', composite: ['tenantId', 'contactId'] }, sk: { field: 'sk', composite: [] } },
  },
} as const;

export type AgentReply = { number: string; at: string };

/** Tickets remembered per contact: the two-way chat only looks at the last 24 hours anyway. */
export const MAX_REPLIES = 10;

const WRITE_ATTEMPTS = 5;

export type LastInbound = { at: string; phoneNumberId?: string };

export type WindowRepo = {
  /**
   * Records an inbound message of `phone` (E.164) sent at `at` to the tenant's `phoneNumberId`; an
   * older time than the one stored is ignored.
   */
  recordInbound(tenantId: string, phone: string, at: string, phoneNumberId?: string): Promise<void>;
  /** When `phone` last wrote, or null. */
  lastInboundAt(tenantId: string, phone: string): Promise<string | null>;
  /** When `phone` last wrote and to which of the tenant's numbers, or null. */
  lastInbound(tenantId: string, phone: string): Promise<LastInbound | null>;
  /** Records an agent reply on ticket `number` sent to the contact's phone at `at`. */
  recordAgentReply(tenantId: string, contactId: string, number: string, at: string): Promise<void>;
  /** The contact's latest agent replies, one per ticket, most recent first (bounded; one GetItem). */
  latestAgentReplies(tenantId: string, contactId: string): Promise<AgentReply[]>;
};

/** The list after a reply: the ticket moves to the front with its newest time, the oldest drop off. */
export function withAgentReply(replies: readonly AgentReply[], reply: AgentReply): AgentReply[] {
  const previous = replies.find((r) => r.number === reply.number);
  const latest = previous && previous.at > reply.at ? previous : reply;
  return [latest, ...replies.filter((r) => r.number !== reply.number)].sort((a, b) => b.at.localeCompare(a.at)).slice(0, MAX_REPLIES);
}

export const createWindowRepo = perDb((db: Db): WindowRepo => {
  const inbound = new Entity(inboundSchema, db);
  const agentReplies = new Entity(repliesSchema, db);

  return {
    async recordInbound(tenantId, phone, at, phoneNumberId) {
      // Messages may be handled out of order: only a time as late moves the window (and the number).
      await conditionalWrite(
        inbound
          .put({ tenantId, phone, lastInboundAt: at, ...(phoneNumberId ? { phoneNumberId } : {}) })
          .where((a, op) => `${op.notExists(a.lastInboundAt)} OR ${op.lte(a.lastInboundAt, at)}`)
          .go({ response: 'none' }),
      );
    },
    async lastInboundAt(tenantId, phone) {
      const { data } = await inbound.get({ tenantId, phone }).go({ consistent: true });
      return data?.lastInboundAt ?? null;
    },
    async lastInbound(tenantId, phone) {
      const { data } = await inbound.get({ tenantId, phone }).go({ consistent: true });
      return data ? { at: data.lastInboundAt, ...(data.phoneNumberId ? { phoneNumberId: data.phoneNumberId } : {}) } : null;
    },
    async recordAgentReply(tenantId, contactId, number, at) {
      // Read, change, write back if nobody wrote meanwhile (replies on two tickets may race).
      for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
        const { data } = await agentReplies.get({ tenantId, contactId }).go({ consistent: true });
        const replies = withAgentReply((data?.replies as AgentReply[] | undefined) ?? [], { number, at });
        const revision = data?.revision ?? 0;
        const written = await conditionalWrite(
          agentReplies
            .put({ tenantId, contactId, replies, revision: revision + 1 })
            .where((a, op) => (revision === 0 ? op.notExists(a.revision) : op.eq(a.revision, revision)))
            .go({ response: 'none' }),
        );
        if (written) return;
      }
      throw new Error(`Agent replies of contact ${contactId} in ${tenantId} kept changing`);
    },
    async latestAgentReplies(tenantId, contactId) {
      const { data } = await agentReplies.get({ tenantId, contactId }).go({ consistent: true });
      return (data?.replies as AgentReply[] | undefined) ?? [];
    },
  };
});
