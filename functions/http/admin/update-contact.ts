import { updateContact } from '../../../shared/partner/partner-admin.service.ts';
import { updateContactSchema } from '../../../shared/partner/partner.schema.ts';
import { putBody } from '../../../shared/platform/config-write.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: putBody(updateContactSchema) }, async ({ deps, actor, params, body, ifMatch }) => ({
  status: 200,
  body: await updateContact(deps, actor, params.tenantId!, params.bpId!, params.contactId!, ifMatch, body),
}));
