// Every configuration change leaves a record: who, when, what (kind and id), before and after.
import type { Actor } from '../identity/actor.ts';
import type { ServiceContext } from '../platform/context.ts';
import { openCursor, sealCursor } from '../platform/cursor.ts';
import { AppError } from '../platform/errors.ts';
import { bumpConfigStamp } from '../tenant/config-cache.ts';
import { type AuditRecord, createAuditRepo } from './audit.repo.ts';

export type AuditKind = 'queue' | 'help-topic' | 'canned-response' | 'routing-rule' | 'routing-order' | 'settings' | 'business-partner' | 'contact';

export async function recordAudit(
  ctx: Pick<ServiceContext, 'db' | 'clock' | 'ids'>,
  actor: Pick<Actor, 'id' | 'name'>,
  tenantId: string,
  change: { kind: AuditKind; objectId: string; action: AuditRecord['action']; before?: unknown; after?: unknown },
): Promise<void> {
  await createAuditRepo(ctx.db).put(tenantId, {
    id: ctx.ids.next(),
    at: ctx.clock.now().toISOString(),
    actor: { id: actor.id, name: actor.name },
    kind: change.kind,
    objectId: change.objectId,
    action: change.action,
    ...(change.before !== undefined ? { before: change.before } : {}),
    ...(change.after !== undefined ? { after: change.after } : {}),
  });
  // Every configuration change is audited: the audit is where cached configurations learn of it.
  await bumpConfigStamp(ctx.db, tenantId);
}

export async function listAudit(ctx: Pick<ServiceContext, 'db'>, tenantId: string, q: { kind?: string; limit: number; cursor?: string }) {
  const invalid = () => new AppError('validation_failed', 'The cursor is not valid for this list', [{ field: 'query.cursor', code: 'invalid_cursor' }]);
  const opened = q.cursor === undefined ? undefined : (openCursor(q.cursor) as { k?: unknown } | undefined);
  if (q.cursor !== undefined && typeof opened?.k !== 'string') throw invalid();
  const page = await createAuditRepo(ctx.db).list(tenantId, { ...(q.kind ? { kind: q.kind } : {}), limit: q.limit, ...(opened ? { cursor: opened.k as string } : {}) });
  if (!page) throw invalid();
  return { items: page.items, ...(page.cursor ? { nextCursor: sealCursor({ k: page.cursor }) } : {}) };
}
