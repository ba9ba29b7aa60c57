import { createContact } from '../../../shared/partner/partner-admin.service.ts';
import { createContactSchema } from '../../../shared/partner/partner.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: createContactSchema }, async ({ deps, actor, params, body }) => ({ status: 201, body: await createContact(deps, actor, params.tenantId!, params.bpId!, body) }));
