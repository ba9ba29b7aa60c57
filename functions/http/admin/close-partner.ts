import { closePartner } from '../../../shared/partner/partner-admin.service.ts';
import { parseIfMatch } from '../../../shared/ticket/ticket.service.ts';
import { header, httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({}, async ({ deps, actor, params, event }) => ({
  status: 200,
  body: await closePartner(deps, actor, params.tenantId!, params.id!, parseIfMatch(header(event, 'if-match'))),
}));
