import * as z from 'zod';
import { createPartnerRepo } from '../../../shared/partner/partner.repo.ts';
import { listPartners } from '../../../shared/partner/partner.service.ts';
import { httpHandler } from '../../lib/http.ts';

const query = z.strictObject({ q: z.string().trim().max(200).optional(), limit: z.coerce.number().int().min(1).max(100).default(25), cursor: z.string().max(2000).optional() });

export const handler = httpHandler({ query }, async ({ deps, params, query }) => ({ status: 200, body: await listPartners(createPartnerRepo(deps.db), params.tenantId!, query) }));
