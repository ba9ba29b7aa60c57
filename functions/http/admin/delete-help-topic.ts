import { deleteHelpTopic } from '../../../shared/help-topic/help-topic.service.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({}, async ({ deps, actor, params, ifMatch }) => {
  await deleteHelpTopic(deps, actor, params.tenantId!, params.id!, ifMatch);
  return { status: 204 };
});
