// Pure rules of queues: which one is the default, who may be a member, what blocks a delete.
import type { ErrorDetail } from '../platform/errors.ts';
import type { QueueMember, StoredQueue } from './queue.repo.ts';

type QueueRef = Pick<StoredQueue, 'id' | 'createdAt'>;

/**
 * The tenant's default queue: the routing tab's `defaultQueueId` when it names an existing queue;
 * a tenant that never chose one (or whose choice is gone) falls back to its oldest queue.
 */
export function effectiveDefaultQueueId(queues: readonly QueueRef[], routingDefault: string | undefined): string | undefined {
  if (routingDefault && queues.some((q) => q.id === routingDefault)) return routingDefault;
  const oldest = [...queues].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))[0];
  return oldest?.id;
}

/** Members that are not internal users of the tenant (one detail each, by position). */
export function memberIssues(members: readonly Pick<QueueMember, 'userId'>[], tenantUserIds: ReadonlySet<string>, field = 'members'): ErrorDetail[] {
  return members.flatMap((m, i) =>
    tenantUserIds.has(m.userId) ? [] : [{ field: [field, i, 'userId'].filter((p) => p !== '').join('.'), code: 'invalid_reference', message: `${m.userId} is not an internal user of this tenant` }],
  );
}

/** Why a queue may not be deleted, apart from its tickets: it is the default, or help topics default to it. */
export function deleteBlockers(queueId: string, defaultQueueId: string | undefined, topics: readonly { id: string; name: string; defaults: { queueId?: string } }[]): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  if (queueId === defaultQueueId) details.push({ field: 'isDefault', code: 'is_default', message: 'The default queue cannot be deleted; make another queue the default first' });
  const using = topics.filter((t) => t.defaults.queueId === queueId);
  if (using.length) {
    details.push({
      field: 'helpTopics',
      code: 'in_use',
      message: `Help topics default to this queue: ${using.map((t) => `${t.name} (${t.id})`).join(', ')}`,
      helpTopicIds: using.map((t) => t.id),
    });
  }
  return details;
}
