import { mergePartner } from '../../../shared/partner/partner-admin.service.ts';
import { mergePartnerSchema } from '../../../shared/partner/partner.schema.ts';
import { parseIfMatch } from '../../../shared/ticket/ticket.service.ts';
import { header, httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: mergePartnerSchema }, async ({ deps, actor, params, body, event }) => ({
  status: 200,
  body: await mergePartner(deps, actor, params.tenantId!, params.id!, parseIfMatch(header(event, 'if-match')), body),
}));
