// The local runtime's first-start data (SPEC §6). Later features add to it.
import type { Role } from '../../shared/identity/permissions.ts';
import type { QueueMember } from '../../shared/queue/queue.repo.ts';

export type SeedUser = { email: string; name: string; role: Role; tenants: string[]; bpId?: string; contactId?: string };

export const seedUsers: SeedUser[] = [
  { email: 'alice@acme.test', name: 'Alice Adams', role: 'service-desk-agent', tenants: ['acme'] },
  { email: 'sam@acme.test', name: 'Sam Stone', role: 'service-desk-supervisor', tenants: ['acme'] },
  { email: 'ada@acme.test', name: 'Ada Park', role: 'service-desk-admin', tenants: ['acme', 'globex'] },
  { email: 'max@acme.test', name: 'Max Meyer', role: 'service-desk-agent', tenants: ['acme', 'globex'] },
  { email: 'gina@globex.test', name: 'Gina Gold', role: 'service-desk-agent', tenants: ['globex'] },
  { email: 'carol@customer.test', name: 'Carol Chen', role: 'service-desk-customer', tenants: ['acme'], bpId: 'BP-1001' },
  { email: 'dave@customer.test', name: 'Dave Diaz', role: 'service-desk-customer', tenants: ['acme'], bpId: 'BP-1002' },
  { email: 'erin@customer.test', name: 'Erin Eze', role: 'service-desk-customer', tenants: ['globex'], bpId: 'BP-2001' },
];

type SeedQueue = { id: string; name: string; description: string; autoAssign: boolean; members: (Omit<QueueMember, 'userId'> & { email: string })[] };
type SeedPartner = { id: string; name: string; status: 'active' | 'closed' | 'merged'; mergedInto?: string };
type SeedContact = { id: string; bpId: string; name: string; phone: string; email?: string; confirmed: boolean };

export type SeedTenant = {
  id: string;
  name: string;
  queues: SeedQueue[];
  defaultQueueId: string;
  phoneNumberId: string;
  partners: SeedPartner[];
  contacts: SeedContact[];
};

const member = (email: string, role: 'member' | 'lead' = 'member', priorityWeight = 50) => ({ email, role, priorityWeight, onBreak: false });

export const seedTenants: SeedTenant[] = [
  {
    id: 'acme',
    name: 'Acme Corporation',
    defaultQueueId: 'q-acme-general',
    phoneNumberId: '100000001',
    queues: [
      {
        id: 'q-acme-general',
        name: 'General Support',
        description: 'Everything that is not billing',
        autoAssign: true,
        members: [member('sam@acme.test', 'lead'), member('alice@acme.test'), member('max@acme.test')],
      },
      {
        id: 'q-acme-billing',
        name: 'Billing',
        description: 'Invoices, refunds and payments',
        autoAssign: true,
        members: [member('ada@acme.test', 'lead'), member('alice@acme.test', 'member', 30)],
      },
    ],
    partners: [
      { id: 'BP-1001', name: 'Northwind Traders', status: 'active' },
      { id: 'BP-1002', name: 'Contoso Ltd', status: 'active' },
      { id: 'BP-1003', name: 'Fabrikam Inc', status: 'closed' },
      { id: 'BP-1004', name: 'Northwind (old account)', status: 'merged', mergedInto: 'BP-1001' },
    ],
    contacts: [
      { id: 'C-1001', bpId: 'BP-1001', name: 'Carol Chen', phone: '+15550001001', email: 'carol@customer.test', confirmed: true },
      { id: 'C-1002', bpId: 'BP-1002', name: 'Dave Diaz', phone: '+15550001002', email: 'dave@customer.test', confirmed: true },
      { id: 'C-1003', bpId: 'BP-1002', name: 'Pat Lee', phone: '+15550001003', confirmed: false },
    ],
  },
  {
    id: 'globex',
    name: 'Globex',
    defaultQueueId: 'q-globex-support',
    phoneNumberId: '100000002',
    queues: [
      {
        id: 'q-globex-support',
        name: 'Support',
        description: 'First line',
        autoAssign: true,
        members: [member('ada@acme.test', 'lead'), member('gina@globex.test'), member('max@acme.test')],
      },
      {
        id: 'q-globex-escalations',
        name: 'Escalations',
        description: 'Second line',
        autoAssign: false,
        members: [member('ada@acme.test', 'lead'), member('gina@globex.test', 'member', 80)],
      },
    ],
    partners: [
      { id: 'BP-2001', name: 'Initech', status: 'active' },
      { id: 'BP-2002', name: 'Umbrella Corp', status: 'active' },
    ],
    contacts: [{ id: 'C-2001', bpId: 'BP-2001', name: 'Erin Eze', phone: '+15550002001', email: 'erin@customer.test', confirmed: true }],
  },
];

export type SeedTopic = { id: string; name: string; description: string; defaults: { priority?: 'low' | 'medium' | 'high' | 'urgent'; queueId?: string; assigneeEmail?: string; dueOffsetHours?: number } };

export const seedTopics: Record<string, SeedTopic[]> = {
  acme: [
    { id: 'ht-acme-billing', name: 'Billing question', description: 'Invoices, refunds, payment methods', defaults: { priority: 'medium', queueId: 'q-acme-billing' } },
    { id: 'ht-acme-outage', name: 'Service outage', description: 'Something is down', defaults: { priority: 'urgent', queueId: 'q-acme-general', dueOffsetHours: 4 } },
    { id: 'ht-acme-access', name: 'Access request', description: 'Accounts, passwords, permissions', defaults: { priority: 'low', assigneeEmail: 'alice@acme.test', dueOffsetHours: 24 } },
  ],
  globex: [
    { id: 'ht-globex-hardware', name: 'Hardware fault', description: 'Devices that misbehave', defaults: { priority: 'high', queueId: 'q-globex-support' } },
    { id: 'ht-globex-howto', name: 'How do I…', description: 'Questions about using the product', defaults: { priority: 'low' } },
    { id: 'ht-globex-escalation', name: 'Complaint', description: 'Unhappy customers', defaults: { priority: 'high', queueId: 'q-globex-escalations', assigneeEmail: 'gina@globex.test' } },
  ],
};

type Step =
  | { reply: string; by: string }
  | { note: string; by: string }
  | { customerReply: string; by: string }
  | { status: 'pending' | 'resolved' | 'closed' | 'open'; by: string };

export type SeedTicket = {
  subject: string;
  description: string;
  priority: 'low' | 'medium' | 'high' | 'urgent';
  source: 'portal' | 'email' | 'phone' | 'chat' | 'api';
  requester: { type: 'bp'; bpId: string; contactId?: string } | { type: 'manual'; name: string; email?: string } | { type: 'account'; accountId: string };
  by: string;
  queueId?: string;
  assigneeEmail?: string;
  helpTopicId?: string;
  tags?: string[];
  steps?: Step[];
};

const carol = { type: 'bp' as const, bpId: 'BP-1001', contactId: 'C-1001' };
const dave = { type: 'bp' as const, bpId: 'BP-1002', contactId: 'C-1002' };
const erin = { type: 'bp' as const, bpId: 'BP-2001', contactId: 'C-2001' };

export const seedTickets: Record<string, SeedTicket[]> = {
  acme: [
    { subject: 'Invoice 2026-114 charged twice', description: 'We were billed **twice** for November.', priority: 'high', source: 'email', requester: carol, by: 'alice@acme.test', helpTopicId: 'ht-acme-billing', tags: ['billing', 'refund'], steps: [{ reply: 'Thanks Carol, we are looking into the double charge.', by: 'alice@acme.test' }, { note: 'Refund needs Ada’s approval.', by: 'alice@acme.test' }] },
    { subject: 'Checkout page returns 500', description: 'Customers cannot pay since this morning.', priority: 'urgent', source: 'phone', requester: dave, by: 'sam@acme.test', queueId: 'q-acme-general', assigneeEmail: 'sam@acme.test', tags: ['outage'] },
    { subject: 'Password reset email never arrives', description: 'Tried three times.', priority: 'medium', source: 'portal', requester: carol, by: 'carol@customer.test', steps: [{ reply: 'Could you check your spam folder?', by: 'max@acme.test' }, { status: 'pending', by: 'max@acme.test' }] },
    { subject: 'Add a second admin to our account', description: 'Please add Pat Lee as an admin.', priority: 'low', source: 'email', requester: dave, by: 'alice@acme.test', helpTopicId: 'ht-acme-access', steps: [{ reply: 'Done — Pat can sign in now.', by: 'alice@acme.test' }, { status: 'resolved', by: 'alice@acme.test' }] },
    { subject: 'Order stuck in processing', description: 'Order 8841 has not moved for 2 days.', priority: 'medium', source: 'chat', requester: carol, by: 'alice@acme.test', queueId: 'q-acme-general', tags: ['orders'] },
    { subject: 'Where is my delivery?', description: 'Tracking shows nothing.', priority: 'low', source: 'chat', requester: dave, by: 'max@acme.test', steps: [{ reply: 'It left the warehouse today.', by: 'max@acme.test' }, { status: 'closed', by: 'max@acme.test' }] },
    { subject: 'VAT number missing on invoices', description: 'Our VAT number should appear on every invoice.', priority: 'medium', source: 'api', requester: { type: 'account', accountId: 'ACC-77' }, by: 'ada@acme.test', queueId: 'q-acme-billing', assigneeEmail: 'ada@acme.test', tags: ['billing'] },
    { subject: 'API rate limit too low', description: 'We hit 429s during our nightly sync.', priority: 'high', source: 'api', requester: { type: 'manual', name: 'Jordan Miles', email: 'jordan@partner.test' }, by: 'sam@acme.test', steps: [{ note: 'Check with engineering before raising limits.', by: 'sam@acme.test' }] },
    { subject: 'Cannot upload CSV larger than 5 MB', description: 'The importer rejects our file.', priority: 'medium', source: 'portal', requester: dave, by: 'dave@customer.test', steps: [{ reply: 'The limit is 10 MB; could you send the file?', by: 'alice@acme.test' }, { status: 'pending', by: 'alice@acme.test' }, { customerReply: 'Attached a smaller sample instead.', by: 'dave@customer.test' }] },
    { subject: 'Feature request: dark mode', description: 'Our team works nights.', priority: 'low', source: 'email', requester: carol, by: 'max@acme.test', tags: ['feature'], steps: [{ status: 'resolved', by: 'max@acme.test' }, { status: 'closed', by: 'max@acme.test' }] },
    { subject: 'Refund for cancelled subscription', description: 'Cancelled on day 2 of the month.', priority: 'medium', source: 'phone', requester: { type: 'manual', name: 'Lee Wong', email: 'lee@example.test' }, by: 'alice@acme.test', helpTopicId: 'ht-acme-billing', steps: [{ reply: 'Refund issued.', by: 'alice@acme.test' }, { status: 'resolved', by: 'alice@acme.test' }] },
    { subject: 'SSO login loops back to the start page', description: 'Happens in Chrome only.', priority: 'high', source: 'email', requester: carol, by: 'sam@acme.test', queueId: 'q-acme-general', assigneeEmail: 'alice@acme.test', tags: ['sso', 'login'] },
  ],
  globex: [
    { subject: 'Scanner on floor 3 jams', description: 'Every tenth page jams.', priority: 'high', source: 'phone', requester: erin, by: 'gina@globex.test', helpTopicId: 'ht-globex-hardware', tags: ['hardware'] },
    { subject: 'How do I export a report?', description: 'Looking for CSV export.', priority: 'low', source: 'portal', requester: erin, by: 'erin@customer.test', steps: [{ reply: 'Use **Reports → Export**.', by: 'gina@globex.test' }, { status: 'resolved', by: 'gina@globex.test' }] },
    { subject: 'Laptop battery swelling', description: 'The case is bulging.', priority: 'urgent', source: 'chat', requester: erin, by: 'gina@globex.test', queueId: 'q-globex-support', assigneeEmail: 'gina@globex.test', tags: ['hardware', 'safety'] },
    { subject: 'Request new monitor', description: 'A second screen for the design team.', priority: 'low', source: 'email', requester: { type: 'bp', bpId: 'BP-2002' }, by: 'max@acme.test', steps: [{ status: 'pending', by: 'max@acme.test' }] },
    { subject: 'Complaint about response time', description: 'Waited a week for an answer.', priority: 'high', source: 'email', requester: erin, by: 'ada@acme.test', helpTopicId: 'ht-globex-escalation', steps: [{ note: 'Handle with care, key account.', by: 'ada@acme.test' }, { reply: 'We are sorry — Gina is on it.', by: 'gina@globex.test' }] },
    { subject: 'VPN drops every hour', description: 'Since the last update.', priority: 'medium', source: 'chat', requester: erin, by: 'gina@globex.test', tags: ['network'], steps: [{ reply: 'Please update the client to 4.2.', by: 'gina@globex.test' }, { status: 'closed', by: 'gina@globex.test' }] },
    { subject: 'Printer toner order', description: 'Need 4 black cartridges.', priority: 'low', source: 'api', requester: { type: 'account', accountId: 'GX-12' }, by: 'max@acme.test', queueId: 'q-globex-support' },
    { subject: 'Badge reader rejects new hires', description: 'Three new badges do not open the door.', priority: 'medium', source: 'phone', requester: { type: 'manual', name: 'Omar Haddad', email: 'omar@globex.test' }, by: 'gina@globex.test', steps: [{ reply: 'Badges re-encoded.', by: 'gina@globex.test' }, { status: 'resolved', by: 'gina@globex.test' }, { status: 'closed', by: 'gina@globex.test' }] },
    { subject: 'Wi-Fi slow in meeting rooms', description: 'Calls drop in rooms B and C.', priority: 'medium', source: 'email', requester: erin, by: 'gina@globex.test', queueId: 'q-globex-support', tags: ['network'] },
    { subject: 'Docking station not charging', description: 'USB-C dock stopped charging laptops.', priority: 'medium', source: 'portal', requester: erin, by: 'erin@customer.test', steps: [{ reply: 'A replacement is on its way.', by: 'max@acme.test' }, { status: 'pending', by: 'max@acme.test' }] },
    { subject: 'Conference phone echo', description: 'Echo on every call in room A.', priority: 'low', source: 'phone', requester: erin, by: 'gina@globex.test', helpTopicId: 'ht-globex-howto' },
    { subject: 'Keyboard missing keys', description: 'Keys Q and W fell off.', priority: 'low', source: 'email', requester: { type: 'bp', bpId: 'BP-2002' }, by: 'ada@acme.test', steps: [{ status: 'resolved', by: 'ada@acme.test' }] },
  ],
};

export type SeedCanned = { title: string; body: string; helpTopicId?: string };

export const seedCanned: Record<string, SeedCanned[]> = {
  acme: [
    { title: 'Greeting', body: 'Hello {{requester.name}},\n\nthanks for reaching out about **{{ticket.subject}}** ({{ticket.number}}). We are on it.\n\n{{actor.name}}' },
    { title: 'Waiting for details', body: 'Hi {{requester.name}}, could you send us a screenshot and the time it happened? We will pick {{ticket.number}} up as soon as we hear from you.' },
    { title: 'Resolved', body: 'We believe {{ticket.number}} is solved. Reply within 14 days if anything is still wrong.\n\n— {{actor.name}}, {{queue.name}}' },
    { title: 'Refund issued', body: 'A refund for {{ticket.subject}} is on its way; it shows on your statement within 5 working days.', helpTopicId: 'ht-acme-billing' },
    { title: 'Outage acknowledged', body: 'We know about the outage and are working on it. Updates follow on {{ticket.number}}.', helpTopicId: 'ht-acme-outage' },
  ],
  globex: [
    { title: 'Greeting', body: 'Hello {{requester.name}}, thanks for contacting Globex support about {{ticket.subject}}.' },
    { title: 'Replacement shipped', body: 'A replacement device for {{ticket.number}} has been shipped.', helpTopicId: 'ht-globex-hardware' },
    { title: 'How-to answer', body: 'Here is how to do that:\n\n1. …\n2. …\n\n{{actor.name}}', helpTopicId: 'ht-globex-howto' },
  ],
};

type SeedRule = {
  name: string;
  match: 'all' | 'any';
  clauses: { field: 'priority' | 'source' | 'tag' | 'requesterType'; op: 'eq' | 'neq' | 'in' | 'not_in'; value: string | string[] }[];
  action: { type: 'assign_to_queue'; queueId: string } | { type: 'assign_to_user'; userEmail: string } | { type: 'escalate' } | { type: 'reassign_queue'; queueId: string };
};

// Four rules per tenant, one of each action.
export const seedRules: Record<string, SeedRule[]> = {
  acme: [
    { name: 'Urgent or VIP to General Support', match: 'any', clauses: [{ field: 'priority', op: 'eq', value: 'urgent' }, { field: 'tag', op: 'in', value: ['vip'] }], action: { type: 'assign_to_queue', queueId: 'q-acme-general' } },
    { name: 'Money matters to Billing', match: 'all', clauses: [{ field: 'tag', op: 'in', value: ['billing', 'refund', 'invoice'] }], action: { type: 'reassign_queue', queueId: 'q-acme-billing' } },
    { name: 'Outages reported in chat escalate', match: 'all', clauses: [{ field: 'source', op: 'eq', value: 'chat' }, { field: 'tag', op: 'eq', value: 'outage' }], action: { type: 'escalate' } },
    { name: 'Partner phone calls to Sam', match: 'all', clauses: [{ field: 'source', op: 'eq', value: 'phone' }, { field: 'requesterType', op: 'eq', value: 'bp' }], action: { type: 'assign_to_user', userEmail: 'sam@acme.test' } },
  ],
  globex: [
    { name: 'Safety first', match: 'any', clauses: [{ field: 'tag', op: 'in', value: ['safety'] }, { field: 'priority', op: 'eq', value: 'urgent' }], action: { type: 'escalate' } },
    { name: 'Complaints to Escalations', match: 'all', clauses: [{ field: 'tag', op: 'eq', value: 'complaint' }], action: { type: 'reassign_queue', queueId: 'q-globex-escalations' } },
    { name: 'Hardware to Gina', match: 'all', clauses: [{ field: 'tag', op: 'eq', value: 'hardware' }, { field: 'priority', op: 'not_in', value: ['low'] }], action: { type: 'assign_to_user', userEmail: 'gina@globex.test' } },
    { name: 'Everything else to Support', match: 'all', clauses: [{ field: 'requesterType', op: 'in', value: ['bp', 'account', 'manual'] }], action: { type: 'assign_to_queue', queueId: 'q-globex-support' } },
  ],
};

/** acme works weekdays in Berlin with the year-end holidays; globex around the clock in UTC. */
export const seedPolicies: Record<string, { timeZone: string; businessHours: { day: number; start: string; end: string }[]; holidays: string[] }> = {
  acme: {
    timeZone: 'Europe/Berlin',
    businessHours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' })),
    holidays: ['2026-12-24', '2026-12-25', '2026-12-26', '2027-01-01'],
  },
  globex: { timeZone: 'UTC', businessHours: [], holidays: [] },
};
