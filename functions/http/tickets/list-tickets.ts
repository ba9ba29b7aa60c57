import { listTickets } from '../../../shared/ticket/ticket-list.service.ts';
import { listTicketsQuerySchema } from '../../../shared/ticket/ticket.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ query: listTicketsQuerySchema }, async ({ deps, actor, query }) => ({ status: 200, body: await listTickets(deps, actor, query) }));
