// One conversation item per (tenant, phone): the skill waiting for an answer, and the last message
// handled with the answers it produced — so a redelivery of a message whose answers could not all
// be sent sends them again instead of running the conversation (and its ticket create) twice.
import { Entity } from 'electrodb';
import type { WhatsAppMessage } from '../platform/ports.ts';
import { type Db, SERVICE, perDb } from '../platform/db.ts';
import type { ConversationState, WaitingSkill } from './conversation.rules.ts';

const conversationSchema = {
  model: { entity: 'whatsappConversation', version: '1', service: SERVICE },
  attributes: {
    tenantId: { type: 'string', required: true },
    /** E.164. */
    phone: { type: 'string', required: true },
    waitingSkill: { type: 'string' },
    waitingSince: { type: 'string' },
    lastWamid: { type: 'string' },
    lastReplies: { type: 'any' },
    updatedAt: { type: 'string', required: true },
  },
  indexes: {
    byPhone: { pk: { field: 'pk', composite: ['tenantId', 'phone'] }, sk: { field: 'sk', composite: [] } },
  },
} as const;

export type Conversation = ConversationState & {
  /** The last message handled, and the answers it produced (Graph API bodies). */
  last?: { wamid: string; replies: WhatsAppMessage[] };
};

export type ConversationRepo = {
  /** The conversation, or an empty one (nothing waiting) for a phone that never wrote. */
  get(tenantId: string, phone: string): Promise<Conversation>;
  put(tenantId: string, phone: string, conversation: Conversation, now: Date): Promise<void>;
};

export const createConversationRepo = perDb((db: Db): ConversationRepo => {
  const conversations = new Entity(conversationSchema, db);
  return {
    async get(tenantId, phone) {
      const { data } = await conversations.get({ tenantId, phone }).go({ consistent: true });
      if (!data) return {};
      return {
        ...(data.waitingSkill && data.waitingSince ? { waiting: { skill: data.waitingSkill as WaitingSkill, since: data.waitingSince } } : {}),
        ...(data.lastWamid ? { last: { wamid: data.lastWamid, replies: (data.lastReplies ?? []) as WhatsAppMessage[] } } : {}),
      };
    },
    async put(tenantId, phone, conversation, now) {
      await conversations
        .put({
          tenantId,
          phone,
          ...(conversation.waiting ? { waitingSkill: conversation.waiting.skill, waitingSince: conversation.waiting.since } : {}),
          ...(conversation.last ? { lastWamid: conversation.last.wamid, lastReplies: conversation.last.replies } : {}),
          updatedAt: now.toISOString(),
        })
        .go({ response: 'none' });
    },
  };
});
