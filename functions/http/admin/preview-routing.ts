import { previewRouting } from '../../../shared/routing/routing.service.ts';
import { previewRuleSchema } from '../../../shared/routing/routing.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: previewRuleSchema }, async ({ deps, params, body }) => ({ status: 200, body: await previewRouting(deps, params.tenantId!, body.ticket) }));
