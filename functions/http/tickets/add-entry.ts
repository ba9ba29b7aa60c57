import { addEntry } from '../../../shared/ticket/ticket.service.ts';
import { addEntrySchema } from '../../../shared/ticket/ticket.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: addEntrySchema }, async ({ deps, actor, params, body }) => ({
  status: 201,
  body: await addEntry(deps, actor, params.tenantId!, params.number!, body),
}));
