// Canned responses: CRUD (admin), and rendering a template for a ticket and the caller (agents).
import { recordAudit } from '../audit/audit.service.ts';
import type { Actor } from '../identity/actor.ts';
import { checkVersion, versionConflict } from '../platform/config-write.ts';
import type { ServiceContext } from '../platform/context.ts';
import { AppError } from '../platform/errors.ts';
import type { StoredTicket } from '../ticket/ticket.repo.ts';
import { findTicket, ticketRepos } from '../ticket/ticket.service.ts';
import type { TenantConfig } from '../tenant/tenant-config.ts';
import { createCannedResponseRepo, type StoredCannedResponse } from './canned-response.repo.ts';
import { placeholderValues, renderTemplate, type TemplateValues, unknownVariables } from './canned-response.rules.ts';
import { type CannedResponse, type CannedResponseInput, MAX_TEMPLATE_BYTES } from './canned-response.schema.ts';

type Ctx = Pick<ServiceContext, 'db' | 'clock' | 'ids'>;

const toView = ({ tenantId: _t, ...r }: StoredCannedResponse): CannedResponse => r;
const loadConfig = (ctx: Pick<ServiceContext, 'db'>, tenantId: string) => ticketRepos(ctx.db).config.load(tenantId);

/** A template: within the size limit, and only SPEC's variables (400 naming each unknown one). */
export function checkTemplate(body: string, field = 'body'): void {
  if (Buffer.byteLength(body, 'utf8') > MAX_TEMPLATE_BYTES) {
    throw new AppError('payload_too_large', `The template is over ${MAX_TEMPLATE_BYTES / 1024} KiB`, [{ field, code: 'too_large' }]);
  }
  const unknown = unknownVariables(body);
  if (unknown.length) {
    throw new AppError(
      'validation_failed',
      `Unknown template variable${unknown.length > 1 ? 's' : ''}: ${unknown.map((v) => `{{${v}}}`).join(', ')}`,
      unknown.map((variable) => ({ field, code: 'unknown_variable', variable, message: `Unknown variable {{${variable}}}` })),
    );
  }
}

function checkScope(config: TenantConfig, helpTopicId: string | null | undefined): string | undefined {
  if (helpTopicId === null || helpTopicId === undefined) return undefined;
  if (!config.helpTopics.some((t) => t.id === helpTopicId)) {
    throw new AppError('unprocessable', `Help topic ${helpTopicId} does not exist`, [{ field: 'helpTopicId', code: 'invalid_reference', message: `Help topic ${helpTopicId} does not exist` }]);
  }
  return helpTopicId;
}

function find(config: TenantConfig, id: string): StoredCannedResponse {
  const found = config.cannedResponses.find((r) => r.id === id);
  if (!found) throw new AppError('not_found', `No canned response ${id}`);
  return found;
}

/** All of the tenant's responses by title; with `helpTopicId`, the global ones and that topic's. */
export async function listCannedResponses(ctx: Pick<ServiceContext, 'db'>, tenantId: string, q: { helpTopicId?: string }): Promise<{ items: CannedResponse[] }> {
  const config = await loadConfig(ctx, tenantId);
  const items = config.cannedResponses.filter((r) => q.helpTopicId === undefined || !r.helpTopicId || r.helpTopicId === q.helpTopicId);
  return { items: items.map(toView).sort((a, b) => a.title.localeCompare(b.title) || a.id.localeCompare(b.id)) };
}

export async function getCannedResponse(ctx: Pick<ServiceContext, 'db'>, tenantId: string, id: string): Promise<CannedResponse> {
  return toView(find(await loadConfig(ctx, tenantId), id));
}

export async function createCannedResponse(ctx: Ctx, actor: Actor, tenantId: string, input: CannedResponseInput): Promise<CannedResponse> {
  checkTemplate(input.body);
  const config = await loadConfig(ctx, tenantId);
  const helpTopicId = checkScope(config, input.helpTopicId);
  const at = ctx.clock.now().toISOString();
  const stored: StoredCannedResponse = { tenantId, id: `cr_${ctx.ids.next()}`, title: input.title, body: input.body, ...(helpTopicId ? { helpTopicId } : {}), version: 1, createdAt: at, updatedAt: at };
  if (!(await createCannedResponseRepo(ctx.db).create(stored))) throw new Error(`Canned response id ${stored.id} was already taken`);
  await recordAudit(ctx, actor, tenantId, { kind: 'canned-response', objectId: stored.id, action: 'create', after: toView(stored) });
  return toView(stored);
}

export async function updateCannedResponse(ctx: Ctx, actor: Actor, tenantId: string, id: string, ifMatch: number | undefined, input: CannedResponseInput): Promise<CannedResponse> {
  checkTemplate(input.body);
  const config = await loadConfig(ctx, tenantId);
  const current = find(config, id);
  checkVersion(ifMatch, current.version);
  // An unchanged scope is not checked again: a response of a since-deleted topic stays editable.
  const helpTopicId = (input.helpTopicId ?? undefined) === current.helpTopicId ? current.helpTopicId : checkScope(config, input.helpTopicId);
  const next: StoredCannedResponse = {
    tenantId,
    id,
    title: input.title,
    body: input.body,
    ...(helpTopicId ? { helpTopicId } : {}),
    version: current.version + 1,
    createdAt: current.createdAt,
    updatedAt: ctx.clock.now().toISOString(),
  };
  if (!(await createCannedResponseRepo(ctx.db).replace(next, current.version))) await changedMeanwhile(ctx, tenantId, id);
  await recordAudit(ctx, actor, tenantId, { kind: 'canned-response', objectId: id, action: 'update', before: toView(current), after: toView(next) });
  return toView(next);
}

export async function deleteCannedResponse(ctx: Ctx, actor: Actor, tenantId: string, id: string, ifMatch: number | undefined): Promise<void> {
  const current = find(await loadConfig(ctx, tenantId), id);
  checkVersion(ifMatch, current.version);
  if (!(await createCannedResponseRepo(ctx.db).delete(tenantId, id, current.version))) await changedMeanwhile(ctx, tenantId, id);
  await recordAudit(ctx, actor, tenantId, { kind: 'canned-response', objectId: id, action: 'delete', before: toView(current) });
}

/** A conditional write lost: 404 if it is gone, else 409 with the version it has now. */
async function changedMeanwhile(ctx: Pick<ServiceContext, 'db'>, tenantId: string, id: string): Promise<never> {
  const now = await createCannedResponseRepo(ctx.db).get(tenantId, id);
  if (!now) throw new AppError('not_found', `No canned response ${id}`);
  throw versionConflict(now.version, 'The canned response');
}

// ——— rendering ———

/** The values a template gets for a ticket and the caller. */
export function templateValues(actor: Pick<Actor, 'name'>, ticket: Pick<StoredTicket, 'number' | 'subject' | 'requesterName' | 'queueId'> | undefined, config: TenantConfig): TemplateValues {
  if (!ticket) return { ...placeholderValues(), 'actor.name': actor.name };
  return {
    'actor.name': actor.name,
    'ticket.number': ticket.number,
    'ticket.subject': ticket.subject,
    'requester.name': ticket.requesterName,
    'queue.name': config.queues.find((q) => q.id === ticket.queueId)?.name ?? '',
  };
}


/** `GET …/canned-responses/{id}/render?ticket=`: the template for that ticket and the caller (404 for an unknown ticket). */
export async function renderCannedResponse(ctx: Pick<ServiceContext, 'db'>, actor: Actor, tenantId: string, id: string, number: string): Promise<{ body: string }> {
  const [config, ticket] = await Promise.all([loadConfig(ctx, tenantId), findTicket(ctx, tenantId, number)]);
  const response = find(config, id);
  if (!ticket) throw new AppError('not_found', `No ticket ${number}`);
  return { body: renderTemplate(response.body, templateValues(actor, ticket, config)) };
}

/**
 * `POST …/canned-responses/preview`: the editor's live preview, with the same code. Without a ticket,
 * ticket variables render as placeholders (`[ticket.number]`); an unknown ticket is a 422.
 */
export async function previewCannedResponse(ctx: Pick<ServiceContext, 'db'>, actor: Actor, tenantId: string, input: { body: string; ticket?: string }): Promise<{ body: string }> {
  checkTemplate(input.body);
  const [config, ticket] = await Promise.all([loadConfig(ctx, tenantId), input.ticket === undefined ? undefined : findTicket(ctx, tenantId, input.ticket)]);
  if (ticket === null) throw new AppError('unprocessable', `No ticket ${input.ticket}`, [{ field: 'ticket', code: 'invalid_reference', message: `No ticket ${input.ticket}` }]);
  return { body: renderTemplate(input.body, templateValues(actor, ticket, config)) };
}
