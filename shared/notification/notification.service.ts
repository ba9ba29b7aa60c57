// Lead notifications (SPEC §3 Routing rules `escalate`, the SLA sweep): one per lead of the escalated
// ticket's queue, listed and marked read by their recipient only.
import * as z from 'zod';
import type { Actor } from '../identity/actor.ts';
import type { ServiceContext } from '../platform/context.ts';
import { openCursor, sealCursor } from '../platform/cursor.ts';
import { AppError } from '../platform/errors.ts';
import { type EventEnvelope, eventDataSchemas } from '../system/events.ts';
import { loadTenantConfig } from '../tenant/config-cache.ts';
import { createNotificationRepo } from './notification.repo.ts';
import type { NotificationPage } from './notification.schema.ts';
import { escalationMessage, escalationReason, notificationId } from './notification.rules.ts';

/** The part of the envelope's ticket (after the escalation) a notification needs. */
const escalatedTicketSchema = z.object({
  number: z.string().min(1),
  subject: z.string(),
  priority: z.string(),
  queueId: z.string().optional(),
  sla: z.object({ breached: z.enum(['none', 'first_response', 'resolution']) }),
});

/** Handles `ticket.escalated`: idempotent, a redelivered event creates nothing more. Answers how many it created. */
export async function notifyLeads(ctx: Pick<ServiceContext, 'db' | 'logger'>, envelope: EventEnvelope): Promise<{ created: number }> {
  const data = eventDataSchemas['ticket.escalated'].parse(envelope.data);
  const ticket = escalatedTicketSchema.parse(envelope.ticket);
  if (!ticket.queueId) return { created: 0 };
  const config = await loadTenantConfig(ctx.db, envelope.tenantId);
  const queue = config.queues.find((q) => q.id === ticket.queueId);
  if (!queue) {
    ctx.logger.warn('Escalated ticket’s queue no longer exists: no lead notified', { eventId: envelope.eventId, tenantId: envelope.tenantId, number: ticket.number, queueId: ticket.queueId });
    return { created: 0 };
  }
  const leads = queue.members.filter((m) => m.role === 'lead');
  if (leads.length === 0) return { created: 0 };

  const reason = escalationReason(data, ticket.sla.breached);
  const ruleName = data.ruleId ? (config.routingRules.find((r) => r.id === data.ruleId)?.name ?? data.ruleId) : undefined;
  const message = escalationMessage(ticket, reason, ruleName);
  // The event's time, not the handler's: a redelivery must derive the same id.
  const at = new Date(envelope.occurredAt);
  if (Number.isNaN(at.getTime())) throw new Error(`ticket.escalated ${envelope.eventId} has no valid occurredAt`);
  const repo = createNotificationRepo(ctx.db);
  const created = await Promise.all(
    leads.map((lead) =>
      repo.create(lead.userId, {
        id: notificationId(envelope.eventId, lead.userId, at),
        tenantId: envelope.tenantId,
        number: ticket.number,
        kind: 'escalation',
        reason,
        ...(reason === 'rule' && data.ruleId ? { ruleId: data.ruleId } : {}),
        message,
        createdAt: at.toISOString(),
      }),
    ),
  );
  return { created: created.filter(Boolean).length };
}

const invalidCursor = () => new AppError('validation_failed', 'The cursor is not valid for this list', [{ field: 'query.cursor', code: 'invalid_cursor' }]);

/** The caller's notifications of the tenants they still belong to, newest first, with their unread count. */
export async function listNotifications(
  ctx: Pick<ServiceContext, 'db'>,
  actor: Pick<Actor, 'id' | 'tenants'>,
  q: { limit: number; cursor?: string },
): Promise<NotificationPage> {
  const opened = q.cursor === undefined ? undefined : (openCursor(q.cursor) as { k?: unknown } | undefined);
  if (q.cursor !== undefined && typeof opened?.k !== 'string') throw invalidCursor();
  const repo = createNotificationRepo(ctx.db);
  const [page, unreadCount] = await Promise.all([
    repo.list(actor.id, { limit: q.limit, ...(opened ? { cursor: opened.k as string } : {}) }),
    repo.unreadCount(actor.id, actor.tenants),
  ]);
  if (!page) throw invalidCursor();
  // A page may hold fewer than `limit` items (those of tenants the caller left) and still have a cursor.
  const items = page.items.filter((n) => actor.tenants.includes(n.tenantId));
  return { items, ...(page.cursor ? { nextCursor: sealCursor({ k: page.cursor }) } : {}), unreadCount };
}

/** Marks one of the caller's notifications read; repeating it is harmless. Anyone else's: not found. */
export async function readNotification(ctx: Pick<ServiceContext, 'db' | 'clock'>, actor: Pick<Actor, 'id' | 'tenants'>, id: string): Promise<void> {
  const repo = createNotificationRepo(ctx.db);
  const notification = await repo.get(actor.id, id);
  if (!notification || !actor.tenants.includes(notification.tenantId)) throw new AppError('not_found', 'No such notification');
  if (notification.readAt) return;
  await repo.markRead(actor.id, notification, ctx.clock.now().toISOString());
}
