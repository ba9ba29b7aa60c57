// The SPEC §3/§4 resource shapes the web app reads and writes: the API's own types, from shared/.
import type * as z from 'zod';
import type { ThreadEntry, createTicketSchema, patchTicketSchema } from '../../../shared/ticket/ticket.schema.ts';

export const STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const SOURCES = ['portal', 'email', 'phone', 'chat', 'api'] as const;
export type Source = (typeof SOURCES)[number];

export type {
  Breach,
  Requester,
  Sla,
  Ticket,
  ThreadEntry,
  Attachment,
  TicketDetail,
  TicketListItem,
  MyTicketListItem,
  MyTicket,
} from '../../../shared/ticket/ticket.schema.ts';

export type EntryKind = ThreadEntry['kind'];
export type Delivery = NonNullable<ThreadEntry['delivery']>;

export type { Queue, HelpTopic, Agent } from '../../../shared/tenant/directory.service.ts';
export type { BusinessPartner, ContactView as Contact } from '../../../shared/partner/partner.service.ts';

export type Page<T> = { items: T[]; nextCursor?: string | null };

export type UploadTicket = { attachmentId: string; uploadUrl: string };

/** What the API takes: the input side of the shared schemas (before their defaults and transforms). */
export type CreateTicketBody = z.input<typeof createTicketSchema>;
export type TicketPatch = z.input<typeof patchTicketSchema>;
