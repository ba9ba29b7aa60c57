import { updateCannedResponse } from '../../../shared/canned-response/canned-response.service.ts';
import { cannedResponseBodySchema } from '../../../shared/canned-response/canned-response.schema.ts';
import { putBody } from '../../../shared/platform/config-write.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: putBody(cannedResponseBodySchema) }, async ({ deps, actor, params, body, ifMatch }) => ({
  status: 200,
  body: await updateCannedResponse(deps, actor, params.tenantId!, params.id!, ifMatch, body),
}));
