import { reorderRoutingRules } from '../../../shared/routing/routing.service.ts';
import { reorderSchema } from '../../../shared/routing/routing.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: reorderSchema }, async ({ deps, actor, params, body }) => ({ status: 200, body: await reorderRoutingRules(deps, actor, params.tenantId!, body.ids) }));
