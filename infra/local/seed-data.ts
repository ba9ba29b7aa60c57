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
