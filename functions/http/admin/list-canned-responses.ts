import { listCannedResponses } from '../../../shared/canned-response/canned-response.service.ts';
import { listCannedQuerySchema } from '../../../shared/canned-response/canned-response.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ query: listCannedQuerySchema }, async ({ deps, params, query }) => ({ status: 200, body: await listCannedResponses(deps, params.tenantId!, query) }));
