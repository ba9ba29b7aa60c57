import { previewCannedResponse } from '../../../shared/canned-response/canned-response.service.ts';
import { previewSchema } from '../../../shared/canned-response/canned-response.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: previewSchema }, async ({ deps, actor, params, body }) => ({ status: 200, body: await previewCannedResponse(deps, actor, params.tenantId!, body) }));
