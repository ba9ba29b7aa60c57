// One conversation item per (tenant, phone): the skill waiting for an answer, and the latest messages
// handled — each with the effect decided for it (a ticket create, a chat reply) until that is known
// done, then with the answers it produced. A redelivered message finds itself here: it sends its
// answers again, or finishes its effect once, instead of running the conversation twice.
// Every write is conditional on the item's revision (read → decide → write): two deliveries of
// one sender's messages racing in different functions cannot both move the conversation.
import { Entity } from 'electrodb';
import type { WhatsAppMessage } from '../platform/ports.ts';
import { type Db, SERVICE, conditionalWrite, perDb } from '../platform/db.ts';
import type { Action, ConversationState, WaitingSkill } from './conversation.rules.ts';

const conversationSchema = {
  model: { entity: 'whatsappConversation', version: '1', service: SERVICE },
  attributes: {
    tenantId: { type: 'string', required: true },
    /** E.164. */
    phone: { type: 'string', required: true },
    waitingSkill: { type: 'string' },
    waitingSince: { type: 'string' },
    /** Items written before `recent`: the last message handled and its answers (read only). */
    lastWamid: { type: 'string' },
    lastReplies: { type: 'any' },
    /** The latest messages handled, newest first (HandledMessage[], at most RECENT_MESSAGES). */
    recent: { type: 'any' },
    /** Counts the item's writes; absent on items never written with it (= 0). */
    revision: { type: 'number' },
    updatedAt: { type: 'string', required: true },
  },
  indexes: {
    byPhone: { pk: { field: 'pk', composite: ['tenantId', 'phone'] }, sk: { field: 'sk', composite: [] } },
  },
} as const;

/** An action with an effect beyond the conversation: decided (and saved) first, then done once. */
export type Effect = Extract<Action, { type: 'create_ticket' | 'chat_reply' }>;

export type HandledMessage = {
  wamid: string;
  /** When its action was decided: nothing its effect made can be older. */
  at: string;
  /** The effect decided for it, while not known done. */
  effect?: Effect;
  /** Its answers (Graph API bodies), once known. */
  replies?: WhatsAppMessage[];
};

/** How many handled messages a conversation remembers (a redelivery normally comes within minutes). */
export const RECENT_MESSAGES = 10;

export type Conversation = ConversationState & {
  recent: HandledMessage[];
  /** The revision read: the next write expects it. 0 for a phone that never wrote. */
  revision: number;
};

export type ConversationRepo = {
  /** The conversation, or an empty one (nothing waiting, nothing handled) for a phone that never wrote. */
  get(tenantId: string, phone: string): Promise<Conversation>;
  /**
   * Writes the conversation (the whole item) if it is still at `expectedRevision`; answers false when
   * another write came first. `recent` is cut to RECENT_MESSAGES.
   */
  put(tenantId: string, phone: string, conversation: ConversationState & { recent: HandledMessage[] }, expectedRevision: number, now: Date): Promise<boolean>;
};

export const createConversationRepo = perDb((db: Db): ConversationRepo => {
  const conversations = new Entity(conversationSchema, db);
  return {
    async get(tenantId, phone) {
      const { data } = await conversations.get({ tenantId, phone }).go({ consistent: true });
      if (!data) return { recent: [], revision: 0 };
      const recent = (data.recent as HandledMessage[] | undefined) ?? (data.lastWamid ? [{ wamid: data.lastWamid, at: data.updatedAt, replies: (data.lastReplies ?? []) as WhatsAppMessage[] }] : []);
      return {
        ...(data.waitingSkill && data.waitingSince ? { waiting: { skill: data.waitingSkill as WaitingSkill, since: data.waitingSince } } : {}),
        recent,
        revision: data.revision ?? 0,
      };
    },
    async put(tenantId, phone, conversation, expectedRevision, now) {
      return conditionalWrite(
        conversations
          .put({
            tenantId,
            phone,
            ...(conversation.waiting ? { waitingSkill: conversation.waiting.skill, waitingSince: conversation.waiting.since } : {}),
            recent: conversation.recent.slice(0, RECENT_MESSAGES),
            revision: expectedRevision + 1,
            updatedAt: now.toISOString(),
          })
          .where((a, op) => (expectedRevision === 0 ? op.notExists(a.revision) : op.eq(a.revision, expectedRevision)))
          .go({ response: 'none' }),
      );
    },
  };
});
