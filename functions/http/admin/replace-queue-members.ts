import { replaceQueueMembers } from '../../../shared/queue/queue.service.ts';
import { queueMembersBodySchema } from '../../../shared/queue/queue.schema.ts';
import { parseIfMatch } from '../../../shared/ticket/ticket.service.ts';
import { header, httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: queueMembersBodySchema }, async ({ deps, actor, params, body, event }) => ({
  status: 200,
  body: await replaceQueueMembers(deps, actor, params.tenantId!, params.id!, parseIfMatch(header(event, 'if-match')), body),
}));
