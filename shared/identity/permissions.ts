export const roles = [
  'service-desk-agent',
  'service-desk-supervisor',
  'service-desk-admin',
  'service-desk-customer',
] as const;
export type Role = (typeof roles)[number];

export const permissions = ['service-desk.view', 'service-desk.manage', 'service-desk.admin'] as const;
export type Permission = (typeof permissions)[number];

/** SPEC §2. The supervisor's extra right (reassigning anyone's ticket) is a role check, not a permission. */
export const rolePermissions: Record<Role, Permission[]> = {
  'service-desk-agent': ['service-desk.view', 'service-desk.manage'],
  'service-desk-supervisor': ['service-desk.view', 'service-desk.manage'],
  'service-desk-admin': ['service-desk.view', 'service-desk.manage', 'service-desk.admin'],
  'service-desk-customer': [],
};

export function permissionsOf(userRoles: readonly Role[]): Permission[] {
  const granted = new Set(userRoles.flatMap((r) => rolePermissions[r]));
  return permissions.filter((p) => granted.has(p));
}
