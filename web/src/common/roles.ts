// Who lands where, and how roles read in the UI.
import type { Role } from '../../../shared/identity/permissions.ts';

export const PORTAL_HOME = '/service-desk/my/tickets';
export const AGENT_HOME = '/';

const roleLabels: Record<Role, string> = {
  'service-desk-agent': 'Agent',
  'service-desk-supervisor': 'Supervisor',
  'service-desk-admin': 'Admin',
  'service-desk-customer': 'Customer',
};

export const roleLabel = (role: string): string => roleLabels[role as Role] ?? role;

/** A customer is someone whose only role is `service-desk-customer` (internal roles win, as on the API). */
export const isCustomer = (roles: readonly string[]): boolean =>
  roles.length > 0 && roles.every((r) => r === 'service-desk-customer');

export const homePath = (roles: readonly string[]): string => (isCustomer(roles) ? PORTAL_HOME : AGENT_HOME);
