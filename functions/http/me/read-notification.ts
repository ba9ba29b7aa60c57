import { readNotification } from '../../../shared/notification/notification.service.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({}, async ({ deps, actor, params }) => {
  await readNotification(deps, actor, params.id!);
  return { status: 204 };
});
