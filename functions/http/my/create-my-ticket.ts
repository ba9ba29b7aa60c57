import { createMyTicket } from '../../../shared/ticket/ticket.service.ts';
import { myCreateTicketSchema } from '../../../shared/ticket/ticket.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: myCreateTicketSchema }, async ({ deps, actor, body }) => ({ status: 201, body: await createMyTicket(deps, actor, body) }));
