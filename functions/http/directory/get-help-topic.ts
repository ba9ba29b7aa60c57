import { getHelpTopic } from '../../../shared/tenant/directory.service.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({}, async ({ deps, params }) => ({ status: 200, body: await getHelpTopic(deps.db, params.tenantId!, params.id!) }));
