// The delivery state of a thread entry sent to WhatsApp (SPEC §4 `ThreadEntry.delivery`): set by the
// reply handler (queued / not delivered), the outbound worker (sent / failed) and Meta's status
// callbacks (sent / delivered / read / failed). Every change is one conditional write that lets
// the state move only forward, so callbacks arriving late or twice never undo a later state.
import type { Db } from '../platform/db.ts';
import type { Clock } from '../platform/ports.ts';
import { ticketRepos } from '../ticket/ticket.service.ts';
import { createDeliveryRepo, type EntryRef } from './delivery.repo.ts';
import { type Delivery, type DeliveryStatus, replaceableBy } from './reply-rules.ts';
import { STATUS_WAIT_MINUTES } from './whatsapp-config.ts';

/** Longest reason kept on an entry (Graph's error messages can be long). */
const MAX_REASON = 300;

/** Moves the entry's delivery to `status` if that is forward; false when it was not (or no such entry). */
export async function setEntryDelivery(ctx: { db: Db }, entry: EntryRef, status: DeliveryStatus, reason?: string): Promise<boolean> {
  const delivery: Delivery = { channel: 'whatsapp', status, ...(reason ? { reason: reason.slice(0, MAX_REASON) } : {}) };
  return ticketRepos(ctx.db).tickets.setEntryDelivery(entry.tenantId, entry.number, entry.entryId, delivery, replaceableBy(status));
}

export type StatusUpdate = { wamid: string; status: 'sent' | 'delivered' | 'read' | 'failed'; at: string; reason?: string };

/**
 * A status callback for a message id the outbound worker has not recorded yet: Meta can call before
 * the worker wrote the mapping (it does so right after Graph answers). Retry later (SQS will).
 */
export class StatusBeforeMappingError extends Error {
  constructor(wamid: string) {
    super(`No message ${wamid} recorded yet; its status callback is delivered again`);
    this.name = 'StatusBeforeMappingError';
  }
}

/**
 * A status callback from Meta: the entry the message carried takes the new state unless it is
 * already further along (read after delivered after sent; failed is final). A message recorded
 * without an entry (a menu or skill answer) is ignored; one not recorded at all is retried while
 * the status is recent (under STATUS_WAIT_MINUTES old by its own time: the mapping may not be
 * written yet) and ignored after that (one sent long ago, before mappings were kept, or lost).
 */
export async function applyDeliveryStatus(ctx: { db: Db; clock: Clock }, update: StatusUpdate): Promise<void> {
  const mapping = await createDeliveryRepo(ctx.db).lookup(update.wamid);
  if (!mapping) {
    const age = ctx.clock.now().getTime() - Date.parse(update.at);
    if (!(age >= STATUS_WAIT_MINUTES * 60_000)) throw new StatusBeforeMappingError(update.wamid);
    return;
  }
  if (!mapping.entry) return;
  await setEntryDelivery(ctx, mapping.entry, update.status, update.status === 'failed' ? (update.reason ?? 'WhatsApp could not deliver the message') : undefined);
}
