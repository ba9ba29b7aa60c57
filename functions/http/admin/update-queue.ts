import { updateQueue } from '../../../shared/queue/queue.service.ts';
import { queuePutSchema } from '../../../shared/queue/queue.schema.ts';
import { parseIfMatch } from '../../../shared/ticket/ticket.service.ts';
import { header, httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: queuePutSchema }, async ({ deps, actor, params, body, event }) => ({
  status: 200,
  body: await updateQueue(deps, actor, params.tenantId!, params.id!, parseIfMatch(header(event, 'if-match')), body),
}));
