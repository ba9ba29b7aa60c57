import { closePartner } from '../../../shared/partner/partner-admin.service.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({}, async ({ deps, actor, params, ifMatch }) => ({
  status: 200,
  body: await closePartner(deps, actor, params.tenantId!, params.id!, ifMatch),
}));
