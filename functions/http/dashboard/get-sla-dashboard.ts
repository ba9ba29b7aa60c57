import { slaDashboardQuerySchema } from '../../../shared/dashboard/dashboard.schema.ts';
import { getSlaDashboard } from '../../../shared/dashboard/dashboard.service.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ query: slaDashboardQuerySchema }, async ({ deps, actor, query }) => ({ status: 200, body: await getSlaDashboard(deps, actor, query) }));
