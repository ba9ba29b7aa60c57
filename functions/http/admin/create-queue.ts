import { createQueue } from '../../../shared/queue/queue.service.ts';
import { queueInputSchema } from '../../../shared/queue/queue.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: queueInputSchema }, async ({ deps, actor, params, body }) => ({
  status: 201,
  body: await createQueue(deps, actor, params.tenantId!, body),
}));
