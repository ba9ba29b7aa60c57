import { updateQueue } from '../../../shared/queue/queue.service.ts';
import { queuePutSchema } from '../../../shared/queue/queue.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: queuePutSchema }, async ({ deps, actor, params, body, ifMatch }) => ({
  status: 200,
  body: await updateQueue(deps, actor, params.tenantId!, params.id!, ifMatch, body),
}));
