import { createPartnerRepo } from '../../../shared/partner/partner.repo.ts';
import { listContacts } from '../../../shared/partner/partner.service.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({}, async ({ deps, params }) => ({ status: 200, body: await listContacts(createPartnerRepo(deps.db), params.tenantId!, params.bpId!) }));
