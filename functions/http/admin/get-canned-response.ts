import { getCannedResponse } from '../../../shared/canned-response/canned-response.service.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({}, async ({ deps, params }) => ({ status: 200, body: await getCannedResponse(deps, params.tenantId!, params.id!) }));
