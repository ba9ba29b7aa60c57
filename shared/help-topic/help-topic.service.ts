// Help topic use cases (SPEC §3 Help topics): create, replace, delete — defaults checked against the
// tenant's queues and agents (one configuration query), versioned, and audited. Deactivating a topic
// hides it from the create form; tickets that carry it keep it.
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../identity/actor.ts';
import { checkVersion, versionConflict } from '../platform/config-write.ts';
import type { ServiceContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import type { HelpTopic } from '../tenant/directory.service.ts';
import { createTenantConfigRepo, type TenantConfig, isAgentOf } from '../tenant/tenant-config.ts';
import { createHelpTopicRepo, type HelpTopicDefaults, type StoredHelpTopic } from './help-topic.repo.ts';
import { defaultsIssues } from './help-topic.rules.ts';
import type { HelpTopicInput } from './help-topic.schema.ts';
import { WRITE_ATTEMPTS, backoff } from '../platform/retry.ts';

type Ctx = Pick<ServiceContext, 'db' | 'clock' | 'ids'>;

const conflict = (current: number) => versionConflict(current, 'The help topic');

const toTopic = ({ tenantId: _t, ...rest }: StoredHelpTopic): HelpTopic => rest;

function checkDefaults(config: TenantConfig, defaults: HelpTopicDefaults, previous?: HelpTopicDefaults): void {
  const issues = defaultsIssues(
    defaults,
    {
      queueIds: new Set(config.queues.map((q) => q.id)),
      agentIds: new Set(config.members.filter((m) => isAgentOf(config, m.userId)).map((m) => m.userId)),
    },
    previous,
  );
  if (issues.length) throw new AppError('unprocessable', 'A default of the help topic does not exist in this tenant', issues);
}

const fields = (input: HelpTopicInput) => ({
  name: input.name,
  ...(input.description ? { description: input.description } : {}),
  active: input.active,
  defaults: Object.fromEntries(Object.entries(input.defaults).filter(([, v]) => v !== undefined)) as HelpTopicDefaults,
});

export async function createHelpTopic(ctx: Ctx, actor: Actor, tenantId: string, input: HelpTopicInput): Promise<HelpTopic> {
  const config = await createTenantConfigRepo(ctx.db).load(tenantId);
  checkDefaults(config, input.defaults);
  const at = ctx.clock.now().toISOString();
  const topic: StoredHelpTopic = { tenantId, id: `ht_${ctx.ids.next()}`, ...fields(input), version: 1, createdAt: at, updatedAt: at };
  if (!(await createHelpTopicRepo(ctx.db).create(topic))) throw new AppError('conflict', `Help topic ${topic.id} exists`);
  const created = toTopic(topic);
  await recordAudit(ctx, actor, tenantId, { kind: 'help-topic', objectId: topic.id, action: 'create', after: created });
  return created;
}

export async function updateHelpTopic(ctx: Ctx, actor: Actor, tenantId: string, id: string, ifMatch: number | undefined, input: HelpTopicInput): Promise<HelpTopic> {
  const repo = createHelpTopicRepo(ctx.db);
  for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
    const config = await createTenantConfigRepo(ctx.db).load(tenantId);
    const current = config.helpTopics.find((t) => t.id === id);
    if (!current) throw new AppError('not_found', `No help topic ${id}`);
    checkVersion(ifMatch, current.version);
    checkDefaults(config, input.defaults, current.defaults);
    const next: StoredHelpTopic = { tenantId, id, ...fields(input), version: current.version + 1, createdAt: current.createdAt, updatedAt: ctx.clock.now().toISOString() };
    if (await repo.putIfVersion(next, current.version)) {
      const after = toTopic(next);
      await recordAudit(ctx, actor, tenantId, { kind: 'help-topic', objectId: id, action: 'update', before: toTopic(current), after });
      return after;
    }
    if (ifMatch !== undefined) throw conflict((await repo.get(tenantId, id))?.version ?? current.version);
    await backoff(attempt);
  }
  throw new AppError('conflict', 'The help topic is changing too often; try again');
}

/** Deletes a help topic; tickets keep their `helpTopicId` (their history). */
export async function deleteHelpTopic(ctx: Ctx, actor: Actor, tenantId: string, id: string, ifMatch: number | undefined): Promise<void> {
  const repo = createHelpTopicRepo(ctx.db);
  for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
    const current = await repo.get(tenantId, id);
    if (!current) throw new AppError('not_found', `No help topic ${id}`);
    checkVersion(ifMatch, current.version);
    if (await repo.removeIfVersion(tenantId, id, current.version)) {
      await recordAudit(ctx, actor, tenantId, { kind: 'help-topic', objectId: id, action: 'delete', before: toTopic(current) });
      return;
    }
    if (ifMatch !== undefined) throw conflict((await repo.get(tenantId, id))?.version ?? current.version);
    await backoff(attempt);
  }
  throw new AppError('conflict', 'The help topic is changing too often; try again');
}
