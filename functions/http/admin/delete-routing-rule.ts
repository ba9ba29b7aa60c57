import { deleteRoutingRule } from '../../../shared/routing/routing.service.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({}, async ({ deps, actor, params, ifMatch }) => {
  await deleteRoutingRule(deps, actor, params.tenantId!, params.id!, ifMatch);
  return { status: 204 };
});
