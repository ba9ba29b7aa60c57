// Writes the seed data on first start (an empty table), through the product's own repos.
import { createHelpTopicRepo } from '../../shared/help-topic/help-topic.repo.ts';
import { actorFromClaims, type Actor } from '../../shared/identity/actor.ts';
import { createUserRepo } from '../../shared/identity/user.repo.ts';
import type { ServiceContext } from '../../shared/platform/context.ts';
import { createCounterRepo } from '../../shared/platform/counter.ts';
import { AppError } from '../../shared/platform/errors.ts';
import { createMetaRepo } from '../../shared/platform/meta.ts';
import { createPartnerRepo } from '../../shared/partner/partner.repo.ts';
import { createQueueRepo } from '../../shared/queue/queue.repo.ts';
import { createSettingsRepo } from '../../shared/settings/settings.repo.ts';
import { settingsDefaults } from '../../shared/settings/settings.schema.ts';
import { createTenantRepo } from '../../shared/tenant/tenant.repo.ts';
import { subFromEmail } from './issuer.ts';
import { addEntry, createMyTicket, createTicket, getTicket, patchTicket, replyToMyTicket } from '../../shared/ticket/ticket.service.ts';
import { type SeedTicket, seedCanned, seedPolicies, seedRules, seedTenants, seedTickets, seedTopics, seedUsers } from './seed-data.ts';
import { cannedResponseBodySchema } from '../../shared/canned-response/canned-response.schema.ts';
import { createCannedResponse, listCannedResponses } from '../../shared/canned-response/canned-response.service.ts';
import { createRuleSchema } from '../../shared/routing/routing.schema.ts';
import { createRoutingRule, listRoutingRules } from '../../shared/routing/routing.service.ts';
import { putSettingsTab } from '../../shared/settings/settings.service.ts';

export const SEED_KEY = 'seed';
export const SEED_VERSION = '1';

export function seedActor(email: string): Actor {
  const u = seedUsers.find((x) => x.email === email);
  if (!u) throw new Error(`No seed user ${email}`);
  return actorFromClaims({
    sub: subFromEmail(u.email),
    name: u.name,
    email: u.email,
    'cognito:groups': [u.role],
    'custom:tenants': u.tenants.join(','),
    ...(u.bpId ? { 'custom:bp_id': u.bpId } : {}),
  });
}

/** Product time for seeding: set by the seed, so the desk looks days old rather than a second. */
type SeedClock = { at: number; now(): Date };

/** Creates a seed ticket through the product's own services, then plays its steps, 45 minutes apart. */
async function seedTicket(ctx: ServiceContext & { clock: SeedClock }, tenantId: string, t: SeedTicket): Promise<void> {
  const creator = seedActor(t.by);
  const number =
    creator.type === 'customer'
      ? (await createMyTicket(ctx, creator, { subject: t.subject, description: t.description })).number
      : (
          await createTicket(
            ctx,
            creator,
            tenantId,
            {
              subject: t.subject,
              description: t.description,
              priority: t.priority,
              source: t.source,
              requester: t.requester,
              ...(t.helpTopicId ? { helpTopicId: t.helpTopicId } : {}),
              ...(t.queueId ? { queueId: t.queueId } : {}),
              ...(t.assigneeEmail ? { assigneeId: subFromEmail(t.assigneeEmail) } : {}),
              ...(t.tags ? { tags: t.tags } : {}),
            },
            { fromChat: t.source === 'chat' },
          )
        ).number;
  for (const step of t.steps ?? []) {
    ctx.clock.at += 45 * 60_000;
    const actor = seedActor(step.by);
    if ('reply' in step) await addEntry(ctx, actor, tenantId, number, { kind: 'reply', body: step.reply });
    else if ('note' in step) await addEntry(ctx, actor, tenantId, number, { kind: 'internal_note', body: step.note });
    else if ('customerReply' in step) await replyToMyTicket(ctx, actor, number, { body: step.customerReply });
    else await patchStatus(ctx, actor, tenantId, number, step.status);
  }
}

/** A status step; routing may change the ticket meanwhile (it reacts to the create), so a lost race reads again. */
async function patchStatus(ctx: ServiceContext, actor: ReturnType<typeof seedActor>, tenantId: string, number: string, status: 'open' | 'pending' | 'resolved' | 'closed'): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await patchTicket(ctx, actor, tenantId, number, (await getTicket(ctx, tenantId, number)).version, { status });
      return;
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'conflict') || attempt >= 10) throw err;
    }
  }
}

export async function seedIfEmpty(ctx: ServiceContext): Promise<boolean> {
  const { db } = ctx;
  const now = ctx.clock.now();
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
    for (const p of t.partners) await partners.put({ tenantId: t.id, ...p, version: 1, createdAt: at, updatedAt: at });
    for (const c of t.contacts) {
      await partners.claimPhone(t.id, c.phone, c.id, now);
      await partners.putContact({ tenantId: t.id, ...c, version: 1, createdAt: at, updatedAt: at });
    }
  }
  const topics = createHelpTopicRepo(db);
  for (const t of seedTenants) {
    for (const topic of seedTopics[t.id] ?? []) {
      const { assigneeEmail, ...defaults } = topic.defaults;
      await topics.put({
        tenantId: t.id,
        id: topic.id,
        name: topic.name,
        description: topic.description,
        active: true,
        defaults: { ...defaults, ...(assigneeEmail ? { assigneeId: subFromEmail(assigneeEmail) } : {}) },
        version: 1,
        createdAt: at,
        updatedAt: at,
      });
    }
  }
  // Configuration through the product's own services (validated, audited), as an admin would.
  const admin = seedActor('ada@acme.test');
  for (const t of seedTenants) {
    await putSettingsTab(ctx, admin, t.id, 'whatsapp', { ...settingsDefaults.whatsapp, phoneNumberIds: [t.phoneNumberId] }, undefined);
    await putSettingsTab(ctx, admin, t.id, 'policies', { ...settingsDefaults.policies, ...seedPolicies[t.id] }, undefined);
    if ((await listCannedResponses(ctx, t.id, {})).items.length === 0) {
      for (const c of seedCanned[t.id] ?? []) await createCannedResponse(ctx, admin, t.id, cannedResponseBodySchema.parse(c));
    }
    if ((await listRoutingRules(ctx, t.id)).items.length === 0) {
      for (const rule of seedRules[t.id] ?? []) {
        const action = rule.action.type === 'assign_to_user' ? { type: 'assign_to_user' as const, userId: subFromEmail(rule.action.userEmail) } : rule.action;
        await createRoutingRule(ctx, admin, t.id, createRuleSchema.parse({ name: rule.name, enabled: true, match: rule.match, clauses: rule.clauses, action }));
      }
    }
  }
  // Tickets are only seeded into an empty tenant, so a retried seed does not duplicate them.
  for (const t of seedTenants) {
    if ((await createCounterRepo(db).current(`ticket#${t.id}`)) > 0) continue;
    const list = seedTickets[t.id] ?? [];
    const clock: SeedClock = { at: 0, now: () => new Date(clock.at) };
    for (const [i, ticket] of list.entries()) {
      clock.at = now.getTime() - (list.length - i) * 7 * 3600_000;
      await seedTicket({ ...ctx, clock }, t.id, ticket);
    }
  }
  // Written last: a start interrupted mid-seed seeds again (every write above is an idempotent put).
  await meta.set(SEED_KEY, SEED_VERSION, now);
  return true;
}
