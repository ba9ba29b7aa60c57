// What routing does to one ticket (SPEC §3 Routing rules, Queues): the winning rule's action, kept
// away from explicit choices, then the fallback queue. Pure: the service reads and writes around it.
import { stepUp } from '../sla/sla.rules.ts';
import type { Evaluation } from './routing.rules.ts';
import type { RuleAction } from './routing.schema.ts';

type Priority = 'low' | 'medium' | 'high' | 'urgent';

export type PlanTicket = {
  queueId?: string;
  assigneeId?: string;
  explicitQueue: boolean;
  explicitAssignee: boolean;
  priority: Priority;
};

export type RoutePlan = {
  ruleId?: string;
  action?: RuleAction;
  /** The winning action was not applied: it would replace an explicit queue or assignee. */
  keptExplicit?: 'queue' | 'assignee';
  queueId?: string;
  assigneeId?: string;
  priority: Priority;
  escalated: boolean;
  /** The queue came from the help topic or the tenant's default, not from a rule. */
  fallback?: 'help_topic' | 'default';
  /** Rules that matched but point at a queue or user that no longer exists. */
  skipped: string[];
};

export function planRoute(ticket: PlanTicket, evaluation: Evaluation, fallbacks: { topicQueueId?: string; defaultQueueId?: string }): RoutePlan {
  const plan: RoutePlan = {
    ...(ticket.queueId ? { queueId: ticket.queueId } : {}),
    ...(ticket.assigneeId ? { assigneeId: ticket.assigneeId } : {}),
    priority: ticket.priority,
    escalated: false,
    skipped: evaluation.trace.filter((t) => t.skipped === 'missing_target').map((t) => t.ruleId),
  };
  const action = evaluation.action;
  if (evaluation.ruleId && action) {
    plan.ruleId = evaluation.ruleId;
    plan.action = action;
    switch (action.type) {
      case 'assign_to_queue':
        if (ticket.explicitQueue) plan.keptExplicit = 'queue';
        else plan.queueId = action.queueId;
        break;
      case 'reassign_queue':
        if (ticket.explicitQueue) plan.keptExplicit = 'queue';
        else if (!ticket.queueId) plan.queueId = action.queueId;
        else if (ticket.explicitAssignee && ticket.assigneeId) plan.keptExplicit = 'assignee';
        else if (action.queueId !== ticket.queueId) {
          plan.queueId = action.queueId;
          delete plan.assigneeId;
        }
        break;
      case 'assign_to_user':
        if (ticket.explicitAssignee && ticket.assigneeId) plan.keptExplicit = 'assignee';
        else plan.assigneeId = action.userId;
        break;
      case 'escalate':
        plan.priority = stepUp(ticket.priority);
        plan.escalated = true;
        break;
    }
  }
  if (!plan.queueId) {
    if (fallbacks.topicQueueId) Object.assign(plan, { queueId: fallbacks.topicQueueId, fallback: 'help_topic' });
    else if (fallbacks.defaultQueueId) Object.assign(plan, { queueId: fallbacks.defaultQueueId, fallback: 'default' });
  }
  return plan;
}
