import { renderCannedResponse } from '../../../shared/canned-response/canned-response.service.ts';
import { renderQuerySchema } from '../../../shared/canned-response/canned-response.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ query: renderQuerySchema }, async ({ deps, actor, params, query }) => ({
  status: 200,
  body: await renderCannedResponse(deps, actor, params.tenantId!, params.id!, query.ticket),
}));
