// WhatsApp phone number ids → tenant. One claim item per phone number id, derived from the tenants'
// WhatsApp settings tabs: the conditional put that creates it is what keeps an id unique across
// tenants, and the item is the webhook worker's lookup (`metadata.phone_number_id` → tenant).
import { Entity } from 'electrodb';
import { type Db, SERVICE, isConditionalCheckFailure, perDb } from '../platform/db.ts';

const phoneNumberSchema = {
  model: { entity: 'phoneNumber', version: '1', service: SERVICE },
  attributes: {
    phoneNumberId: { type: 'string', required: true },
    tenantId: { type: 'string', required: true },
    claimedAt: { type: 'string', required: true },
  },
  indexes: {
    byId: { pk: { field: 'pk', composite: ['phoneNumberId'] }, sk: { field: 'sk', composite: [] } },
  },
} as const;

/** `claimed`: this call created the claim; `held`: the tenant held it already; `taken`: another tenant holds it. */
export type ClaimResult = 'claimed' | 'held' | 'taken';

export type PhoneNumberRepo = {
  /** Claims the id for the tenant; idempotent for the tenant that holds it. */
  claim(tenantId: string, phoneNumberId: string, now: Date): Promise<ClaimResult>;
  /** Releases the id if (and only if) the tenant holds it. */
  release(tenantId: string, phoneNumberId: string): Promise<void>;
  /** The tenant holding the id, or null (one GetItem). */
  findTenantByPhoneNumberId(phoneNumberId: string): Promise<string | null>;
};

export const createPhoneNumberRepo = perDb((db: Db): PhoneNumberRepo => {
  const claims = new Entity(phoneNumberSchema, db);
  const holder = async (phoneNumberId: string) => (await claims.get({ phoneNumberId }).go({ consistent: true })).data?.tenantId ?? null;
  return {
    async claim(tenantId, phoneNumberId, now) {
      try {
        await claims.create({ phoneNumberId, tenantId, claimedAt: now.toISOString() }).go({ response: 'none' });
        return 'claimed';
      } catch (err) {
        if (!isConditionalCheckFailure(err)) throw err;
      }
      return (await holder(phoneNumberId)) === tenantId ? 'held' : 'taken';
    },
    async release(tenantId, phoneNumberId) {
      try {
        await claims.delete({ phoneNumberId }).where((a, op) => op.eq(a.tenantId, tenantId)).go({ response: 'none' });
      } catch (err) {
        if (!isConditionalCheckFailure(err)) throw err;
      }
    },
    findTenantByPhoneNumberId: holder,
  };
});
