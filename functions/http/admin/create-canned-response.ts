import { createCannedResponse } from '../../../shared/canned-response/canned-response.service.ts';
import { cannedResponseBodySchema } from '../../../shared/canned-response/canned-response.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: cannedResponseBodySchema }, async ({ deps, actor, params, body }) => ({ status: 201, body: await createCannedResponse(deps, actor, params.tenantId!, body) }));
