// The read side of a tenant's configuration: queues, help topics and agents, each answered from the
// one-query tenant configuration.
import { AppError } from '../platform/errors.ts';
import type { Db } from '../platform/db.ts';
import type { StoredQueue } from '../queue/queue.repo.ts';
import { effectiveDefaultQueueId } from '../queue/queue.rules.ts';
import type { StoredHelpTopic } from '../help-topic/help-topic.repo.ts';
import { createTenantConfigRepo, type TenantConfig } from './tenant-config.ts';

export type Queue = Omit<StoredQueue, 'tenantId'> & { isDefault: boolean };
export type HelpTopic = Omit<StoredHelpTopic, 'tenantId'>;
export type Agent = { id: string; name: string; email: string; roles: string[] };

const load = (db: Db, tenantId: string) => createTenantConfigRepo(db).load(tenantId);

/** `isDefault` is derived: the routing tab's default queue (else the tenant's oldest queue). */
export const defaultQueueOf = (config: Pick<TenantConfig, 'queues' | 'settings'>) => effectiveDefaultQueueId(config.queues, config.settings.routing?.defaultQueueId);
export function toQueue(q: StoredQueue, isDefault: boolean): Queue {
  const { tenantId: _t, ...rest } = q;
  return { ...rest, isDefault };
}
const toTopic = ({ tenantId: _t, ...rest }: StoredHelpTopic): HelpTopic => rest;

export async function listQueues(db: Db, tenantId: string): Promise<{ items: Queue[] }> {
  const config = await load(db, tenantId);
  const defaultQueueId = defaultQueueOf(config);
  return { items: config.queues.map((q) => toQueue(q, q.id === defaultQueueId)).sort((a, b) => a.name.localeCompare(b.name)) };
}

export async function getQueue(db: Db, tenantId: string, id: string): Promise<Queue> {
  const config = await load(db, tenantId);
  const queue = config.queues.find((q) => q.id === id);
  if (!queue) throw new AppError('not_found', `No queue ${id}`);
  return toQueue(queue, queue.id === defaultQueueOf(config));
}

export async function listHelpTopics(db: Db, tenantId: string): Promise<{ items: HelpTopic[] }> {
  return { items: (await load(db, tenantId)).helpTopics.map(toTopic).sort((a, b) => a.name.localeCompare(b.name)) };
}

export async function getHelpTopic(db: Db, tenantId: string, id: string): Promise<HelpTopic> {
  const topic = (await load(db, tenantId)).helpTopics.find((t) => t.id === id);
  if (!topic) throw new AppError('not_found', `No help topic ${id}`);
  return toTopic(topic);
}

export async function listAgents(db: Db, tenantId: string): Promise<{ items: Agent[] }> {
  const { members } = await load(db, tenantId);
  return { items: members.map((m) => ({ id: m.userId, name: m.name, email: m.email, roles: m.roles })).sort((a, b) => a.name.localeCompare(b.name)) };
}
