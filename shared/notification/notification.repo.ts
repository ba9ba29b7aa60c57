// A user's notifications, in the user's own partition, newest first; beside them one unread counter
// per tenant, so the unread count is read with one small batch get, never counted.
import { Entity } from 'electrodb';
import { type Db, SERVICE, conditionalWrite, perDb } from '../platform/db.ts';
import { type Notification, notificationReasons } from './notification.schema.ts';

const notificationSchema = {
  model: { entity: 'notification', version: '1', service: SERVICE },
  attributes: {
    userId: { type: 'string', required: true },
    id: { type: 'string', required: true },
    tenantId: { type: 'string', required: true },
    number: { type: 'string', required: true },
    kind: { type: ['escalation'] as const, required: true },
    reason: { type: notificationReasons, required: true },
    ruleId: { type: 'string' },
    message: { type: 'string', required: true },
    createdAt: { type: 'string', required: true },
    readAt: { type: 'string' },
  },
  indexes: {
    // The id begins with its creation time (a ULID), so the sort key orders by createdAt, then id.
    byUser: {
      pk: { field: 'pk', composite: ['userId'], template: 'notifications#${userId}', casing: 'none' },
      sk: { field: 'sk', composite: ['id'], template: 'n#${id}', casing: 'none' },
    },
  },
} as const;

// Per tenant, so a user who leaves a tenant stops counting its notifications, as the list stops showing them.
const unreadSchema = {
  model: { entity: 'notificationUnread', version: '1', service: SERVICE },
  attributes: {
    userId: { type: 'string', required: true },
    tenantId: { type: 'string', required: true },
    unread: { type: 'number', required: true, default: 0 },
  },
  indexes: {
    byUser: {
      pk: { field: 'pk', composite: ['userId'], template: 'notifications#${userId}', casing: 'none' },
      sk: { field: 'sk', composite: ['tenantId'], template: 'unread#${tenantId}', casing: 'none' },
    },
  },
} as const;

export type NotificationRepo = {
  /** Creates it unless its id exists; true when this call created it (and so counted it unread). */
  create(userId: string, notification: Notification): Promise<boolean>;
  get(userId: string, id: string): Promise<Notification | null>;
  /** Sets `readAt` unless already set; true when this call flipped it (and so uncounted it). */
  markRead(userId: string, notification: Pick<Notification, 'id' | 'tenantId'>, at: string): Promise<boolean>;
  /** Newest first; `cursor` is the repo's own (opaque) position; null for a cursor of another list. */
  list(userId: string, options: { limit: number; cursor?: string }): Promise<{ items: Notification[]; cursor?: string } | null>;
  /** Unread notifications of these tenants, from their counters. */
  unreadCount(userId: string, tenantIds: readonly string[]): Promise<number>;
};

const toNotification = ({ userId: _u, ...n }: Notification & { userId: string }): Notification => n;

export const createNotificationRepo = perDb((db: Db): NotificationRepo => {
  const notifications = new Entity(notificationSchema, db);
  const counters = new Entity(unreadSchema, db);
  // Two writes without a transaction: the counter is moved only by the call whose condition held, so a
  // repeat never counts twice; a crash between the two leaves it off by one (clamped at zero on reads).
  const bump = (userId: string, tenantId: string, by: 1 | -1) =>
    by > 0
      ? counters.update({ userId, tenantId }).add({ unread: 1 }).go({ response: 'none' })
      : conditionalWrite(counters.update({ userId, tenantId }).add({ unread: -1 }).where((a, op) => op.gt(a.unread, 0)).go({ response: 'none' }));
  return {
    async create(userId, notification) {
      const created = await conditionalWrite(notifications.create({ userId, ...notification }).go({ response: 'none' }));
      if (created) await bump(userId, notification.tenantId, 1);
      return created;
    },
    async get(userId, id) {
      const { data } = await notifications.get({ userId, id }).go();
      return data ? toNotification(data as Notification & { userId: string }) : null;
    },
    async markRead(userId, { id, tenantId }, at) {
      const flipped = await conditionalWrite(
        notifications
          .patch({ userId, id })
          .set({ readAt: at })
          .where((a, op) => op.notExists(a.readAt))
          .go({ response: 'none' }),
      );
      if (flipped) await bump(userId, tenantId, -1);
      return flipped;
    },
    async list(userId, { limit, cursor }) {
      const q = notifications.query.byUser({ userId });
      if (cursor) {
        // The cursor is the last key read: it must belong to this very user's list.
        const partition = (q.params() as { ExpressionAttributeValues: Record<string, unknown> }).ExpressionAttributeValues[':pk'];
        try {
          const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
          if (key.pk !== partition) return null;
        } catch {
          return null;
        }
      }
      const { data, cursor: next } = await q.go({ order: 'desc', limit, pages: 1, ...(cursor ? { cursor } : {}) });
      return { items: data.map((n) => toNotification(n as Notification & { userId: string })), ...(next ? { cursor: next } : {}) };
    },
    async unreadCount(userId, tenantIds) {
      if (tenantIds.length === 0) return 0;
      const { data } = await counters.get(tenantIds.map((tenantId) => ({ userId, tenantId }))).go();
      return data.reduce((sum, c) => sum + Math.max(0, c.unread), 0);
    },
  };
});
