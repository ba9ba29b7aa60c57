// Ticket shapes (SPEC §3, §4): the API's input schemas and the resource types the web also uses.
import * as z from 'zod';
import { priorities, sources } from '../settings/settings.schema.ts';

export const statuses = ['open', 'pending', 'resolved', 'closed'] as const;
export type Status = (typeof statuses)[number];
export type { Priority, Source } from '../settings/settings.schema.ts';

export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_TAGS = 20;

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'A phone number in E.164 form, like +15550001001');
const id = z.string().trim().min(1).max(100);
const name = z.string().trim().min(1).max(200);

export const subjectSchema = z.string().trim().min(1, 'A subject is required').max(200);
export const tagsSchema = z
  .array(z.string().trim().toLowerCase().min(1).max(40).regex(/^[a-z0-9_-]+$/, 'Tags use a-z, 0-9, _ and -'))
  .max(MAX_TAGS)
  .transform((tags) => [...new Set(tags)]);

export const requesterSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('bp'), bpId: id, contactId: id.optional(), name: name.optional() }),
  z.strictObject({ type: z.literal('account'), accountId: id, contactId: id.optional(), name: name.optional() }),
  z.strictObject({ type: z.literal('manual'), name, email: z.string().trim().toLowerCase().email().max(200).optional(), phone: e164.optional() }),
]);
export type Requester = z.infer<typeof requesterSchema>;

/** Bodies are limited in bytes (413), which zod cannot say; the service checks it. */
const markdown = z.string();

export const createTicketSchema = z.strictObject({
  subject: subjectSchema,
  description: markdown,
  priority: z.enum(priorities).optional(),
  source: z.enum(sources),
  helpTopicId: id.optional(),
  queueId: id.optional(),
  assigneeId: id.optional(),
  dueAt: z.iso.datetime({ offset: true }).optional(),
  tags: tagsSchema.optional(),
  requester: requesterSchema,
  attachmentIds: z.array(id).max(20).optional(),
});
export type CreateTicketInput = z.infer<typeof createTicketSchema>;

export const patchTicketSchema = z
  .strictObject({
    status: z.enum(statuses).optional(),
    priority: z.enum(priorities).optional(),
    queueId: id.nullable().optional(),
    assigneeId: id.nullable().optional(),
    tags: tagsSchema.optional(),
    helpTopicId: id.nullable().optional(),
    subject: subjectSchema.optional(),
    source: z.enum(sources).optional(),
    requester: requesterSchema.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to change' });
export type PatchTicketInput = z.infer<typeof patchTicketSchema>;

export const addEntrySchema = z.strictObject({
  kind: z.enum(['reply', 'internal_note']),
  body: markdown.refine((b) => b.trim().length > 0, 'The body is empty'),
  attachmentIds: z.array(id).max(20).optional(),
  cannedResponseId: id.optional(),
});
export type AddEntryInput = z.infer<typeof addEntrySchema>;

export const myCreateTicketSchema = z.strictObject({
  subject: subjectSchema,
  description: markdown,
  attachmentIds: z.array(id).max(20).optional(),
});
export const myReplySchema = z.strictObject({
  body: markdown.refine((b) => b.trim().length > 0, 'The body is empty'),
  attachmentIds: z.array(id).max(20).optional(),
});

export const createAttachmentSchema = z.strictObject({
  fileName: z.string().trim().min(1).max(255),
  contentType: z.string().trim().toLowerCase().min(1).max(200),
  size: z.number().int().min(1),
});

const limit = z.coerce.number().int().min(1).max(100).default(25);

export const listTicketsQuerySchema = z.strictObject({
  tenant: id.optional(),
  status: z.enum(statuses).optional(),
  priority: z.enum(priorities).optional(),
  queue: id.optional(),
  assignee: id.optional(),
  tag: z.string().trim().toLowerCase().min(1).max(40).optional(),
  source: z.enum(sources).optional(),
  breached: z.enum(['true', 'false', 'first_response', 'resolution']).optional(),
  q: z.string().trim().min(1).max(200).optional(),
  limit,
  cursor: z.string().max(4000).optional(),
});
export type ListTicketsQuery = z.infer<typeof listTicketsQuerySchema>;

export const pageQuerySchema = z.strictObject({ limit, cursor: z.string().max(4000).optional() });

import type { Sla } from '../sla/sla.rules.ts';
export type { Breach, Sla } from '../sla/sla.rules.ts';

export type Ticket = {
  tenantId: string;
  number: string;
  subject: string;
  description: string;
  status: Status;
  priority: (typeof priorities)[number];
  source: (typeof sources)[number];
  fromChat: boolean;
  helpTopicId?: string;
  queueId?: string;
  assigneeId?: string;
  tags: string[];
  requester: Requester;
  sla: Sla;
  version: number;
  createdAt: string;
  updatedAt: string;
};

export type EntryAuthor = { id: string; name: string; type: 'agent' | 'customer' | 'system' };

export type ThreadEntry = {
  id: string;
  kind: 'reply' | 'internal_note' | 'system';
  body: string;
  author: EntryAuthor;
  attachmentIds: string[];
  createdAt: string;
  cannedResponseId?: string;
  delivery?: { channel: 'whatsapp'; status: 'queued' | 'sent' | 'delivered' | 'read' | 'failed' | 'not_delivered'; reason?: string };
};

export type Attachment = { id: string; fileName: string; contentType: string; size: number; entryId?: string; uploadedAt?: string; downloadUrl: string };

export type TicketDetail = Ticket & { thread: ThreadEntry[]; attachments: Attachment[] };

export type TicketListItem = {
  tenantId: string;
  number: string;
  subject: string;
  status: Status;
  priority: Ticket['priority'];
  source: Ticket['source'];
  fromChat: boolean;
  queueId?: string;
  queueName?: string;
  assigneeId?: string;
  assigneeName?: string;
  requesterName: string;
  tags: string[];
  sla: Pick<Sla, 'firstResponseDueAt' | 'dueAt' | 'breached'>;
  updatedAt: string;
};

export type MyTicket = {
  number: string;
  subject: string;
  description: string;
  status: Status;
  priority: Ticket['priority'];
  createdAt: string;
  updatedAt: string;
  thread: ThreadEntry[];
  attachments: Attachment[];
};

export type MyTicketListItem = Pick<Ticket, 'number' | 'subject' | 'status' | 'priority' | 'updatedAt'>;
