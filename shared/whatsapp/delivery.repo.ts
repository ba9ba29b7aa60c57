// Which thread entry a sent WhatsApp message carries: Meta's status callbacks name only the
// message id (wamid), so the outbound worker records the mapping when Graph answers with it — for
// every message it sends, those carrying no entry too, so a callback for an id not recorded (yet)
// can be told apart from one for a menu or skill answer.
import { Entity } from 'electrodb';
import { type Db, SERVICE, perDb } from '../platform/db.ts';

const messageSchema = {
  model: { entity: 'waOutMessage', version: '1', service: SERVICE },
  attributes: {
    wamid: { type: 'string', required: true },
    tenantId: { type: 'string', required: true },
    /** The entry carried; both absent for a message that carries none. */
    number: { type: 'string' },
    entryId: { type: 'string' },
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
  /** Records that message `wamid` of the tenant was sent carrying no entry. */
  recordUntracked(wamid: string, tenantId: string, sentAt: Date): Promise<void>;
  /** The entry message `wamid` carries, or null (none, or not recorded). One GetItem. */
  find(wamid: string): Promise<EntryRef | null>;
  /** Whether message `wamid` was recorded (null when not), and the entry it carries. One GetItem. */
  lookup(wamid: string): Promise<{ entry: EntryRef | null } | null>;
};

export const createDeliveryRepo = perDb((db: Db): DeliveryRepo => {
  const messages = new Entity(messageSchema, db);
  const lookup = async (wamid: string): Promise<{ entry: EntryRef | null } | null> => {
    const { data } = await messages.get({ wamid }).go({ consistent: true });
    if (!data) return null;
    return { entry: data.number && data.entryId ? { tenantId: data.tenantId, number: data.number, entryId: data.entryId } : null };
  };
  return {
    async record(wamid, entry, sentAt) {
      const expiresAt = Math.floor(sentAt.getTime() / 1000) + MAPPING_TTL_SECONDS;
      await messages.put({ wamid, ...entry, sentAt: sentAt.toISOString(), expiresAt }).go({ response: 'none' });
    },
    async recordUntracked(wamid, tenantId, sentAt) {
      const expiresAt = Math.floor(sentAt.getTime() / 1000) + MAPPING_TTL_SECONDS;
      await messages.put({ wamid, tenantId, sentAt: sentAt.toISOString(), expiresAt }).go({ response: 'none' });
    },
    async find(wamid) {
      return (await lookup(wamid))?.entry ?? null;
    },
    lookup,
  };
});
