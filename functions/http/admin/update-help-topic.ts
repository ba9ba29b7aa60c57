import { updateHelpTopic } from '../../../shared/help-topic/help-topic.service.ts';
import { helpTopicPutSchema } from '../../../shared/help-topic/help-topic.schema.ts';
import { parseIfMatch } from '../../../shared/ticket/ticket.service.ts';
import { header, httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: helpTopicPutSchema }, async ({ deps, actor, params, body, event }) => ({
  status: 200,
  body: await updateHelpTopic(deps, actor, params.tenantId!, params.id!, parseIfMatch(header(event, 'if-match')), body),
}));
