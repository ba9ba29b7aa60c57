import { listRoutingRules } from '../../../shared/routing/routing.service.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({}, async ({ deps, params }) => ({ status: 200, body: await listRoutingRules(deps, params.tenantId!) }));
