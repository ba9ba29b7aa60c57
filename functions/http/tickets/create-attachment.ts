import { createAttachment } from '../../../shared/ticket/attachment.service.ts';
import { ticketRepos } from '../../../shared/ticket/ticket.service.ts';
import { createAttachmentSchema } from '../../../shared/ticket/ticket.schema.ts';
import { httpHandler } from '../../lib/http.ts';

export const handler = httpHandler({ body: createAttachmentSchema }, async ({ deps, actor, params, body }) => ({
  status: 201,
  body: await createAttachment(deps, ticketRepos(deps.db).tickets, actor, params.tenantId!, body),
}));
