// The delivery state of a thread entry sent to WhatsApp (SPEC §4 `ThreadEntry.delivery`): set by the
// reply handler (queued / not delivered), the outbound worker (sent / failed) and Meta's status
// callbacks (sent / delivered / read / failed). Every change is one conditional write that lets
// the state move only forward, so callbacks arriving late or twice never undo a later state.
import type { Db } from '../platform/db.ts';
import { ticketRepos } from '../ticket/ticket.service.ts';
import { createDeliveryRepo, type EntryRef } from './delivery.repo.ts';
import { type Delivery, type DeliveryStatus, replaceableBy } from './reply-rules.ts';

/** Longest reason kept on an entry (Graph's error messages can be long). */
const MAX_REASON = 300;

/** Moves the entry's delivery to `status` if that is forward; false when it was not (or no such entry). */
export async function setEntryDelivery(ctx: { db: Db }, entry: EntryRef, status: DeliveryStatus, reason?: string): Promise<boolean> {
  const delivery: Delivery = { channel: 'whatsapp', status, ...(reason ? { reason: reason.slice(0, MAX_REASON) } : {}) };
  return ticketRepos(ctx.db).tickets.setEntryDelivery(entry.tenantId, entry.number, entry.entryId, delivery, replaceableBy(status));
}

export type StatusUpdate = { wamid: string; status: 'sent' | 'delivered' | 'read' | 'failed'; at: string; reason?: string };

/**
 * A status callback from Meta: the entry the message carried takes the new state unless it is
 * already further along (read after delivered after sent; failed is final). A message id the
 * outbound worker did not record (a menu or skill answer, or one sent long ago) is ignored.
 */
export async function applyDeliveryStatus(ctx: { db: Db }, update: StatusUpdate): Promise<void> {
  const entry = await createDeliveryRepo(ctx.db).find(update.wamid);
  if (!entry) return;
  await setEntryDelivery(ctx, entry, update.status, update.status === 'failed' ? (update.reason ?? 'WhatsApp could not deliver the message') : undefined);
}
