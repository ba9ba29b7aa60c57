import { deleteHelpTopic } from '../../../shared/help-topic/help-topic.service.ts';
import { parseIfMatch } from '../../../shared/ticket/ticket.service.ts';
import { header, httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({}, async ({ deps, actor, params, event }) => {
  await deleteHelpTopic(deps, actor, params.tenantId!, params.id!, parseIfMatch(header(event, 'if-match')));
  return { status: 204 };
});
