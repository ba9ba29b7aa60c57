import { getSettingsTab } from '../../../shared/settings/settings.service.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({}, async ({ deps, params }) => ({ status: 200, body: await getSettingsTab(deps, params.tenantId!, params.tab!) }));
