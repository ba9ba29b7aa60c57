import { updateContact } from '../../../shared/partner/partner-admin.service.ts';
import { updateContactSchema } from '../../../shared/partner/partner.schema.ts';
import { putBody } from '../../../shared/platform/config-write.ts';
import { parseIfMatch } from '../../../shared/ticket/ticket.service.ts';
import { header, httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: putBody(updateContactSchema) }, async ({ deps, actor, params, body, event }) => ({
  status: 200,
  body: await updateContact(deps, actor, params.tenantId!, params.bpId!, params.contactId!, parseIfMatch(header(event, 'if-match')), body),
}));
