import { listNotifications } from '../../../shared/notification/notification.service.ts';
import { pageQuerySchema } from '../../../shared/ticket/ticket.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ query: pageQuerySchema }, async ({ deps, actor, query }) => ({ status: 200, body: await listNotifications(deps, actor, query) }));
