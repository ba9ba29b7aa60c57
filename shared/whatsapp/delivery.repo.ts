// Which thread entry a sent WhatsApp message carries: Meta's status callbacks name only the
// message id (wamid), so the outbound worker records the mapping when Graph answers with it.
import { Entity } from 'electrodb';
import { type Db, SERVICE, perDb } from '../platform/db.ts';

const messageSchema = {
  model: { entity: 'waOutMessage', version: '1', service: SERVICE },
  attributes: {
    wamid: { type: 'string', required: true },
    tenantId: { type: 'string', required: true },
    number: { type: 'string', required: true },
    entryId: { type: 'string', required: true },
    sentAt: { type: 'string', required: true },
    /** Epoch seconds: the table's TTL removes the mapping on AWS once no callback can come. */
    expiresAt: { type: 'number', required: true },
  },
  indexes: {
    byWamid: { pk: { field: 'pk', composite: ['wamid'] }, sk: { field: 'sk', composite: [] } },
  },
} as const;

export type EntryRef = { tenantId: string; number: string; entryId: string };

/** Meta sends status callbacks for up to a few days; a month is ample. */
export const MAPPING_TTL_SECONDS = 30 * 24 * 60 * 60;

export type DeliveryRepo = {
  /** Records that message `wamid` carries the entry (a repeat overwrites with the same values). */
  record(wamid: string, entry: EntryRef, sentAt: Date): Promise<void>;
  /** The entry message `wamid` carries, or null (one GetItem). */
  find(wamid: string): Promise<EntryRef | null>;
};

export const createDeliveryRepo = perDb((db: Db): DeliveryRepo => {
  const messages = new Entity(messageSchema, db);
  return {
    async record(wamid, entry, sentAt) {
      const expiresAt = Math.floor(sentAt.getTime() / 1000) + MAPPING_TTL_SECONDS;
      await messages.put({ wamid, ...entry, sentAt: sentAt.toISOString(), expiresAt }).go({ response: 'none' });
    },
    async find(wamid) {
      const { data } = await messages.get({ wamid }).go({ consistent: true });
      return data ? { tenantId: data.tenantId, number: data.number, entryId: data.entryId } : null;
    },
  };
});
