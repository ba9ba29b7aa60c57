import { replaceQueueMembers } from '../../../shared/queue/queue.service.ts';
import { queueMembersBodySchema } from '../../../shared/queue/queue.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: queueMembersBodySchema }, async ({ deps, actor, params, body, ifMatch }) => ({
  status: 200,
  body: await replaceQueueMembers(deps, actor, params.tenantId!, params.id!, ifMatch, body),
}));
