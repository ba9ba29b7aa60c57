import { closeMyTicket } from '../../../shared/ticket/ticket.service.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({}, async ({ deps, actor, params }) => ({ status: 200, body: await closeMyTicket(deps, actor, params.number!) }));
