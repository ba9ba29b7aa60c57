import { deleteCannedResponse } from '../../../shared/canned-response/canned-response.service.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({}, async ({ deps, actor, params, ifMatch }) => {
  await deleteCannedResponse(deps, actor, params.tenantId!, params.id!, ifMatch);
  return { status: 204 };
});
