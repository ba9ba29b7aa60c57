import { createPartner } from '../../../shared/partner/partner-admin.service.ts';
import { createPartnerSchema } from '../../../shared/partner/partner.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: createPartnerSchema }, async ({ deps, actor, params, body }) => ({ status: 201, body: await createPartner(deps, actor, params.tenantId!, body) }));
