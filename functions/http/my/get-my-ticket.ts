import { getMyTicket } from '../../../shared/ticket/ticket.service.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({}, async ({ deps, actor, params }) => ({ status: 200, body: await getMyTicket(deps, actor, params.number!) }));
