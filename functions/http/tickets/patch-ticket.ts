import { patchTicket } from '../../../shared/ticket/ticket.service.ts';
import { patchTicketSchema } from '../../../shared/ticket/ticket.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: patchTicketSchema }, async ({ deps, actor, params, body, ifMatch }) => ({
  status: 200,
  body: await patchTicket(deps, actor, params.tenantId!, params.number!, ifMatch, body),
}));
