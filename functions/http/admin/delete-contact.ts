import { deleteContact } from '../../../shared/partner/partner-admin.service.ts';
import { parseIfMatch } from '../../../shared/ticket/ticket.service.ts';
import { header, httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({}, async ({ deps, actor, params, event }) => {
  await deleteContact(deps, actor, params.tenantId!, params.bpId!, params.contactId!, parseIfMatch(header(event, 'if-match')));
  return { status: 204 };
});
