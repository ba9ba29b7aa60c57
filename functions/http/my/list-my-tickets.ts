import { listMyTickets } from '../../../shared/ticket/ticket-list.service.ts';
import { pageQuerySchema } from '../../../shared/ticket/ticket.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ query: pageQuerySchema }, async ({ deps, actor, query }) => ({ status: 200, body: await listMyTickets(deps, actor, query) }));
