// Writes the seed data on first start (an empty table), through the product's own repos.
import { createUserRepo } from '../../shared/identity/user.repo.ts';
import type { Db } from '../../shared/platform/db.ts';
import { createMetaRepo } from '../../shared/platform/meta.ts';
import { createPartnerRepo } from '../../shared/partner/partner.repo.ts';
import { createQueueRepo } from '../../shared/queue/queue.repo.ts';
import { createSettingsRepo } from '../../shared/settings/settings.repo.ts';
import { settingsDefaults } from '../../shared/settings/settings.schema.ts';
import { createTenantRepo } from '../../shared/tenant/tenant.repo.ts';
import { subFromEmail } from './issuer.ts';
import { seedTenants, seedUsers } from './seed-data.ts';

export const SEED_KEY = 'seed';
export const SEED_VERSION = '1';

export async function seedIfEmpty(db: Db, now: Date): Promise<boolean> {
  const meta = createMetaRepo(db);
  if (await meta.get(SEED_KEY)) return false;
  const at = now.toISOString();
  const users = createUserRepo(db);
  const tenants = createTenantRepo(db);
  const queues = createQueueRepo(db);
  const settings = createSettingsRepo(db);
  const partners = createPartnerRepo(db);

  for (const u of seedUsers) {
    await users.upsert({
      id: subFromEmail(u.email),
      email: u.email,
      name: u.name,
      roles: [u.role],
      tenants: u.tenants,
      ...(u.bpId ? { bpId: u.bpId } : {}),
      ...(u.contactId ? { contactId: u.contactId } : {}),
      updatedAt: at,
    });
  }
  for (const t of seedTenants) {
    await tenants.put({ id: t.id, name: t.name, createdAt: at });
    for (const q of t.queues) {
      await queues.put({
        tenantId: t.id,
        id: q.id,
        name: q.name,
        description: q.description,
        autoAssign: q.autoAssign,
        members: q.members.map(({ email, ...m }) => ({ userId: subFromEmail(email), ...m })),
        version: 1,
        createdAt: at,
        updatedAt: at,
      });
    }
    await settings.put(t.id, 'routing', { autoAssign: true, rerouteOnUpdate: true, defaultQueueId: t.defaultQueueId }, now);
    await settings.put(t.id, 'whatsapp', { ...settingsDefaults.whatsapp, phoneNumberIds: [t.phoneNumberId] }, now);
    for (const p of t.partners) await partners.put({ tenantId: t.id, ...p, version: 1, createdAt: at, updatedAt: at });
    for (const c of t.contacts) await partners.putContact({ tenantId: t.id, ...c, version: 1, createdAt: at, updatedAt: at });
  }
  // Written last: a start interrupted mid-seed seeds again (every write above is an idempotent put).
  await meta.set(SEED_KEY, SEED_VERSION, now);
  return true;
}
