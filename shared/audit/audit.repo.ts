// The configuration history of a tenant: one record per change, newest first, by kind too.
import { Entity } from 'electrodb';
import { type Db, SERVICE, perDb } from '../platform/db.ts';

const auditSchema = {
  model: { entity: 'audit', version: '1', service: SERVICE },
  attributes: {
    tenantId: { type: 'string', required: true },
    id: { type: 'string', required: true },
    at: { type: 'string', required: true },
    actor: { type: 'any', required: true },
    kind: { type: 'string', required: true },
    objectId: { type: 'string', required: true },
    action: { type: ['create', 'update', 'delete'] as const, required: true },
    before: { type: 'any' },
    after: { type: 'any' },
  },
  indexes: {
    // Its own partition (not the tenant's configuration partition), newest first by time then id.
    byTenant: { pk: { field: 'pk', composite: ['tenantId'], template: 'audit#${tenantId}' }, sk: { field: 'sk', composite: ['at', 'id'] } },
    byKind: { index: 'gsi1', pk: { field: 'gsi1pk', composite: ['tenantId', 'kind'], template: 'audit#${tenantId}#${kind}' }, sk: { field: 'gsi1sk', composite: ['at', 'id'] } },
  },
} as const;

export type AuditRecord = {
  id: string;
  at: string;
  actor: { id: string; name: string };
  kind: string;
  objectId: string;
  action: 'create' | 'update' | 'delete';
  before?: unknown;
  after?: unknown;
};

export type AuditRepo = {
  put(tenantId: string, record: AuditRecord): Promise<void>;
  /** Newest first; `cursor` is the repo's own (opaque) position; null for a cursor of another list. */
  list(tenantId: string, options: { kind?: string; limit: number; cursor?: string }): Promise<{ items: AuditRecord[]; cursor?: string } | null>;
};

export const createAuditRepo = perDb((db: Db): AuditRepo => {
  const audit = new Entity(auditSchema, db);
  return {
    async put(tenantId, record) {
      await audit.put({ tenantId, ...record }).go({ response: 'none' });
    },
    async list(tenantId, { kind, limit, cursor }) {
      const q = kind ? audit.query.byKind({ tenantId, kind }) : audit.query.byTenant({ tenantId });
      if (cursor) {
        // The cursor is the last key read: it must belong to this very list.
        const partition = (q.params() as { ExpressionAttributeValues: Record<string, unknown> }).ExpressionAttributeValues[':pk'];
        try {
          const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
          if ((kind ? key.gsi1pk : key.pk) !== partition) return null;
        } catch {
          return null;
        }
      }
      const { data, cursor: next } = await q.go({ order: 'desc', limit, pages: 1, ...(cursor ? { cursor } : {}) });
      return { items: data.map(({ tenantId: _t, ...r }) => r as AuditRecord), ...(next ? { cursor: next } : {}) };
    },
  };
});
