import { createTicket } from '../../../shared/ticket/ticket.service.ts';
import { createTicketSchema } from '../../../shared/ticket/ticket.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: createTicketSchema }, async ({ deps, actor, params, body }) => ({
  status: 201,
  body: await createTicket(deps, actor, params.tenantId!, body),
}));
