// Settings tabs (SPEC §3 Settings): read with defaults, written whole with If-Match, audited. The
// routing tab holds the tenant's one default queue; the WhatsApp tab's phone number ids are claimed
// across tenants (one claim item per id) before the tab is written, and released when dropped.
import type { Actor } from '../identity/actor.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { checkVersion, putBody, versionConflict } from '../platform/config-write.ts';
import type { ServiceContext } from '../platform/context.ts';
import { AppError, detailsFromIssues } from '../platform/errors.ts';
import { createQueueRepo } from '../queue/queue.repo.ts';
import { effectiveDefaultQueueId } from '../queue/queue.rules.ts';
import { createPhoneNumberRepo } from '../whatsapp/phone-number.repo.ts';
import { createSettingsRepo } from './settings.repo.ts';
import { type RoutingTab, type SettingsTab, type SettingsValue, settingsDefaults, settingsTabSchemas } from './settings.schema.ts';
import { WRITE_ATTEMPTS, backoff } from '../platform/retry.ts';

type Ctx = Pick<ServiceContext, 'db' | 'clock' | 'ids'>;

/** A tab as answered: its value, `version` (0 until first saved) and `updatedAt` once saved. */
export type SettingsResponse<T extends SettingsTab = SettingsTab> = SettingsValue<T> & { version: number; updatedAt?: string };

type Current<T extends SettingsTab> = { value: SettingsValue<T>; version: number; updatedAt?: string };


export const isSettingsTab = (tab: string): tab is SettingsTab => Object.hasOwn(settingsTabSchemas, tab);

function tabOrNotFound(tab: string): SettingsTab {
  if (!isSettingsTab(tab)) throw new AppError('not_found', `No settings tab ${tab}; the tabs are ${Object.keys(settingsTabSchemas).join(', ')}`);
  return tab;
}

const conflict = (current: number) => versionConflict(current, 'The tab');

/**
 * The routing tab of a tenant that never saved it: auto-assignment and re-routing on, and its oldest
 * queue as the default (`defaultQueueId` '' when the tenant has no queue at all).
 */
async function routingDefaults(ctx: Ctx, tenantId: string): Promise<RoutingTab> {
  const queues = await createQueueRepo(ctx.db).listByTenant(tenantId);
  return { autoAssign: true, rerouteOnUpdate: true, defaultQueueId: effectiveDefaultQueueId(queues, undefined) ?? '' };
}

async function readTab<T extends SettingsTab>(ctx: Ctx, tenantId: string, tab: T): Promise<Current<T>> {
  const stored = await createSettingsRepo(ctx.db).get(tenantId, tab);
  if (stored) return stored;
  const value = tab === 'routing' ? await routingDefaults(ctx, tenantId) : settingsDefaults[tab as Exclude<SettingsTab, 'routing'>];
  return { value: structuredClone(value) as SettingsValue<T>, version: 0 };
}

const respond = <T extends SettingsTab>(c: Current<T>): SettingsResponse<T> => ({ ...c.value, version: c.version, ...(c.updatedAt ? { updatedAt: c.updatedAt } : {}) });

export async function getSettingsTab(ctx: Ctx, tenantId: string, tabName: string): Promise<SettingsResponse> {
  const tab = tabOrNotFound(tabName);
  const current = await readTab(ctx, tenantId, tab);
  if (tab === 'routing' && !(current.value as RoutingTab).defaultQueueId) throw new AppError('not_found', 'The tenant has no queue yet, so no routing settings: create a queue first');
  return respond(current);
}

/**
 * One optimistic write of a tab: read it (or its defaults), check If-Match, compute the next value,
 * write it on condition that its version did not move. Without If-Match a lost race is retried (last
 * write wins); with it, it is a 409.
 */
async function writeTab<T extends SettingsTab>(
  ctx: Ctx,
  tenantId: string,
  tab: T,
  ifMatch: number | undefined,
  change: (current: Current<T>) => SettingsValue<T> | Promise<SettingsValue<T>>,
): Promise<{ before: Current<T>; after: Current<T> }> {
  const repo = createSettingsRepo(ctx.db);
  for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
    const before = await readTab(ctx, tenantId, tab);
    checkVersion(ifMatch, before.version);
    const next = await change(before);
    const after = await repo.putIfVersion(tenantId, tab, next, ctx.clock.now(), before.version);
    if (after) return { before, after };
    if (ifMatch !== undefined) throw conflict((await readTab(ctx, tenantId, tab)).version);
    await backoff(attempt);
  }
  throw new AppError('conflict', 'The settings are changing too often; try again');
}

async function audit<T extends SettingsTab>(ctx: Ctx, actor: Actor, tenantId: string, tab: T, before: Current<T>, after: Current<T>) {
  await recordAudit(ctx, actor, tenantId, {
    kind: 'settings',
    objectId: tab,
    action: before.version === 0 ? 'create' : 'update',
    ...(before.version === 0 ? {} : { before: respond(before) }),
    after: respond(after),
  });
}

function parseTab<T extends SettingsTab>(tab: T, body: unknown): SettingsValue<T> {
  const parsed = putBody(settingsTabSchemas[tab]).safeParse(body);
  if (!parsed.success) throw new AppError('validation_failed', `The ${tab} settings are not valid`, detailsFromIssues(parsed.error.issues));
  return parsed.data as SettingsValue<T>;
}

export async function putSettingsTab(ctx: Ctx, actor: Actor, tenantId: string, tabName: string, body: unknown, ifMatch: number | undefined): Promise<SettingsResponse> {
  const tab = tabOrNotFound(tabName);
  const value = parseTab(tab, body);
  const missingQueue = (id: string) => new AppError('unprocessable', `Queue ${id} does not exist`, [{ field: 'defaultQueueId', code: 'invalid_reference', message: `Queue ${id} does not exist` }]);
  const queues = createQueueRepo(ctx.db);
  if (tab === 'routing' && !(await queues.get(tenantId, (value as RoutingTab).defaultQueueId))) throw missingQueue((value as RoutingTab).defaultQueueId);
  if (tab === 'whatsapp') return putWhatsApp(ctx, actor, tenantId, value as SettingsValue<'whatsapp'>, ifMatch);
  const { before, after } = await writeTab(ctx, tenantId, tab, ifMatch, () => value as never);
  if (tab === 'routing') {
    // A delete of that queue that ran meanwhile checked the old default: put the old tab back.
    const chosen = (value as RoutingTab).defaultQueueId;
    if (!(await queues.get(tenantId, chosen))) {
      if ((before.value as RoutingTab).defaultQueueId) await createSettingsRepo(ctx.db).putIfVersion(tenantId, 'routing', before.value as RoutingTab, ctx.clock.now(), after.version);
      throw missingQueue(chosen);
    }
  }
  await audit(ctx, actor, tenantId, tab, before, after);
  return respond(after);
}

/**
 * Claims every listed id first (the side items; idempotent for ids the tenant holds, so a tab saved
 * before claims existed is repaired by its next save), then writes the tab (the commit), then releases
 * the ids the tenant dropped. A refused claim or a lost write releases what this call claimed.
 */
async function putWhatsApp(ctx: Ctx, actor: Actor, tenantId: string, value: SettingsValue<'whatsapp'>, ifMatch: number | undefined): Promise<SettingsResponse> {
  const phones = createPhoneNumberRepo(ctx.db);
  const now = ctx.clock.now();
  const results = await Promise.all(value.phoneNumberIds.map((id) => phones.claim(tenantId, id, now)));
  const claimedHere = value.phoneNumberIds.filter((_, i) => results[i] === 'claimed');
  const undo = () => Promise.all(claimedHere.map((id) => phones.release(tenantId, id)));
  const taken = value.phoneNumberIds.flatMap((id, i) => (results[i] === 'taken' ? [{ field: `phoneNumberIds.${i}`, code: 'taken', message: `Phone number id ${id} belongs to another tenant` }] : []));
  if (taken.length) {
    await undo();
    throw new AppError('conflict', 'A phone number id is used by another tenant', taken);
  }
  let written: Awaited<ReturnType<typeof writeTab<'whatsapp'>>>;
  try {
    written = await writeTab(ctx, tenantId, 'whatsapp', ifMatch, () => value);
  } catch (err) {
    await undo();
    throw err;
  }
  const { before, after } = written;
  const kept = new Set(value.phoneNumberIds);
  await Promise.all(before.value.phoneNumberIds.filter((id) => !kept.has(id)).map((id) => phones.release(tenantId, id)));
  await audit(ctx, actor, tenantId, 'whatsapp', before, after);
  return respond(after);
}

/**
 * Makes `queueId` the tenant's default queue: one attribute of the routing tab, so two concurrent
 * calls leave exactly one default (the later write). Audited as a routing-settings change when it
 * changes anything. Answers the previous default.
 */
export async function setDefaultQueue(ctx: Ctx, actor: Actor, tenantId: string, queueId: string): Promise<string | undefined> {
  let previous: string | undefined;
  const { before, after } = await writeTab(ctx, tenantId, 'routing', undefined, (current) => {
    previous = current.value.defaultQueueId || undefined;
    return { ...current.value, defaultQueueId: queueId };
  });
  if (previous !== queueId) await audit(ctx, actor, tenantId, 'routing', before, after);
  return previous;
}

/** The routing tab's stored default queue id (undefined when never saved). One GetItem. */
export async function storedDefaultQueueId(ctx: Pick<Ctx, 'db'>, tenantId: string): Promise<string | undefined> {
  return (await createSettingsRepo(ctx.db).get(tenantId, 'routing'))?.value.defaultQueueId;
}

/**
 * Claims the phone number ids a tenant's WhatsApp tab lists (the seed writes tabs directly, and data
 * saved before claims existed has none). Idempotent; ids another tenant holds are answered in `taken`.
 */
export async function syncPhoneNumberClaims(ctx: Pick<Ctx, 'db' | 'clock'>, tenantId: string): Promise<{ claimed: string[]; taken: string[] }> {
  const tab = await createSettingsRepo(ctx.db).get(tenantId, 'whatsapp');
  const phones = createPhoneNumberRepo(ctx.db);
  const out = { claimed: [] as string[], taken: [] as string[] };
  for (const id of tab?.value.phoneNumberIds ?? []) {
    if ((await phones.claim(tenantId, id, ctx.clock.now())) === 'taken') out.taken.push(id);
    else out.claimed.push(id);
  }
  return out;
}
