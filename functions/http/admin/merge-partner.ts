import { mergePartner } from '../../../shared/partner/partner-admin.service.ts';
import { mergePartnerSchema } from '../../../shared/partner/partner.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: mergePartnerSchema }, async ({ deps, actor, params, body, ifMatch }) => ({
  status: 200,
  body: await mergePartner(deps, actor, params.tenantId!, params.id!, ifMatch, body),
}));
