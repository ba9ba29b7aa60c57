// The SPEC §3/§4 resource shapes the web app reads and writes (the API contract, as seen by a client).
export const STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const SOURCES = ['portal', 'email', 'phone', 'chat', 'api'] as const;
export type Source = (typeof SOURCES)[number];

export type Breach = 'none' | 'first_response' | 'resolution';

export type Requester =
  | { type: 'bp'; bpId: string; contactId?: string; name?: string }
  | { type: 'account'; accountId: string; contactId?: string; name?: string }
  | { type: 'manual'; name: string; email?: string; phone?: string };

export type Sla = {
  firstResponseDueAt?: string;
  dueAt?: string;
  firstRespondedAt?: string;
  resolvedAt?: string;
  breached: Breach;
  breachedAt?: string;
  escalationLevel: number;
  escalatedAt?: string;
};

export type Ticket = {
  tenantId: string;
  number: string;
  subject: string;
  description: string;
  status: Status;
  priority: Priority;
  source: Source;
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

export type Delivery = {
  channel: 'whatsapp';
  status: 'queued' | 'sent' | 'delivered' | 'read' | 'failed' | 'not_delivered';
  reason?: string;
};

export type EntryKind = 'reply' | 'internal_note' | 'system';

export type ThreadEntry = {
  id: string;
  kind: EntryKind;
  body: string;
  author: { id: string; name: string; type: 'agent' | 'customer' | 'system' };
  attachmentIds: string[];
  createdAt: string;
  delivery?: Delivery;
};

export type Attachment = {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  entryId?: string;
  uploadedAt?: string;
  downloadUrl: string;
};

export type TicketDetail = Ticket & { thread: ThreadEntry[]; attachments: Attachment[] };

export type TicketListItem = {
  tenantId: string;
  number: string;
  subject: string;
  status: Status;
  priority: Priority;
  source: Source;
  fromChat: boolean;
  queueId?: string;
  queueName?: string;
  assigneeId?: string;
  assigneeName?: string;
  requesterName: string;
  tags: string[];
  sla: { firstResponseDueAt?: string; dueAt?: string; breached: Breach };
  updatedAt: string;
};

export type MyTicketListItem = { number: string; subject: string; status: Status; priority: Priority; updatedAt: string };

export type MyTicket = {
  number: string;
  subject: string;
  description: string;
  status: Status;
  priority: Priority;
  createdAt: string;
  updatedAt: string;
  thread: ThreadEntry[];
  attachments: Attachment[];
};

export type Queue = {
  id: string;
  name: string;
  description?: string;
  isDefault: boolean;
  autoAssign: boolean;
  members: { userId: string; role: 'member' | 'lead'; priorityWeight: number; onBreak: boolean }[];
};

export type HelpTopic = {
  id: string;
  name: string;
  description?: string;
  active: boolean;
  defaults: { priority?: Priority; queueId?: string; assigneeId?: string; dueOffsetHours?: number };
};

export type Agent = { id: string; name: string; email: string; roles: string[] };

export type BusinessPartner = { id: string; name: string; status: 'active' | 'closed' | 'merged'; mergedInto?: string };

export type Contact = { id: string; bpId: string; name: string; phone: string; email?: string; confirmed: boolean };

export type Page<T> = { items: T[]; nextCursor?: string | null };

export type UploadTicket = { attachmentId: string; uploadUrl: string };

export type CreateTicketBody = {
  subject: string;
  description: string;
  priority?: Priority;
  source: Source;
  helpTopicId?: string;
  queueId?: string;
  assigneeId?: string;
  dueAt?: string;
  tags?: string[];
  requester: Requester;
  attachmentIds?: string[];
};

export type TicketPatch = Partial<{
  status: Status;
  priority: Priority;
  queueId: string | null;
  assigneeId: string | null;
  tags: string[];
  helpTopicId: string | null;
  subject: string;
  source: Source;
  requester: Requester;
}>;
