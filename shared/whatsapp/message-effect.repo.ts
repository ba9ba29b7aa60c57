// What one inbound message's effect did, by (tenant, wamid): written before the effect (the decided
// action and when it was decided) and completed right after it (the ticket created, the reply
// entry written). A redelivered message reads it instead of creating the ticket or posting the
// reply again; when only the first write happened (the function died between the effect and the
// second write), the service looks for what the effect made since `decidedAt`.
// Also where a conversation parks a decided effect it has to forget (conversation.repo.ts keeps the
// latest messages only), so that message's redelivery still finds its decision.
import { Entity } from 'electrodb';
import { type Db, SERVICE, conditionalWrite, perDb } from '../platform/db.ts';
import type { Effect } from './conversation.repo.ts';

const effectSchema = {
  model: { entity: 'waMessageEffect', version: '1', service: SERVICE },
  attributes: {
    tenantId: { type: 'string', required: true },
    wamid: { type: 'string', required: true },
    effect: { type: 'any', required: true },
    decidedAt: { type: 'string', required: true },
    /** The ticket created, or replied on. */
    number: { type: 'string' },
    /** The reply entry written (chat replies). */
    entryId: { type: 'string' },
    /** Epoch seconds: the table's TTL removes the record once Meta no longer redelivers. */
    expiresAt: { type: 'number', required: true },
  },
  indexes: {
    byMessage: { pk: { field: 'pk', composite: ['tenantId', 'wamid'] }, sk: { field: 'sk', composite: [] } },
  },
} as const;

export type EffectResult = { number: string; entryId?: string };

export type EffectRecord = { effect: Effect; decidedAt: string; result?: EffectResult };

export type MessageEffectRepo = {
  /**
   * Records that the message's effect is about to be done: null when this call wrote the record
   * (nothing was attempted before), else the record an earlier attempt (or a parking) left.
   */
  begin(tenantId: string, wamid: string, effect: Effect, decidedAt: string, keepSeconds: number): Promise<EffectRecord | null>;
  /** Records what the effect made. */
  done(tenantId: string, wamid: string, result: EffectResult): Promise<void>;
  get(tenantId: string, wamid: string): Promise<EffectRecord | null>;
};

export const createMessageEffectRepo = perDb((db: Db): MessageEffectRepo => {
  const effects = new Entity(effectSchema, db);
  const get = async (tenantId: string, wamid: string): Promise<EffectRecord | null> => {
    const { data } = await effects.get({ tenantId, wamid }).go({ consistent: true });
    if (!data) return null;
    return { effect: data.effect as Effect, decidedAt: data.decidedAt, ...(data.number ? { result: { number: data.number, ...(data.entryId ? { entryId: data.entryId } : {}) } } : {}) };
  };
  return {
    async begin(tenantId, wamid, effect, decidedAt, keepSeconds) {
      const expiresAt = Math.floor(Date.parse(decidedAt) / 1000) + keepSeconds;
      const written = await conditionalWrite(
        effects
          .put({ tenantId, wamid, effect, decidedAt, expiresAt })
          .where((a, op) => op.notExists(a.decidedAt))
          .go({ response: 'none' }),
      );
      if (written) return null;
      const earlier = await get(tenantId, wamid);
      if (!earlier) throw new Error(`The effect record of ${wamid} vanished while it was read`);
      return earlier;
    },
    async done(tenantId, wamid, result) {
      await effects
        .patch({ tenantId, wamid })
        .set({ number: result.number, ...(result.entryId ? { entryId: result.entryId } : {}) })
        .go({ response: 'none' });
    },
    get,
  };
});
