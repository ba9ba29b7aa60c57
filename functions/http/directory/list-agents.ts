import { listAgents } from '../../../shared/tenant/directory.service.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({}, async ({ deps, params }) => ({ status: 200, body: await listAgents(deps.db, params.tenantId!) }));
