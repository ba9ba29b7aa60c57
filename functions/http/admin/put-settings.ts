import * as z from 'zod';
import { putSettingsTab } from '../../../shared/settings/settings.service.ts';
import { httpHandler } from '../../lib/http.ts';

// The body's schema depends on the tab: the service picks it (an unknown tab is a 404 first).
export const handler = httpHandler({ body: z.unknown() }, async ({ deps, actor, params, body, ifMatch }) => ({
  status: 200,
  body: await putSettingsTab(deps, actor, params.tenantId!, params.tab!, body, ifMatch),
}));
