import { getQueue } from '../../../shared/tenant/directory.service.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({}, async ({ deps, params }) => ({ status: 200, body: await getQueue(deps.db, params.tenantId!, params.id!) }));
