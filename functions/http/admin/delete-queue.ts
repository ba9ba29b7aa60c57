import { deleteQueue } from '../../../shared/queue/queue.service.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({}, async ({ deps, actor, params, ifMatch }) => {
  await deleteQueue(deps, actor, params.tenantId!, params.id!, ifMatch);
  return { status: 204 };
});
