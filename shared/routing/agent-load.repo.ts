// Each agent's count of open and pending tickets in a tenant: one item per (tenant, user), read in
// one batch for a queue's members, changed with atomic updates — never counted over the tickets.
import { Entity } from 'electrodb';
import { type Db, SERVICE, conditionalWrite, perDb } from '../platform/db.ts';

const loadSchema = {
  model: { entity: 'agentLoad', version: '1', service: SERVICE },
  attributes: {
    tenantId: { type: 'string', required: true },
    userId: { type: 'string', required: true },
    open: { type: 'number', required: true, default: 0 },
  },
  indexes: {
    byUser: { pk: { field: 'pk', composite: ['tenantId', 'userId'] }, sk: { field: 'sk', composite: [] } },
  },
} as const;

export type AgentLoadRepo = {
  /** Loads of the given users (missing = 0), one batch read. */
  loads(tenantId: string, userIds: readonly string[]): Promise<Record<string, number>>;
  /** Adds `delta` unconditionally (event-driven bookkeeping). */
  add(tenantId: string, userId: string, delta: number): Promise<void>;
  /** Takes one more ticket for the user if the load is still `seen`: false when someone else changed it first. */
  reserve(tenantId: string, userId: string, seen: number): Promise<boolean>;
  /** Sets the load (the backfill's recount). */
  set(tenantId: string, userId: string, open: number): Promise<void>;
};

export const createAgentLoadRepo = perDb((db: Db): AgentLoadRepo => {
  const loads = new Entity(loadSchema, db);
  return {
    async loads(tenantId, userIds) {
      const out: Record<string, number> = {};
      for (const id of userIds) out[id] = 0;
      if (userIds.length === 0) return out;
      const { data } = await loads.get(userIds.map((userId) => ({ tenantId, userId }))).go();
      for (const item of data) out[item.userId] = Math.max(0, item.open);
      return out;
    },
    async add(tenantId, userId, delta) {
      await loads.update({ tenantId, userId }).add({ open: delta }).go({ response: 'none' });
    },
    reserve: (tenantId, userId, seen) =>
      conditionalWrite(
        loads
          .update({ tenantId, userId })
          .add({ open: 1 })
          .where((a, op) => (seen === 0 ? `${op.notExists(a.open)} OR ${op.lte(a.open, 0)}` : op.eq(a.open, seen)))
          .go({ response: 'none' }),
      ),
    async set(tenantId, userId, open) {
      await loads.put({ tenantId, userId, open }).go({ response: 'none' });
    },
  };
});
