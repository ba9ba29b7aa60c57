// Queue use cases (SPEC §3 Queues): create, replace, members, delete — each checked against the
// tenant's configuration (one query), versioned, and audited. The default queue is not a queue
// attribute: it is the routing tab's `defaultQueueId` (settings.service), so it is always exactly one.
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../identity/actor.ts';
import { checkVersion, versionConflict } from '../platform/config-write.ts';
import type { ServiceContext } from '../platform/context.ts';
import { AppError, type ErrorDetail } from '../platform/errors.ts';
import { setDefaultQueue, storedDefaultQueueId } from '../settings/settings.service.ts';
import { type Queue, defaultQueueOf, toQueue } from '../tenant/directory.service.ts';
import { createTenantConfigRepo, type TenantConfig } from '../tenant/tenant-config.ts';
import { createTicketRepo } from '../ticket/ticket.repo.ts';
import { createQueueRepo, type QueueMember, type StoredQueue } from './queue.repo.ts';
import { deleteBlockers, memberIssues } from './queue.rules.ts';
import type { QueueInput } from './queue.schema.ts';
import { WRITE_ATTEMPTS, backoff } from '../platform/retry.ts';

type Ctx = Pick<ServiceContext, 'db' | 'clock' | 'ids'>;


const unprocessable = (message: string, details: ErrorDetail[]) => new AppError('unprocessable', message, details);
const conflict = (current: number) => versionConflict(current, 'The queue');



function checkMembers(config: TenantConfig, members: readonly QueueMember[], field = 'members'): void {
  const issues = memberIssues(members, new Set(config.members.map((m) => m.userId)), field);
  if (issues.length) throw unprocessable('Queue members must be internal users of this tenant', issues);
}

/**
 * Makes the queue the default, then makes sure it still exists: a delete that ran meanwhile (it
 * checked the old default) must not leave the default pointing at nothing — the previous default
 * is put back and the caller told.
 */
async function makeDefault(ctx: Ctx, actor: Actor, tenantId: string, id: string): Promise<void> {
  const previous = await setDefaultQueue(ctx, actor, tenantId, id);
  if (await createQueueRepo(ctx.db).get(tenantId, id)) return;
  if (previous && previous !== id) await setDefaultQueue(ctx, actor, tenantId, previous);
  throw new AppError('not_found', `Queue ${id} was deleted meanwhile`);
}

export async function createQueue(ctx: Ctx, actor: Actor, tenantId: string, input: QueueInput): Promise<Queue> {
  const config = await createTenantConfigRepo(ctx.db).load(tenantId);
  checkMembers(config, input.members);
  const at = ctx.clock.now().toISOString();
  const queue: StoredQueue = {
    tenantId,
    id: `q_${ctx.ids.next()}`,
    name: input.name,
    ...(input.description ? { description: input.description } : {}),
    autoAssign: input.autoAssign,
    members: input.members,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
  if (!(await createQueueRepo(ctx.db).create(queue))) throw new AppError('conflict', `Queue ${queue.id} exists`);
  // A tenant's first queue is its default whatever the request says: a tenant always has one.
  const isDefault = input.isDefault === true || defaultQueueOf(config) === undefined;
  if (isDefault) await makeDefault(ctx, actor, tenantId, queue.id);
  const created = toQueue(queue, isDefault);
  await recordAudit(ctx, actor, tenantId, { kind: 'queue', objectId: queue.id, action: 'create', after: created });
  return created;
}

/**
 * One versioned change of a queue: read (with the tenant's configuration), check If-Match and the
 * rules, write on condition that the version did not move. Without If-Match a lost race is retried.
 */
async function changeQueue(
  ctx: Ctx,
  actor: Actor,
  tenantId: string,
  id: string,
  ifMatch: number | undefined,
  change: { isDefault?: boolean; apply(current: StoredQueue, config: TenantConfig): Omit<StoredQueue, 'tenantId' | 'id' | 'version' | 'createdAt' | 'updatedAt'> },
): Promise<Queue> {
  const repo = createQueueRepo(ctx.db);
  for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
    const config = await createTenantConfigRepo(ctx.db).load(tenantId);
    const current = config.queues.find((q) => q.id === id);
    if (!current) throw new AppError('not_found', `No queue ${id}`);
    checkVersion(ifMatch, current.version);
    const wasDefault = defaultQueueOf(config) === id;
    if (change.isDefault === false && wasDefault) {
      throw unprocessable('This is the default queue: make another queue the default instead', [
        { field: 'isDefault', code: 'is_default', message: 'The tenant needs a default queue; choose another one to replace this one' },
      ]);
    }
    const next: StoredQueue = { ...change.apply(current, config), tenantId, id, version: current.version + 1, createdAt: current.createdAt, updatedAt: ctx.clock.now().toISOString() };
    if (!next.description) delete next.description;
    if (!(await repo.putIfVersion(next, current.version))) {
      if (ifMatch !== undefined) throw conflict((await repo.get(tenantId, id))?.version ?? current.version);
      await backoff(attempt);
      continue;
    }
    const isDefault = wasDefault || change.isDefault === true;
    if (isDefault && !wasDefault) await makeDefault(ctx, actor, tenantId, id);
    const after = toQueue(next, isDefault);
    await recordAudit(ctx, actor, tenantId, { kind: 'queue', objectId: id, action: 'update', before: toQueue(current, wasDefault), after });
    return after;
  }
  throw new AppError('conflict', 'The queue is changing too often; try again');
}

/** A queue PUT: the whole queue, `isDefault` and `members` applied. */
export function updateQueue(ctx: Ctx, actor: Actor, tenantId: string, id: string, ifMatch: number | undefined, input: QueueInput): Promise<Queue> {
  return changeQueue(ctx, actor, tenantId, id, ifMatch, {
    ...(input.isDefault !== undefined ? { isDefault: input.isDefault } : {}),
    apply(_current, config) {
      checkMembers(config, input.members);
      return { name: input.name, ...(input.description ? { description: input.description } : {}), autoAssign: input.autoAssign, members: input.members };
    },
  });
}

/** `PUT …/queues/{id}/members`: replaces the members. */
export function replaceQueueMembers(ctx: Ctx, actor: Actor, tenantId: string, id: string, ifMatch: number | undefined, members: QueueMember[]): Promise<Queue> {
  return changeQueue(ctx, actor, tenantId, id, ifMatch, {
    apply(current, config) {
      checkMembers(config, members, '');
      const { tenantId: _t, id: _i, version: _v, createdAt: _c, updatedAt: _u, ...rest } = current;
      return { ...rest, members };
    },
  });
}

/**
 * Deletes a queue that is not the default, that no help topic defaults to, and that holds no ticket
 * that is not closed. Closed tickets keep their queue id (their history).
 */
export async function deleteQueue(ctx: Ctx, actor: Actor, tenantId: string, id: string, ifMatch: number | undefined): Promise<void> {
  const repo = createQueueRepo(ctx.db);
  for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
    const config = await createTenantConfigRepo(ctx.db).load(tenantId);
    const current = config.queues.find((q) => q.id === id);
    if (!current) throw new AppError('not_found', `No queue ${id}`);
    checkVersion(ifMatch, current.version);
    const blockers = deleteBlockers(id, defaultQueueOf(config), config.helpTopics);
    if (blockers.length) throw unprocessable(blockers.map((b) => b.message).join('. '), blockers);
    const holds = await createTicketRepo(ctx.db).queueHoldsOpenTicket(tenantId, id);
    if (holds !== 'no') {
      throw unprocessable(
        holds === 'yes' ? 'The queue still holds tickets that are not closed: move or close them first' : 'The queue holds too many tickets to check cheaply for open ones',
        [{ field: 'tickets', code: holds === 'yes' ? 'has_open_tickets' : 'too_many_tickets' }],
      );
    }
    if (!(await repo.removeIfVersion(tenantId, id, current.version))) {
      if (ifMatch !== undefined) throw conflict((await repo.get(tenantId, id))?.version ?? current.version);
      await backoff(attempt);
      continue;
    }
    // A "make default" that ran meanwhile (it found the queue still there) must not be left
    // pointing at nothing: put the queue back and say so.
    if ((await storedDefaultQueueId(ctx, tenantId)) === id) {
      await repo.create(current);
      throw unprocessable('The queue became the default meanwhile; it was not deleted', [{ field: 'isDefault', code: 'is_default' }]);
    }
    await recordAudit(ctx, actor, tenantId, { kind: 'queue', objectId: id, action: 'delete', before: toQueue(current, false) });
    return;
  }
  throw new AppError('conflict', 'The queue is changing too often; try again');
}
