import { createRoutingRule } from '../../../shared/routing/routing.service.ts';
import { createRuleSchema } from '../../../shared/routing/routing.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: createRuleSchema }, async ({ deps, actor, params, body }) => ({ status: 201, body: await createRoutingRule(deps, actor, params.tenantId!, body) }));
