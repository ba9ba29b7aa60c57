// The slice of the platform's business partners this service keeps: partners and their contacts.
import { Entity } from 'electrodb';
import { type Db, SERVICE } from '../platform/db.ts';

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
  put(partner: Partner): Promise<void>;
  getContact(tenantId: string, id: string): Promise<Contact | null>;
  putContact(contact: Contact): Promise<void>;
  listContacts(tenantId: string, bpId: string): Promise<Contact[]>;
  /** Partners whose name starts with `prefix` (normalized), by name; null for a cursor of another list. */
  listByName(tenantId: string, prefix: string, limit: number, cursor?: string): Promise<{ items: Partner[]; cursor?: string } | null>;
  findContactsByPhone(tenantId: string, phone: string): Promise<Contact[]>;
};

export function createPartnerRepo(db: Db): PartnerRepo {
  const partners = new Entity(partnerSchema, db);
  const contacts = new Entity(contactSchema, db);
  const strip = <T extends { nameKey?: string }>(p: T) => {
    const { nameKey: _key, ...rest } = p;
    return rest;
  };
  return {
    async get(tenantId, id) {
      const { data } = await partners.get({ tenantId, id }).go();
      return data ? (strip(data) as Partner) : null;
    },
    async put(partner) {
      await partners.put({ ...partner, nameKey: nameKey(partner.name) }).go({ response: 'none' });
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
  };
}
