import * as z from 'zod';
import { listAudit } from '../../../shared/audit/audit.service.ts';
import { httpHandler } from '../../lib/http.ts';

const query = z.strictObject({ kind: z.string().trim().min(1).max(40).optional(), limit: z.coerce.number().int().min(1).max(100).default(25), cursor: z.string().max(4000).optional() });

export const handler = httpHandler({ query }, async ({ deps, params, query }) => ({ status: 200, body: await listAudit(deps, params.tenantId!, query) }));
