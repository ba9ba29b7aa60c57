// Routing on events (SPEC §3 Routing rules, Queues): on ticket.created, and on ticket.updated when a
// person changed what rules look at (the tenant's re-route setting on) or moved an unassigned ticket
// into a queue. The same evaluation as the preview, then fallbacks and auto-assignment, committed
// as one `system` change. Idempotent: the ticket records the event version it routed.
import type { ServiceContext } from '../platform/context.ts';
import { WRITE_ATTEMPTS, backoff } from '../platform/retry.ts';
import type { EventEnvelope, EventName, BusEvent } from '../system/events.ts';
import { loadTenantConfig } from '../tenant/config-cache.ts';
import { defaultQueueOf } from '../tenant/directory.service.ts';
import { isAgentOf, type TenantConfig } from '../tenant/tenant-config.ts';
import type { StoredTicket } from '../ticket/ticket.repo.ts';
import { type Changes, describeChanges } from '../ticket/ticket.rules.ts';
import { commit, event, systemEntry, ticketRepos } from '../ticket/ticket.service.ts';
import { createAgentLoadRepo } from './agent-load.repo.ts';
import { chooseAssignee } from './assignment.rules.ts';
import { planRoute } from './route-plan.ts';
import { evaluateRules } from './routing.rules.ts';
import { actionTargetExists } from './routing.service.ts';

/** Fields routing rules look at: a person changing one re-routes (when the tenant says so). */
const ROUTED_FIELDS = ['priority', 'source', 'tags', 'requester'];

export type RouteOutcome = { outcome: 'skipped' | 'duplicate' | 'unchanged' | 'routed'; ruleId?: string; queueId?: string; assigneeId?: string };

const counted = (t: Pick<StoredTicket, 'status' | 'assigneeId'>) => (t.status === 'open' || t.status === 'pending') && t.assigneeId !== undefined;

export async function routeTicketEvent(ctx: ServiceContext, name: EventName, detail: EventEnvelope): Promise<RouteOutcome> {
  // Changes made by routing itself or by the sweep never route again: no cascades, no loops.
  if (detail.actor.type === 'system') return { outcome: 'skipped' };
  const created = name === 'ticket.created';
  const movedTo = (detail.changes?.queueId?.to as string | null | undefined) ?? undefined;
  const routedFieldChanged = Object.keys(detail.changes ?? {}).some((f) => ROUTED_FIELDS.includes(f));
  if (!created && !routedFieldChanged && !movedTo) return { outcome: 'skipped' };

  const repos = ticketRepos(ctx.db);
  const loads = createAgentLoadRepo(ctx.db);
  for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
    // Both reads at once: they are on the way from the create to the ticket's queue.
    const [config, current] = await Promise.all([loadTenantConfig(ctx.db, detail.tenantId), repos.tickets.get(detail.tenantId, detail.number)]);
    const routing = { autoAssign: config.settings.routing?.autoAssign ?? true, rerouteOnUpdate: config.settings.routing?.rerouteOnUpdate ?? true };
    const evaluate = created || (routing.rerouteOnUpdate && routedFieldChanged);
    if (!evaluate && !movedTo) return { outcome: 'skipped' };
    if (!current || current.status === 'resolved' || current.status === 'closed') return { outcome: 'skipped' };
    if ((current.routedVersion ?? 0) >= detail.version) return { outcome: 'duplicate' };

    const evaluation = evaluate ? evaluateRules(config.routingRules, current, { targetExists: (a) => actionTargetExists(config, a) }) : { trace: [] };
    const topic = config.helpTopics.find((t) => t.id === current.helpTopicId);
    const topicQueueId = topic?.defaults.queueId && config.queues.some((q) => q.id === topic.defaults.queueId) ? topic.defaults.queueId : undefined;
    const defaultQueueId = defaultQueueOf(config);
    const plan = planRoute(current, evaluation, { ...(topicQueueId ? { topicQueueId } : {}), ...(defaultQueueId ? { defaultQueueId } : {}) });

    // Auto-assignment: an unassigned ticket entering a queue — at create, by this routing, or moved there by a person.
    const entered = plan.queueId !== undefined && (created || plan.queueId !== current.queueId || movedTo === current.queueId);
    let reserved: string | undefined;
    if (entered && !plan.assigneeId && routing.autoAssign) {
      reserved = await reserveAssignee(ctx, config, loads, current.tenantId, plan.queueId!);
      if (reserved) plan.assigneeId = reserved;
    }

    const now = ctx.clock.now();
    const at = now.toISOString();
    const next: StoredTicket = { ...current, sla: { ...current.sla }, updatedAt: at, routedVersion: detail.version };
    if (plan.queueId) next.queueId = plan.queueId;
    if (plan.assigneeId) next.assigneeId = plan.assigneeId;
    else delete next.assigneeId;
    next.priority = plan.priority;
    if (plan.escalated) next.sla = { ...next.sla, escalationLevel: current.sla.escalationLevel + 1, escalatedAt: at };

    const changes: Changes = {};
    for (const field of ['queueId', 'assigneeId', 'priority'] as const) {
      if (current[field] !== next[field]) changes[field] = { from: current[field] ?? null, to: next[field] ?? null };
    }
    const notes = reportLines(config, plan.skipped, evaluation.ruleId, plan.keptExplicit);
    if (Object.keys(changes).length === 0 && !plan.escalated && notes.length === 0) {
      if (reserved) await loads.add(current.tenantId, reserved, -1);
      return { outcome: 'unchanged' };
    }
    if (Object.keys(changes).length || plan.escalated) next.version = current.version + 1;
    for (const ruleId of plan.skipped) ctx.logger.warn('Routing rule skipped: its target no longer exists', { tenantId: current.tenantId, number: current.number, ruleId });

    const ruleName = (id?: string) => config.routingRules.find((r) => r.id === id)?.name ?? id;
    const names = Object.fromEntries([...config.queues.map((q) => [q.id, q.name]), ...config.members.map((m) => [m.userId, m.name])]);
    const lines = [
      ...(Object.keys(changes).length || plan.escalated
        ? [plan.ruleId && !plan.keptExplicit ? `Routed by rule “${ruleName(plan.ruleId)}”` : plan.fallback ? `Routed to the ${plan.fallback === 'help_topic' ? "help topic's" : 'default'} queue` : 'Routed']
        : []),
      ...(Object.keys(changes).length ? [describeChanges(changes, names)] : []),
      ...(plan.escalated ? [`Escalated to level ${next.sla.escalationLevel}`] : []),
      ...(reserved ? [`Auto-assigned to ${names[reserved] ?? reserved}`] : []),
      ...notes,
    ];
    const entry = systemEntry(ctx, next, lines.join('\n'));
    const eventChanges: Changes = plan.escalated ? { ...changes, sla: { from: current.sla, to: next.sla } } : changes;
    const events: BusEvent[] = [];
    if (next.version !== current.version) events.push(event(ctx, 'system', 'ticket.updated', next, { changes: eventChanges }));
    if (changes.assigneeId) events.push(event(ctx, 'system', 'ticket.assigned', next, { changes: { assigneeId: changes.assigneeId } }));
    if (plan.escalated) events.push(event(ctx, 'system', 'ticket.escalated', next, { data: { reason: 'rule', ruleId: plan.ruleId, level: next.sla.escalationLevel } }));

    if (await commit(ctx, repos, current, next, events, { entries: [entry] })) {
      // Routing keeps the loads of its own assignee changes (the load tracker skips system changes);
      // the auto-assigned one was reserved already.
      if (changes.assigneeId) {
        if (current.assigneeId && counted(current)) await loads.add(current.tenantId, current.assigneeId, -1);
        if (next.assigneeId && next.assigneeId !== reserved && counted(next)) await loads.add(current.tenantId, next.assigneeId, 1);
      }
      return { outcome: 'routed', ...(plan.ruleId ? { ruleId: plan.ruleId } : {}), ...(next.queueId ? { queueId: next.queueId } : {}), ...(next.assigneeId ? { assigneeId: next.assigneeId } : {}) };
    }
    await repos.tickets.deleteEntries([entry]);
    if (reserved) await loads.add(current.tenantId, reserved, -1);
    await backoff(attempt);
  }
  throw new Error(`Routing ${detail.tenantId} ${detail.number} lost its race ${WRITE_ATTEMPTS} times`);
}

/** Lines for the thread about rules that could not act. */
function reportLines(config: TenantConfig, skipped: string[], winner: string | undefined, kept: 'queue' | 'assignee' | undefined): string[] {
  const name = (id: string) => config.routingRules.find((r) => r.id === id)?.name ?? id;
  return [
    ...skipped.map((id) => `Routing rule “${name(id)}” was skipped: its queue or user no longer exists`),
    ...(winner && kept ? [`Routing rule “${name(winner)}” matched; the ticket keeps its explicitly chosen ${kept}`] : []),
  ];
}

/**
 * Picks the least-loaded available member of the queue and takes one ticket on their load item,
 * conditionally on the load seen: concurrent arrivals read again rather than all pick the same person.
 */
async function reserveAssignee(ctx: Pick<ServiceContext, 'db'>, config: TenantConfig, loads: ReturnType<typeof createAgentLoadRepo>, tenantId: string, queueId: string): Promise<string | undefined> {
  const queue = config.queues.find((q) => q.id === queueId);
  if (!queue?.autoAssign) return undefined;
  const members = queue.members.filter((m) => isAgentOf(config, m.userId));
  if (members.length === 0) return undefined;
  for (let attempt = 1; attempt <= WRITE_ATTEMPTS * 2; attempt++) {
    const seen = await loads.loads(tenantId, members.map((m) => m.userId));
    const userId = chooseAssignee(members, seen);
    if (!userId) return undefined;
    if (await loads.reserve(tenantId, userId, seen[userId] ?? 0)) return userId;
    await backoff(attempt);
  }
  // Members are available but every pick lost its race: the event is retried rather than the ticket
  // left unassigned.
  throw new Error(`Auto-assignment in ${tenantId}/${queueId} lost its race ${WRITE_ATTEMPTS * 2} times`);
}
