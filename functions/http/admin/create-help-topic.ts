import { createHelpTopic } from '../../../shared/help-topic/help-topic.service.ts';
import { helpTopicInputSchema } from '../../../shared/help-topic/help-topic.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: helpTopicInputSchema }, async ({ deps, actor, params, body }) => ({
  status: 201,
  body: await createHelpTopic(deps, actor, params.tenantId!, body),
}));
