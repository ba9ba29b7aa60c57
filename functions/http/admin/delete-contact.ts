import { deleteContact } from '../../../shared/partner/partner-admin.service.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({}, async ({ deps, actor, params, ifMatch }) => {
  await deleteContact(deps, actor, params.tenantId!, params.bpId!, params.contactId!, ifMatch);
  return { status: 204 };
});
