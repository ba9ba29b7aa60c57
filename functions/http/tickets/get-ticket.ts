import { getTicket } from '../../../shared/ticket/ticket.service.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({}, async ({ deps, params }) => ({ status: 200, body: await getTicket(deps, params.tenantId!, params.number!) }));
