import { updateHelpTopic } from '../../../shared/help-topic/help-topic.service.ts';
import { helpTopicPutSchema } from '../../../shared/help-topic/help-topic.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: helpTopicPutSchema }, async ({ deps, actor, params, body, ifMatch }) => ({
  status: 200,
  body: await updateHelpTopic(deps, actor, params.tenantId!, params.id!, ifMatch, body),
}));
