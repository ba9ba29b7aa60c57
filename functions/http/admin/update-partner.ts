import { updatePartner } from '../../../shared/partner/partner-admin.service.ts';
import { updatePartnerSchema } from '../../../shared/partner/partner.schema.ts';
import { putBody } from '../../../shared/platform/config-write.ts';
import { httpHandler } from '../../lib/http.ts';

// A partner PUT ignores `status` and `mergedInto` (use close and merge).
export const handler = httpHandler({ body: putBody(updatePartnerSchema, ['status', 'mergedInto']) }, async ({ deps, actor, params, body, ifMatch }) => ({
  status: 200,
  body: await updatePartner(deps, actor, params.tenantId!, params.id!, ifMatch, body),
}));
