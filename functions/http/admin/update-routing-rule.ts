import { putBody } from '../../../shared/platform/config-write.ts';
import { updateRoutingRule } from '../../../shared/routing/routing.service.ts';
import { updateRuleSchema } from '../../../shared/routing/routing.schema.ts';
import { httpHandler } from '../../lib/http.ts';

// A rule PUT ignores `position` (reorder with …/routing-rules/order).
export const handler = httpHandler({ body: putBody(updateRuleSchema, ['position']) }, async ({ deps, actor, params, body, ifMatch }) => ({
  status: 200,
  body: await updateRoutingRule(deps, actor, params.tenantId!, params.id!, ifMatch, body),
}));
