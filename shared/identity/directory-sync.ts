// Keeps the user directory in step with the identity provider: at confirmation and at every
// sign-in, the user's attributes and groups are written, so role or tenant changes show in the
// agents list from the next sign-in.
import type { Db } from '../platform/db.ts';
import { type DirectoryUser, createUserRepo } from './user.repo.ts';
import { type Role, roles as knownRoles } from './permissions.ts';

export function directoryUserFrom(attributes: Record<string, string | undefined>, groups: string[], now: Date): DirectoryUser | null {
  const id = attributes.sub;
  const email = attributes.email?.trim().toLowerCase();
  if (!id || !email) return null;
  const tenants = [...new Set((attributes['custom:tenants'] ?? '').split(',').map((t) => t.trim()).filter(Boolean))];
  return {
    id,
    email,
    name: attributes.name?.trim() || email,
    roles: knownRoles.filter((r): r is Role => groups.includes(r)),
    tenants,
    ...(attributes['custom:bp_id'] ? { bpId: attributes['custom:bp_id'] } : {}),
    ...(attributes['custom:contact_id'] ? { contactId: attributes['custom:contact_id'] } : {}),
    updatedAt: now.toISOString(),
  };
}

export async function syncDirectoryUser(db: Db, attributes: Record<string, string | undefined>, groups: string[], now: Date): Promise<DirectoryUser | null> {
  const user = directoryUserFrom(attributes, groups, now);
  if (user) await createUserRepo(db).upsert(user);
  return user;
}
