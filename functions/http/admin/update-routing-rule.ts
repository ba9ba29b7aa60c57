import { putBody } from '../../../shared/platform/config-write.ts';
import { updateRoutingRule } from '../../../shared/routing/routing.service.ts';
import { updateRuleSchema } from '../../../shared/routing/routing.schema.ts';
import { parseIfMatch } from '../../../shared/ticket/ticket.service.ts';
import { header, httpHandler } from '../../lib/http.ts';

// A rule PUT ignores `position` (reorder with …/routing-rules/order).
export const handler = httpHandler({ body: putBody(updateRuleSchema, ['position']) }, async ({ deps, actor, params, body, event }) => ({
  status: 200,
  body: await updateRoutingRule(deps, actor, params.tenantId!, params.id!, parseIfMatch(header(event, 'if-match')), body),
}));
