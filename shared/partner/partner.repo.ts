// The slice of the platform's business partners this service keeps: partners and their contacts.
import { Entity } from 'electrodb';
import { type Db, SERVICE, conditionalWrite, perDb } from '../platform/db.ts';

const partnerSchema = {
  model: { entity: 'partner', version: '1', service: SERVICE },
  attributes: {
    tenantId: { type: 'string', required: true },
    id: { type: 'string', required: true },
    name: { type: 'string', required: true },
    /** Lower-cased, accents stripped: the sort key of "partners by name". */
    nameKey: { type: 'string', required: true },
    status: { type: ['active', 'closed', 'merged'] as const, required: true },
    mergedInto: { type: 'string' },
    version: { type: 'number', required: true },
    createdAt: { type: 'string', required: true },
    updatedAt: { type: 'string', required: true },
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['tenantId', 'id'] }, sk: { field: 'sk', composite: [] } },
    byName: { index: 'gsi1', pk: { field: 'gsi1pk', composite: ['tenantId'] }, sk: { field: 'gsi1sk', composite: ['nameKey', 'id'] } },
    // Sparse: only merged partners, by the partner they were merged into (a merge re-points them).
    byMergedInto: {
      index: 'gsi2',
      condition: (attr: Record<string, unknown>) => typeof attr.mergedInto === 'string' && attr.mergedInto !== '',
      pk: { field: 'gsi2pk', composite: ['tenantId', 'mergedInto'] },
      sk: { field: 'gsi2sk', composite: ['id'] },
    },
  },
} as const;

const contactSchema = {
  model: { entity: 'contact', version: '1', service: SERVICE },
  attributes: {
    tenantId: { type: 'string', required: true },
    id: { type: 'string', required: true },
    bpId: { type: 'string', required: true },
    name: { type: 'string', required: true },
    /** E.164. */
    phone: { type: 'string', required: true },
    email: { type: 'string' },
    confirmed: { type: 'boolean', required: true },
    version: { type: 'number', required: true },
    createdAt: { type: 'string', required: true },
    updatedAt: { type: 'string', required: true },
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['tenantId', 'id'] }, sk: { field: 'sk', composite: [] } },
    byPartner: { index: 'gsi1', pk: { field: 'gsi1pk', composite: ['tenantId', 'bpId'] }, sk: { field: 'gsi1sk', composite: ['id'] } },
    byPhone: { index: 'gsi2', pk: { field: 'gsi2pk', composite: ['tenantId', 'phone'] }, sk: { field: 'gsi2sk', composite: ['id'] } },
  },
} as const;

// One item per (tenant, phone): the phone's one contact. Written with a condition before the contact
// (no transactions here), released when the contact's phone changes or it is deleted.
const phoneClaimSchema = {
  model: { entity: 'phoneClaim', version: '1', service: SERVICE },
  attributes: {
    tenantId: { type: 'string', required: true },
    phone: { type: 'string', required: true },
    contactId: { type: 'string', required: true },
    claimedAt: { type: 'string', required: true },
  },
  indexes: {
    byPhone: { pk: { field: 'pk', composite: ['tenantId', 'phone'] }, sk: { field: 'sk', composite: [] } },
  },
} as const;

export type Partner = {
  tenantId: string;
  id: string;
  name: string;
  status: 'active' | 'closed' | 'merged';
  mergedInto?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type Contact = {
  tenantId: string;
  id: string;
  bpId: string;
  name: string;
  phone: string;
  email?: string;
  confirmed: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export const nameKey = (name: string): string =>
  name.normalize('NFKD').replace(/\p{Diacritic}/gu, '').toLowerCase().trim();

export type PartnerRepo = {
  get(tenantId: string, id: string): Promise<Partner | null>;
  /** The partner item's table key and the reading of a raw item: for reads batched with other items. */
  keyOf(tenantId: string, id: string): Record<string, unknown>;
  fromItem(item: Record<string, unknown> | undefined): Partner | null;
  put(partner: Partner): Promise<void>;
  getContact(tenantId: string, id: string): Promise<Contact | null>;
  putContact(contact: Contact): Promise<void>;
  listContacts(tenantId: string, bpId: string): Promise<Contact[]>;
  /** Partners whose name starts with `prefix` (normalized), by name; null for a cursor of another list. */
  listByName(tenantId: string, prefix: string, limit: number, cursor?: string): Promise<{ items: Partner[]; cursor?: string } | null>;
  findContactsByPhone(tenantId: string, phone: string): Promise<Contact[]>;
  /** A new partner; false when the id is taken. */
  create(partner: Partner): Promise<boolean>;
  /** Replaces the partner if it is still at `expectedVersion`; false otherwise (or gone). */
  replace(partner: Partner, expectedVersion: number): Promise<boolean>;
  /** Partners merged into `id` (the sparse merged-into index). */
  listMergedInto(tenantId: string, id: string): Promise<Partner[]>;
  /** A new contact; false when the id is taken in the tenant. */
  createContact(contact: Contact): Promise<boolean>;
  replaceContact(contact: Contact, expectedVersion: number): Promise<boolean>;
  deleteContact(tenantId: string, id: string, expectedVersion: number): Promise<boolean>;
  /** The contact holding a phone's claim, and since when, if any. */
  phoneClaimOf(tenantId: string, phone: string): Promise<{ contactId: string; claimedAt: string } | null>;
  /**
   * Claims the phone for `contactId`: true when it is now theirs (also when it already was). With
   * `replacing`, takes over a claim held by that (stale) contact id.
   */
  claimPhone(tenantId: string, phone: string, contactId: string, now: Date, replacing?: string): Promise<boolean>;
  /** Releases the phone if `contactId` holds it. */
  releasePhone(tenantId: string, phone: string, contactId: string): Promise<void>;
};

export const createPartnerRepo = perDb((db: Db): PartnerRepo => {
  const partners = new Entity(partnerSchema, db);
  const contacts = new Entity(contactSchema, db);
  const claims = new Entity(phoneClaimSchema, db);
  // `mergedInto` is always written ('' = none) because the sparse index's condition needs it.
  const strip = <T extends { nameKey?: string; mergedInto?: string }>(p: T) => {
    const { nameKey: _key, mergedInto, ...rest } = p;
    return mergedInto ? { ...rest, mergedInto } : rest;
  };
  const toItem = (partner: Partner) => ({ ...partner, mergedInto: partner.mergedInto ?? '', nameKey: nameKey(partner.name) });
  return {
    async get(tenantId, id) {
      const { data } = await partners.get({ tenantId, id }).go();
      return data ? (strip(data) as Partner) : null;
    },
    keyOf(tenantId, id) {
      return partners.get({ tenantId, id }).params().Key as Record<string, unknown>;
    },
    fromItem(item) {
      const data = item ? partners.parse({ Item: item }).data : null;
      return data ? (strip(data) as Partner) : null;
    },
    async put(partner) {
      await partners.put(toItem(partner)).go({ response: 'none' });
    },
    async getContact(tenantId, id) {
      const { data } = await contacts.get({ tenantId, id }).go();
      return (data as Contact | null) ?? null;
    },
    async putContact(contact) {
      await contacts.put(contact).go({ response: 'none' });
    },
    async listContacts(tenantId, bpId) {
      const { data } = await contacts.query.byPartner({ tenantId, bpId }).go({ pages: 'all' });
      return data as Contact[];
    },
    async listByName(tenantId, prefix, limit, cursor) {
      const q = partners.query.byName({ tenantId });
      if (cursor) {
        // The cursor is the last key, base64 JSON: it must be a key of this tenant's partner index.
        const partition = (q.params() as { ExpressionAttributeValues: Record<string, unknown> }).ExpressionAttributeValues[':pk'];
        try {
          const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
          if (key.gsi1pk !== partition || typeof key.gsi1sk !== 'string' || typeof key.pk !== 'string' || typeof key.sk !== 'string' || Object.keys(key).length !== 4) return null;
        } catch {
          return null;
        }
      }
      const { data, cursor: next } = await (prefix ? q.begins({ nameKey: nameKey(prefix) }) : q).go({ limit, pages: 1, ...(cursor ? { cursor } : {}) });
      return { items: data.map((p) => strip(p) as Partner), ...(next ? { cursor: next } : {}) };
    },
    async findContactsByPhone(tenantId, phone) {
      const { data } = await contacts.query.byPhone({ tenantId, phone }).go({ limit: 10 });
      return data as Contact[];
    },
    create: (partner) => conditionalWrite(partners.create(toItem(partner)).go({ response: 'none' })),
    replace: (partner, expectedVersion) =>
      conditionalWrite(
        partners
          .put(toItem(partner))
          .where((a, op) => op.eq(a.version, expectedVersion))
          .go({ response: 'none' }),
      ),
    async listMergedInto(tenantId, id) {
      const { data } = await partners.query.byMergedInto({ tenantId, mergedInto: id }).go({ pages: 'all' });
      return data.map((p) => strip(p) as Partner);
    },
    createContact: (contact) => conditionalWrite(contacts.create(contact).go({ response: 'none' })),
    replaceContact: (contact, expectedVersion) =>
      conditionalWrite(
        contacts
          .put(contact)
          .where((a, op) => op.eq(a.version, expectedVersion))
          .go({ response: 'none' }),
      ),
    deleteContact: (tenantId, id, expectedVersion) =>
      conditionalWrite(
        contacts
          .delete({ tenantId, id })
          .where((a, op) => op.eq(a.version, expectedVersion))
          .go({ response: 'none' }),
      ),
    async phoneClaimOf(tenantId, phone) {
      const { data } = await claims.get({ tenantId, phone }).go();
      return data ? { contactId: data.contactId, claimedAt: data.claimedAt } : null;
    },
    claimPhone: (tenantId, phone, contactId, now, replacing) =>
      conditionalWrite(
        claims
          .put({ tenantId, phone, contactId, claimedAt: now.toISOString() })
          .where((a, op) => [op.notExists(a.contactId), op.eq(a.contactId, contactId), ...(replacing ? [op.eq(a.contactId, replacing)] : [])].join(' OR '))
          .go({ response: 'none' }),
      ),
    async releasePhone(tenantId, phone, contactId) {
      await conditionalWrite(
        claims
          .delete({ tenantId, phone })
          .where((a, op) => op.eq(a.contactId, contactId))
          .go({ response: 'none' }),
      );
    },
  };
});
