import type { Actor } from '../identity/actor.ts';
import { openCursor, sealCursor } from '../platform/cursor.ts';
import { AppError } from '../platform/errors.ts';
import type { Contact, Partner, PartnerRepo } from './partner.repo.ts';

export type ResolvedPartner = { status: 'active' | 'closed'; partner: Partner; chain: string[] } | { status: 'missing' };

const MAX_MERGE_HOPS = 10;

/** Follows merges to the surviving partner. */
export async function resolvePartner(partners: PartnerRepo, tenantId: string, bpId: string, first?: Partner | null): Promise<ResolvedPartner> {
  const chain: string[] = [];
  let id: string | undefined = bpId;
  for (let hop = 0; id && hop <= MAX_MERGE_HOPS; hop++) {
    // `first`: the partner itself, when the caller read it already (batched with other reads).
    const partner: Partner | null = hop === 0 && first !== undefined ? first : await partners.get(tenantId, id);
    if (!partner) return { status: 'missing' };
    chain.push(partner.id);
    if (partner.status !== 'merged') return { status: partner.status, partner, chain };
    id = partner.mergedInto;
  }
  return { status: 'missing' };
}

/** The active partner a customer acts for: their `bp_id`, or the partner of their contact. */
export async function customerPartner(partners: PartnerRepo, actor: Actor): Promise<{ tenantId: string; bpId: string; contactId?: string }> {
  const tenantId = actor.tenants[0]!;
  let bpId: string | undefined;
  let contactId: string | undefined;
  if (actor.requester && 'bpId' in actor.requester) bpId = actor.requester.bpId;
  else if (actor.requester && 'contactId' in actor.requester) {
    contactId = actor.requester.contactId;
    bpId = (await partners.getContact(tenantId, contactId))?.bpId;
  }
  const resolved = bpId ? await resolvePartner(partners, tenantId, bpId) : ({ status: 'missing' } as const);
  if (resolved.status === 'missing') throw new AppError('forbidden', 'Your account is not linked to a business partner');
  return { tenantId, bpId: resolved.partner.id, ...(contactId ? { contactId } : {}) };
}

export type BusinessPartner = Pick<Partner, 'id' | 'name' | 'status' | 'mergedInto'> & { version: number; createdAt: string; updatedAt: string };
export type ContactView = Omit<Contact, 'tenantId'>;

const toPartner = ({ tenantId: _t, ...p }: Partner): BusinessPartner => p;

export async function listPartners(partners: PartnerRepo, tenantId: string, q: { q?: string; limit: number; cursor?: string }) {
  const invalid = () => new AppError('validation_failed', 'The cursor is not valid for this list', [{ field: 'query.cursor', code: 'invalid_cursor' }]);
  const opened = q.cursor === undefined ? undefined : (openCursor(q.cursor) as { k?: unknown } | undefined);
  if (q.cursor !== undefined && typeof opened?.k !== 'string') throw invalid();
  const page = await partners.listByName(tenantId, q.q ?? '', q.limit, opened?.k as string | undefined);
  if (!page) throw invalid();
  return { items: page.items.map(toPartner), ...(page.cursor ? { nextCursor: sealCursor({ k: page.cursor }) } : {}) };
}

export async function getPartner(partners: PartnerRepo, tenantId: string, id: string): Promise<BusinessPartner> {
  const partner = await partners.get(tenantId, id);
  if (!partner) throw new AppError('not_found', `No business partner ${id}`);
  return toPartner(partner);
}

export async function listContacts(partners: PartnerRepo, tenantId: string, bpId: string): Promise<{ items: ContactView[] }> {
  await getPartner(partners, tenantId, bpId);
  return { items: (await partners.listContacts(tenantId, bpId)).map(({ tenantId: _t, ...c }) => c) };
}
