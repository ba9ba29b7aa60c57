// Business partner and contact writes (admin): create with the platform's id, rename, close, merge;
// contacts with a phone that is unique in the tenant. Every change leaves an audit record.
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../identity/actor.ts';
import { checkVersion, versionConflict } from '../platform/config-write.ts';
import type { ServiceContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { type Contact, createPartnerRepo, type Partner, type PartnerRepo } from './partner.repo.ts';
import { mergeRefusal } from './partner.rules.ts';
import type { CreateContactInput, CreatePartnerInput, UpdateContactInput } from './partner.schema.ts';
import type { BusinessPartner, ContactView } from './partner.service.ts';

type Ctx = Pick<ServiceContext, 'db' | 'clock' | 'ids'>;

const MAX_MERGE_HOPS = 10;
const REPOINT_ATTEMPTS = 5;
/** A claim younger than this may belong to a contact write still in flight: never taken over. */
const STALE_CLAIM_MS = 60_000;

const toPartner = ({ tenantId: _t, ...p }: Partner): BusinessPartner => p;
const toContact = ({ tenantId: _t, ...c }: Contact): ContactView => c;
const unprocessable = (field: string, code: string, message: string) => new AppError('unprocessable', message, [{ field, code, message }]);
const conflict = (current: number) => versionConflict(current);

async function partnerOr404(repo: PartnerRepo, tenantId: string, id: string): Promise<Partner> {
  const partner = await repo.get(tenantId, id);
  if (!partner) throw new AppError('not_found', `No business partner ${id}`);
  return partner;
}

/** A conditional write lost: 404 if it is gone, else 409 naming the version it has now. */
async function partnerChanged(repo: PartnerRepo, tenantId: string, id: string): Promise<never> {
  throw conflict((await partnerOr404(repo, tenantId, id)).version);
}

// ——— partners ———

export async function createPartner(ctx: Ctx, actor: Actor, tenantId: string, input: CreatePartnerInput): Promise<BusinessPartner> {
  const at = ctx.clock.now().toISOString();
  const partner: Partner = { tenantId, id: input.id, name: input.name, status: 'active', version: 1, createdAt: at, updatedAt: at };
  if (!(await createPartnerRepo(ctx.db).create(partner))) {
    throw new AppError('conflict', `Business partner ${input.id} already exists`, [{ field: 'id', code: 'taken', message: 'This id is taken' }]);
  }
  await recordAudit(ctx, actor, tenantId, { kind: 'business-partner', objectId: partner.id, action: 'create', after: toPartner(partner) });
  return toPartner(partner);
}

/** Writes a change of one partner at its version, with the audit record. */
async function change(ctx: Ctx, actor: Actor, repo: PartnerRepo, current: Partner, next: Omit<Partner, 'version' | 'updatedAt'>): Promise<Partner> {
  const written: Partner = { ...next, version: current.version + 1, updatedAt: ctx.clock.now().toISOString() };
  if (!(await repo.replace(written, current.version))) await partnerChanged(repo, current.tenantId, current.id);
  await recordAudit(ctx, actor, current.tenantId, { kind: 'business-partner', objectId: current.id, action: 'update', before: toPartner(current), after: toPartner(written) });
  return written;
}

export async function updatePartner(ctx: Ctx, actor: Actor, tenantId: string, id: string, ifMatch: number | undefined, input: { name: string }): Promise<BusinessPartner> {
  const repo = createPartnerRepo(ctx.db);
  const current = await partnerOr404(repo, tenantId, id);
  checkVersion(ifMatch, current.version);
  return toPartner(await change(ctx, actor, repo, current, { ...current, name: input.name }));
}

/** Closing blocks new tickets and chat lookups; closing a closed partner changes nothing; a merged one → 422. */
export async function closePartner(ctx: Ctx, actor: Actor, tenantId: string, id: string, ifMatch: number | undefined): Promise<BusinessPartner> {
  const repo = createPartnerRepo(ctx.db);
  const current = await partnerOr404(repo, tenantId, id);
  checkVersion(ifMatch, current.version);
  if (current.status === 'merged') throw unprocessable('status', 'partner_merged', `${current.id} is merged into ${current.mergedInto}; close the survivor instead`);
  if (current.status === 'closed') return toPartner(current);
  return toPartner(await change(ctx, actor, repo, current, { ...current, status: 'closed' }));
}

/** The ids a partner's merges lead through, itself first (stops at a missing partner or a loop). */
async function chainOf(repo: PartnerRepo, tenantId: string, start: Partner): Promise<string[]> {
  const chain = [start.id];
  let at: Partner | null = start;
  for (let hop = 0; at?.status === 'merged' && at.mergedInto && hop < MAX_MERGE_HOPS; hop++) {
    if (chain.includes(at.mergedInto)) break;
    chain.push(at.mergedInto);
    at = await repo.get(tenantId, at.mergedInto);
  }
  return chain;
}

/**
 * Merges a partner into an active survivor of the tenant. The merged partner is written first (the
 * commit); then every partner that pointed at it — and, for older data, at those — is re-pointed to
 * the survivor, so every lookup reaches an active survivor in one step. Merging again into the same
 * survivor repeats the re-pointing (a retry after a partial failure).
 */
export async function mergePartner(ctx: Ctx, actor: Actor, tenantId: string, id: string, ifMatch: number | undefined, input: { mergedInto: string }): Promise<BusinessPartner> {
  const repo = createPartnerRepo(ctx.db);
  const source = await partnerOr404(repo, tenantId, id);
  checkVersion(ifMatch, source.version);
  const survivor = input.mergedInto === source.id ? source : await repo.get(tenantId, input.mergedInto);
  const refusal = mergeRefusal(source, input.mergedInto, survivor, survivor ? await chainOf(repo, tenantId, survivor) : []);
  if (refusal) throw unprocessable('mergedInto', refusal.code, refusal.message);

  const merged = source.status === 'merged' ? source : await change(ctx, actor, repo, source, { ...source, status: 'merged', mergedInto: input.mergedInto });
  const seen = new Set([source.id, input.mergedInto]);
  const pending = [source.id];
  while (pending.length) {
    const target = pending.shift()!;
    for (const child of await repo.listMergedInto(tenantId, target)) {
      if (seen.has(child.id)) continue;
      seen.add(child.id);
      pending.push(child.id);
      await repoint(ctx, actor, repo, child, input.mergedInto);
    }
  }
  return toPartner(merged);
}

async function repoint(ctx: Ctx, actor: Actor, repo: PartnerRepo, partner: Partner, survivorId: string): Promise<void> {
  let current: Partner | null = partner;
  for (let attempt = 0; current && attempt < REPOINT_ATTEMPTS; attempt++) {
    if (current.status !== 'merged' || current.mergedInto === survivorId) return;
    const next: Partner = { ...current, mergedInto: survivorId, version: current.version + 1, updatedAt: ctx.clock.now().toISOString() };
    if (await repo.replace(next, current.version)) {
      await recordAudit(ctx, actor, current.tenantId, { kind: 'business-partner', objectId: current.id, action: 'update', before: toPartner(current), after: toPartner(next) });
      return;
    }
    current = await repo.get(partner.tenantId, partner.id);
  }
  if (current) throw conflict(current.version);
}

// ——— contacts ———

async function contactOr404(repo: PartnerRepo, tenantId: string, bpId: string, contactId: string): Promise<Contact> {
  const contact = await repo.getContact(tenantId, contactId);
  if (!contact || contact.bpId !== bpId) throw new AppError('not_found', `No contact ${contactId} of ${bpId}`);
  return contact;
}

const phoneTaken = (phone: string) => new AppError('conflict', `Another contact already has the phone ${phone}`, [{ field: 'phone', code: 'taken', message: 'Another contact of this tenant has this phone' }]);

/**
 * Claims a phone for a contact: one claim item per (tenant, phone), written with a condition. Contacts
 * written before claims existed (the seed) hold no claim, so the phone index is asked first; a claim
 * whose contact no longer has that phone (a release that did not land) is taken over.
 */
async function claimPhone(ctx: Ctx, repo: PartnerRepo, tenantId: string, phone: string, contactId: string): Promise<void> {
  const holders = (await repo.findContactsByPhone(tenantId, phone)).filter((c) => c.id !== contactId);
  if (holders.length) throw phoneTaken(phone);
  const now = ctx.clock.now();
  if (await repo.claimPhone(tenantId, phone, contactId, now)) return;
  const claim = await repo.phoneClaimOf(tenantId, phone);
  if (!claim) {
    if (await repo.claimPhone(tenantId, phone, contactId, now)) return;
  } else if (now.getTime() - new Date(claim.claimedAt).getTime() > STALE_CLAIM_MS) {
    // Old enough that its writer is done: stale when its contact is gone or has another phone.
    const holding = await repo.getContact(tenantId, claim.contactId);
    if (holding?.phone !== phone && (await repo.claimPhone(tenantId, phone, contactId, now, claim.contactId))) return;
  }
  throw phoneTaken(phone);
}

export async function createContact(ctx: Ctx, actor: Actor, tenantId: string, bpId: string, input: CreateContactInput): Promise<ContactView> {
  const repo = createPartnerRepo(ctx.db);
  const partner = await partnerOr404(repo, tenantId, bpId);
  if (partner.status === 'merged') throw unprocessable('bpId', 'partner_merged', `${bpId} is merged into ${partner.mergedInto}: add contacts to the survivor`);
  const idTaken = () => new AppError('conflict', `Contact ${input.id} already exists`, [{ field: 'id', code: 'taken', message: 'This id is taken' }]);
  if (await repo.getContact(tenantId, input.id)) throw idTaken();
  await claimPhone(ctx, repo, tenantId, input.phone, input.id);
  const at = ctx.clock.now().toISOString();
  const contact: Contact = { tenantId, id: input.id, bpId, name: input.name, phone: input.phone, ...(input.email ? { email: input.email } : {}), confirmed: input.confirmed, version: 1, createdAt: at, updatedAt: at };
  if (!(await repo.createContact(contact))) {
    // Undo the claim: the contact was not written (its id was taken meanwhile).
    await repo.releasePhone(tenantId, input.phone, input.id);
    throw idTaken();
  }
  await recordAudit(ctx, actor, tenantId, { kind: 'contact', objectId: contact.id, action: 'create', after: toContact(contact) });
  return toContact(contact);
}

export async function updateContact(ctx: Ctx, actor: Actor, tenantId: string, bpId: string, contactId: string, ifMatch: number | undefined, input: UpdateContactInput): Promise<ContactView> {
  const repo = createPartnerRepo(ctx.db);
  const current = await contactOr404(repo, tenantId, bpId, contactId);
  checkVersion(ifMatch, current.version);
  if (input.bpId !== undefined && input.bpId !== bpId) throw unprocessable('bpId', 'immutable', 'A contact stays with its business partner');
  const next: Contact = {
    tenantId,
    id: contactId,
    bpId,
    name: input.name,
    phone: input.phone,
    ...(input.email ? { email: input.email } : {}),
    confirmed: input.confirmed,
    version: current.version + 1,
    createdAt: current.createdAt,
    updatedAt: ctx.clock.now().toISOString(),
  };
  const phoneChanged = next.phone !== current.phone;
  if (phoneChanged) await claimPhone(ctx, repo, tenantId, next.phone, contactId);
  if (!(await repo.replaceContact(next, current.version))) {
    if (phoneChanged) await repo.releasePhone(tenantId, next.phone, contactId);
    const now = await repo.getContact(tenantId, contactId);
    if (!now || now.bpId !== bpId) throw new AppError('not_found', `No contact ${contactId} of ${bpId}`);
    throw conflict(now.version);
  }
  if (phoneChanged) await repo.releasePhone(tenantId, current.phone, contactId);
  // A contact written before claims existed gets its claim on its first change.
  else await repo.claimPhone(tenantId, next.phone, contactId, ctx.clock.now());
  await recordAudit(ctx, actor, tenantId, { kind: 'contact', objectId: contactId, action: 'update', before: toContact(current), after: toContact(next) });
  return toContact(next);
}

export async function deleteContact(ctx: Ctx, actor: Actor, tenantId: string, bpId: string, contactId: string, ifMatch: number | undefined): Promise<void> {
  const repo = createPartnerRepo(ctx.db);
  const current = await contactOr404(repo, tenantId, bpId, contactId);
  checkVersion(ifMatch, current.version);
  if (!(await repo.deleteContact(tenantId, contactId, current.version))) {
    const now = await repo.getContact(tenantId, contactId);
    if (!now) throw new AppError('not_found', `No contact ${contactId} of ${bpId}`);
    throw conflict(now.version);
  }
  await repo.releasePhone(tenantId, current.phone, contactId);
  await recordAudit(ctx, actor, tenantId, { kind: 'contact', objectId: contactId, action: 'delete', before: toContact(current) });
}
