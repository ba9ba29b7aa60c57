import { replyToMyTicket } from '../../../shared/ticket/ticket.service.ts';
import { myReplySchema } from '../../../shared/ticket/ticket.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: myReplySchema }, async ({ deps, actor, params, body }) => ({ status: 201, body: await replyToMyTicket(deps, actor, params.number!, body) }));
