// SPEC §4 Notification: what a queue lead is told about an escalation. The web reads these types.
export const notificationReasons = ['rule', 'first_response_breach', 'resolution_breach'] as const;
export type NotificationReason = (typeof notificationReasons)[number];

export type Notification = {
  id: string;
  tenantId: string;
  /** The ticket's number (`SD-00012`). */
  number: string;
  kind: 'escalation';
  reason: NotificationReason;
  ruleId?: string;
  message: string;
  createdAt: string;
  readAt?: string;
};

/** `GET /api/me/notifications`: newest first; `unreadCount` covers the caller's tenants, not only this page. */
export type NotificationPage = { items: Notification[]; nextCursor?: string; unreadCount: number };
