// Routing rules: CRUD and order (admin), and the preview that evaluates a tenant's rules against a
// ticket with the same pure function routing uses (changes nothing).
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../identity/actor.ts';
import { checkVersion, versionConflict } from '../platform/config-write.ts';
import type { ServiceContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import { isAgentOf, type TenantConfig } from '../tenant/tenant-config.ts';
import { findTicket, ticketRepos } from '../ticket/ticket.service.ts';
import { createRoutingRuleRepo, type StoredRule } from './routing.repo.ts';
import { type Evaluation, evaluateRules, insertAt, reorderProblems } from './routing.rules.ts';
import type { CreateRuleInput, RoutingRule, RuleAction, UpdateRuleInput } from './routing.schema.ts';
import { backoff } from '../platform/retry.ts';

type Ctx = Pick<ServiceContext, 'db' | 'clock' | 'ids'>;

/** Order writes race on the order item's version; each round one wins. */
const ORDER_ATTEMPTS = 8;

const loadConfig = (ctx: Pick<ServiceContext, 'db'>, tenantId: string) => ticketRepos(ctx.db).config.load(tenantId);

function toView(rule: StoredRule, position: number): RoutingRule {
  const { tenantId: _t, ...rest } = rule;
  return { id: rest.id, name: rest.name, enabled: rest.enabled, position, match: rest.match, clauses: rest.clauses, action: rest.action, version: rest.version, createdAt: rest.createdAt, updatedAt: rest.updatedAt };
}
const viewsOf = (rules: StoredRule[]) => rules.map((r, i) => toView(r, i));

function find(config: TenantConfig, id: string): { rule: StoredRule; position: number } {
  const position = config.routingRules.findIndex((r) => r.id === id);
  if (position < 0) throw new AppError('not_found', `No routing rule ${id}`);
  return { rule: config.routingRules[position]!, position };
}


/** Whether an action's queue or user exists in the tenant now. */
export function actionTargetExists(config: TenantConfig, action: RuleAction): boolean {
  if (action.type === 'assign_to_queue' || action.type === 'reassign_queue') return config.queues.some((q) => q.id === action.queueId);
  if (action.type === 'assign_to_user') return isAgentOf(config, action.userId);
  return true;
}

const actionKey = (a: RuleAction): string => [a.type, 'queueId' in a ? a.queueId : '', 'userId' in a ? a.userId : ''].join('\n');

function checkAction(config: TenantConfig, action: RuleAction): void {
  if (actionTargetExists(config, action)) return;
  const [field, message] = 'queueId' in action ? ['action.queueId', `Queue ${action.queueId} does not exist`] : ['action.userId', `${(action as { userId: string }).userId} is not an agent of this tenant`];
  throw new AppError('unprocessable', message, [{ field, code: 'invalid_reference', message }]);
}

export async function listRoutingRules(ctx: Pick<ServiceContext, 'db'>, tenantId: string): Promise<{ items: RoutingRule[] }> {
  return { items: viewsOf((await loadConfig(ctx, tenantId)).routingRules) };
}

/**
 * Writes the order `change` makes of the current one, retrying when another write lands meanwhile.
 * Answers the config the order was based on and the order written.
 */
async function writeOrder(ctx: Ctx, tenantId: string, change: (config: TenantConfig) => string[]): Promise<{ config: TenantConfig; ids: string[] }> {
  const repo = createRoutingRuleRepo(ctx.db);
  for (let attempt = 0; attempt < ORDER_ATTEMPTS; attempt++) {
    const config = await loadConfig(ctx, tenantId);
    const ids = change(config);
    if (await repo.putOrder(tenantId, ids, config.ruleOrder.version, ctx.clock.now())) return { config, ids };
    await backoff(attempt + 1);
  }
  throw new AppError('conflict', 'The rule order kept changing meanwhile; try again', [{ field: 'ids', code: 'busy' }]);
}

export async function createRoutingRule(ctx: Ctx, actor: Actor, tenantId: string, input: CreateRuleInput): Promise<RoutingRule> {
  const config = await loadConfig(ctx, tenantId);
  const count = config.routingRules.length;
  if (input.position !== undefined && input.position > count) {
    throw new AppError('validation_failed', `position must be between 0 and ${count}`, [{ field: 'position', code: 'too_big', message: `At most ${count}` }]);
  }
  checkAction(config, input.action);
  const at = ctx.clock.now().toISOString();
  const rule: StoredRule = { tenantId, id: `rr_${ctx.ids.next()}`, name: input.name, enabled: input.enabled, match: input.match, clauses: input.clauses, action: input.action, version: 1, createdAt: at, updatedAt: at };
  // The rule first: were the order write to fail, the rule still exists, after the ordered ones.
  if (!(await createRoutingRuleRepo(ctx.db).create(rule))) throw new Error(`Routing rule id ${rule.id} was already taken`);
  const { ids } = await writeOrder(ctx, tenantId, (c) => insertAt(c.routingRules.map((r) => r.id), rule.id, input.position));
  const view = toView(rule, ids.indexOf(rule.id));
  await recordAudit(ctx, actor, tenantId, { kind: 'routing-rule', objectId: rule.id, action: 'create', after: view });
  return view;
}

export async function updateRoutingRule(ctx: Ctx, actor: Actor, tenantId: string, id: string, ifMatch: number | undefined, input: UpdateRuleInput): Promise<RoutingRule> {
  const config = await loadConfig(ctx, tenantId);
  const { rule: current, position } = find(config, id);
  checkVersion(ifMatch, current.version);
  // An unchanged action is not checked again: a rule whose queue or user is gone (skipped by routing)
  // can still be renamed or disabled.
  if (actionKey(input.action) !== actionKey(current.action)) checkAction(config, input.action);
  const next: StoredRule = { ...current, name: input.name, enabled: input.enabled, match: input.match, clauses: input.clauses, action: input.action, version: current.version + 1, updatedAt: ctx.clock.now().toISOString() };
  if (!(await createRoutingRuleRepo(ctx.db).replace(next, current.version))) await changedMeanwhile(ctx, tenantId, id);
  await recordAudit(ctx, actor, tenantId, { kind: 'routing-rule', objectId: id, action: 'update', before: toView(current, position), after: toView(next, position) });
  return toView(next, position);
}

export async function deleteRoutingRule(ctx: Ctx, actor: Actor, tenantId: string, id: string, ifMatch: number | undefined): Promise<void> {
  const { rule, position } = find(await loadConfig(ctx, tenantId), id);
  checkVersion(ifMatch, rule.version);
  if (!(await createRoutingRuleRepo(ctx.db).delete(tenantId, id, rule.version))) await changedMeanwhile(ctx, tenantId, id);
  // Tidy the order; an id left behind is ignored by every reader.
  await writeOrder(ctx, tenantId, (c) => c.routingRules.map((r) => r.id).filter((x) => x !== id)).catch(() => undefined);
  await recordAudit(ctx, actor, tenantId, { kind: 'routing-rule', objectId: id, action: 'delete', before: toView(rule, position) });
}

async function changedMeanwhile(ctx: Pick<ServiceContext, 'db'>, tenantId: string, id: string): Promise<never> {
  const now = await createRoutingRuleRepo(ctx.db).get(tenantId, id);
  if (!now) throw new AppError('not_found', `No routing rule ${id}`);
  throw versionConflict(now.version, 'The rule');
}

/** `PUT …/routing-rules/order`: every rule of the tenant exactly once (422 otherwise, nothing changes). */
export async function reorderRoutingRules(ctx: Ctx, actor: Actor, tenantId: string, ids: string[]): Promise<{ items: RoutingRule[] }> {
  let before: string[] = [];
  const { config } = await writeOrder(ctx, tenantId, (c) => {
    before = c.routingRules.map((r) => r.id);
    const problems = reorderProblems(before, ids);
    if (problems.length) {
      throw new AppError(
        'unprocessable',
        'The order must list every routing rule of the tenant exactly once',
        problems.map((p) => ({ field: 'ids', code: p.code, ids: p.ids, message: `${p.code === 'duplicate' ? 'Listed more than once' : p.code === 'unknown' ? 'Not a rule of this tenant' : 'Missing'}: ${p.ids.join(', ')}` })),
      );
    }
    return ids;
  });
  const byId = new Map(config.routingRules.map((r) => [r.id, r]));
  await recordAudit(ctx, actor, tenantId, { kind: 'routing-order', objectId: 'routing-rules', action: 'update', before: { ids: before }, after: { ids } });
  return { items: viewsOf(ids.map((id) => byId.get(id)!)) };
}

/** `POST …/routing-rules/preview`: which rule would win for a ticket, and why (an unknown ticket → 422). */
export async function previewRouting(ctx: Pick<ServiceContext, 'db'>, tenantId: string, number: string): Promise<Evaluation> {
  const [config, ticket] = await Promise.all([loadConfig(ctx, tenantId), findTicket(ctx, tenantId, number)]);
  if (!ticket) throw new AppError('unprocessable', `No ticket ${number}`, [{ field: 'ticket', code: 'invalid_reference', message: `No ticket ${number}` }]);
  return evaluateRules(config.routingRules, ticket, { targetExists: (action) => actionTargetExists(config, action) });
}
