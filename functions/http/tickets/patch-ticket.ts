import { parseIfMatch, patchTicket } from '../../../shared/ticket/ticket.service.ts';
import { patchTicketSchema } from '../../../shared/ticket/ticket.schema.ts';
import { header, httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: patchTicketSchema }, async ({ deps, actor, params, body, event }) => ({
  status: 200,
  body: await patchTicket(deps, actor, params.tenantId!, params.number!, parseIfMatch(header(event, 'if-match')), body),
}));
