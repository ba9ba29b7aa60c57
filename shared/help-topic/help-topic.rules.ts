// Pure checks of a help topic's defaults against the tenant's queues and agents.
import type { ErrorDetail } from '../platform/errors.ts';
import type { HelpTopicDefaults } from './help-topic.repo.ts';

/**
 * References in `defaults` that do not hold: a queue that is not the tenant's, an assignee who is not
 * an agent of the tenant. A reference equal to the one already saved (`previous`) is not re-checked,
 * so a PUT of exactly what GET returned still succeeds after, say, an agent left the tenant.
 */
export function defaultsIssues(
  defaults: HelpTopicDefaults,
  tenant: { queueIds: ReadonlySet<string>; agentIds: ReadonlySet<string> },
  previous?: HelpTopicDefaults,
): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  if (defaults.queueId !== undefined && defaults.queueId !== previous?.queueId && !tenant.queueIds.has(defaults.queueId)) {
    issues.push({ field: 'defaults.queueId', code: 'invalid_reference', message: `Queue ${defaults.queueId} does not exist` });
  }
  if (defaults.assigneeId !== undefined && defaults.assigneeId !== previous?.assigneeId && !tenant.agentIds.has(defaults.assigneeId)) {
    issues.push({ field: 'defaults.assigneeId', code: 'invalid_reference', message: `${defaults.assigneeId} is not an agent of this tenant` });
  }
  return issues;
}
