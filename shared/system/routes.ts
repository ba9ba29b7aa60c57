// Every HTTP route of the product, read by the AWS app (API Gateway routes, one Lambda per
// function group) and by the local runtime (its HTTP server). Adding a route is one entry here.
import type { FunctionGroup } from './grants.ts';
import type { Permission } from '../identity/permissions.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call: `public` needs no token; `signed-in` any valid token; `customer` an external
 * user's token; a permission an internal user holding it.
 */
export type RouteAccess = 'public' | 'signed-in' | 'customer' | Permission;

export type RouteDecl = {
  method: HttpMethod;
  /** API Gateway path syntax: `/api/tenants/{tenantId}/tickets/{number}`. */
  path: string;
  /** Handler module, relative to the repository root, without extension; exports `handler`. */
  handler: string;
  access: RouteAccess;
  /** Function group (key of `functionGroups`); ignored for local-only routes. */
  group: string;
  /** Served only by the local runtime (absent from the AWS deployment). */
  localOnly?: boolean;
};

export const functionGroups = {
  identity: { name: 'identity', grants: {}, memoryMb: 256, timeoutSeconds: 10 },
  tickets: { name: 'tickets', grants: { table: 'readwrite', bus: true, bucket: 'readwrite' }, memoryMb: 512, timeoutSeconds: 15 },
  'ticket-reads': { name: 'ticket-reads', grants: { table: 'read', bucket: 'read' }, memoryMb: 512, timeoutSeconds: 15 },
  portal: { name: 'portal', grants: { table: 'readwrite', bus: true, bucket: 'readwrite' }, memoryMb: 512, timeoutSeconds: 15 },
  directory: { name: 'directory', grants: { table: 'read' }, memoryMb: 256, timeoutSeconds: 10 },
  me: { name: 'me', grants: { table: 'readwrite' }, memoryMb: 256, timeoutSeconds: 10 },
  dashboard: { name: 'dashboard', grants: { table: 'read' }, memoryMb: 256, timeoutSeconds: 10 },
  admin: { name: 'admin', grants: { table: 'readwrite' }, memoryMb: 256, timeoutSeconds: 10 },
  'not-found': { name: 'not-found', grants: {}, memoryMb: 128, timeoutSeconds: 5 },
  // Meta's webhook: verifies, enqueues, answers; the conversation runs in the whatsapp-inbound worker.
  webhook: { name: 'webhook', grants: { queues: ['whatsapp-inbound'], secrets: ['whatsapp-app-secret', 'whatsapp-verify-token'] }, memoryMb: 256, timeoutSeconds: 10 },
} satisfies Record<string, FunctionGroup>;

export type FunctionGroupName = keyof typeof functionGroups;

/** Answers every request no route matches: 404, or 405 for a known path. The `$default` route on AWS. */
export const notFoundHandler = 'functions/http/not-found';
/** The function group that runs the not-found handler on AWS. */
export const notFoundGroup: FunctionGroupName = 'not-found';

const local = (method: HttpMethod, path: string, handler: string, access: RouteAccess = 'public'): RouteDecl => ({
  method,
  path,
  handler: `infra/local/dev/${handler}`,
  access,
  group: 'local',
  localOnly: true,
});

const VIEW = 'service-desk.view';
const MANAGE = 'service-desk.manage';
const ADMIN = 'service-desk.admin';
const T = '/api/tenants/{tenantId}';

export const routes: RouteDecl[] = [
  { method: 'GET', path: '/api/me', handler: 'functions/http/me/get-me', access: 'signed-in', group: 'identity' },
  { method: 'GET', path: '/api/me/notifications', handler: 'functions/http/me/list-notifications', access: VIEW, group: 'me' },
  { method: 'POST', path: '/api/me/notifications/{id}/read', handler: 'functions/http/me/read-notification', access: VIEW, group: 'me' },
  { method: 'GET', path: '/api/dashboard/sla', handler: 'functions/http/dashboard/get-sla-dashboard', access: VIEW, group: 'dashboard' },

  // Tickets, internal surface.
  { method: 'GET', path: '/api/tickets', handler: 'functions/http/tickets/list-tickets', access: VIEW, group: 'ticket-reads' },
  { method: 'POST', path: `${T}/tickets`, handler: 'functions/http/tickets/create-ticket', access: MANAGE, group: 'tickets' },
  { method: 'GET', path: `${T}/tickets/{number}`, handler: 'functions/http/tickets/get-ticket', access: VIEW, group: 'ticket-reads' },
  { method: 'PATCH', path: `${T}/tickets/{number}`, handler: 'functions/http/tickets/patch-ticket', access: MANAGE, group: 'tickets' },
  { method: 'POST', path: `${T}/tickets/{number}/entries`, handler: 'functions/http/tickets/add-entry', access: MANAGE, group: 'tickets' },
  { method: 'POST', path: `${T}/attachments`, handler: 'functions/http/tickets/create-attachment', access: MANAGE, group: 'tickets' },

  // Tickets, the customer portal.
  { method: 'GET', path: '/api/my/tickets', handler: 'functions/http/my/list-my-tickets', access: 'customer', group: 'portal' },
  { method: 'POST', path: '/api/my/tickets', handler: 'functions/http/my/create-my-ticket', access: 'customer', group: 'portal' },
  { method: 'GET', path: '/api/my/tickets/{number}', handler: 'functions/http/my/get-my-ticket', access: 'customer', group: 'portal' },
  { method: 'POST', path: '/api/my/tickets/{number}/replies', handler: 'functions/http/my/reply-my-ticket', access: 'customer', group: 'portal' },
  { method: 'POST', path: '/api/my/tickets/{number}/close', handler: 'functions/http/my/close-my-ticket', access: 'customer', group: 'portal' },
  { method: 'POST', path: '/api/my/tickets/{number}/reopen', handler: 'functions/http/my/reopen-my-ticket', access: 'customer', group: 'portal' },
  { method: 'POST', path: '/api/my/attachments', handler: 'functions/http/my/create-my-attachment', access: 'customer', group: 'portal' },

  // The read side of tenant configuration and the partner directory.
  { method: 'GET', path: `${T}/queues`, handler: 'functions/http/directory/list-queues', access: VIEW, group: 'directory' },
  { method: 'GET', path: `${T}/queues/{id}`, handler: 'functions/http/directory/get-queue', access: VIEW, group: 'directory' },
  { method: 'GET', path: `${T}/help-topics`, handler: 'functions/http/directory/list-help-topics', access: VIEW, group: 'directory' },
  { method: 'GET', path: `${T}/help-topics/{id}`, handler: 'functions/http/directory/get-help-topic', access: VIEW, group: 'directory' },
  { method: 'GET', path: `${T}/agents`, handler: 'functions/http/directory/list-agents', access: VIEW, group: 'directory' },
  { method: 'GET', path: `${T}/business-partners`, handler: 'functions/http/directory/list-partners', access: VIEW, group: 'directory' },
  { method: 'GET', path: `${T}/business-partners/{id}`, handler: 'functions/http/directory/get-partner', access: VIEW, group: 'directory' },
  { method: 'GET', path: `${T}/business-partners/{bpId}/contacts`, handler: 'functions/http/directory/list-contacts', access: VIEW, group: 'directory' },

  // Administration: writes need service-desk.admin (SPEC §4).
  { method: 'GET', path: `${T}/audit`, handler: 'functions/http/admin/list-audit', access: ADMIN, group: 'directory' },
  // — queues, help topics, settings —
  { method: 'POST', path: `${T}/queues`, handler: 'functions/http/admin/create-queue', access: ADMIN, group: 'admin' },
  { method: 'PUT', path: `${T}/queues/{id}`, handler: 'functions/http/admin/update-queue', access: ADMIN, group: 'admin' },
  { method: 'DELETE', path: `${T}/queues/{id}`, handler: 'functions/http/admin/delete-queue', access: ADMIN, group: 'admin' },
  { method: 'PUT', path: `${T}/queues/{id}/members`, handler: 'functions/http/admin/replace-queue-members', access: ADMIN, group: 'admin' },
  { method: 'POST', path: `${T}/help-topics`, handler: 'functions/http/admin/create-help-topic', access: ADMIN, group: 'admin' },
  { method: 'PUT', path: `${T}/help-topics/{id}`, handler: 'functions/http/admin/update-help-topic', access: ADMIN, group: 'admin' },
  { method: 'DELETE', path: `${T}/help-topics/{id}`, handler: 'functions/http/admin/delete-help-topic', access: ADMIN, group: 'admin' },
  { method: 'GET', path: `${T}/settings/{tab}`, handler: 'functions/http/directory/get-settings', access: VIEW, group: 'directory' },
  { method: 'PUT', path: `${T}/settings/{tab}`, handler: 'functions/http/admin/put-settings', access: ADMIN, group: 'admin' },

  // — canned responses, routing rules, business partners and contacts —
  { method: 'GET', path: `${T}/canned-responses`, handler: 'functions/http/admin/list-canned-responses', access: VIEW, group: 'directory' },
  { method: 'POST', path: `${T}/canned-responses`, handler: 'functions/http/admin/create-canned-response', access: ADMIN, group: 'admin' },
  { method: 'POST', path: `${T}/canned-responses/preview`, handler: 'functions/http/admin/preview-canned-response', access: VIEW, group: 'directory' },
  { method: 'GET', path: `${T}/canned-responses/{id}`, handler: 'functions/http/admin/get-canned-response', access: VIEW, group: 'directory' },
  { method: 'PUT', path: `${T}/canned-responses/{id}`, handler: 'functions/http/admin/update-canned-response', access: ADMIN, group: 'admin' },
  { method: 'DELETE', path: `${T}/canned-responses/{id}`, handler: 'functions/http/admin/delete-canned-response', access: ADMIN, group: 'admin' },
  { method: 'GET', path: `${T}/canned-responses/{id}/render`, handler: 'functions/http/admin/render-canned-response', access: VIEW, group: 'directory' },
  { method: 'GET', path: `${T}/routing-rules`, handler: 'functions/http/admin/list-routing-rules', access: VIEW, group: 'directory' },
  { method: 'POST', path: `${T}/routing-rules`, handler: 'functions/http/admin/create-routing-rule', access: ADMIN, group: 'admin' },
  { method: 'PUT', path: `${T}/routing-rules/order`, handler: 'functions/http/admin/reorder-routing-rules', access: ADMIN, group: 'admin' },
  { method: 'POST', path: `${T}/routing-rules/preview`, handler: 'functions/http/admin/preview-routing', access: VIEW, group: 'directory' },
  { method: 'PUT', path: `${T}/routing-rules/{id}`, handler: 'functions/http/admin/update-routing-rule', access: ADMIN, group: 'admin' },
  { method: 'DELETE', path: `${T}/routing-rules/{id}`, handler: 'functions/http/admin/delete-routing-rule', access: ADMIN, group: 'admin' },
  { method: 'POST', path: `${T}/business-partners`, handler: 'functions/http/admin/create-partner', access: ADMIN, group: 'admin' },
  { method: 'PUT', path: `${T}/business-partners/{id}`, handler: 'functions/http/admin/update-partner', access: ADMIN, group: 'admin' },
  { method: 'POST', path: `${T}/business-partners/{id}/close`, handler: 'functions/http/admin/close-partner', access: ADMIN, group: 'admin' },
  { method: 'POST', path: `${T}/business-partners/{id}/merge`, handler: 'functions/http/admin/merge-partner', access: ADMIN, group: 'admin' },
  { method: 'POST', path: `${T}/business-partners/{bpId}/contacts`, handler: 'functions/http/admin/create-contact', access: ADMIN, group: 'admin' },
  { method: 'PUT', path: `${T}/business-partners/{bpId}/contacts/{contactId}`, handler: 'functions/http/admin/update-contact', access: ADMIN, group: 'admin' },
  { method: 'DELETE', path: `${T}/business-partners/{bpId}/contacts/{contactId}`, handler: 'functions/http/admin/delete-contact', access: ADMIN, group: 'admin' },

  // The WhatsApp channel (SPEC §3 WhatsApp skills): Meta's handshake and webhook.
  { method: 'GET', path: '/webhooks/whatsapp', handler: 'functions/webhooks/verify-whatsapp', access: 'public', group: 'webhook' },
  { method: 'POST', path: '/webhooks/whatsapp', handler: 'functions/webhooks/receive-whatsapp', access: 'public', group: 'webhook' },

  local('GET', '/health', 'health'),
  local('GET', '/.well-known/jwks.json', 'jwks'),
  local('GET', '/dev/users', 'list-users'),
  local('POST', '/dev/token', 'issue-token'),
  local('POST', '/dev/clock', 'advance-clock'),
  local('POST', '/dev/schedules/{name}/run', 'run-schedule'),
  local('POST', '/dev/idle', 'wait-idle'),
  local('GET', '/dev/whatsapp/outbox', 'whatsapp-outbox'),
  local('POST', '/dev/whatsapp/send', 'whatsapp-send'),
  local('PUT', '/dev/blobs/{key}', 'put-blob'),
  local('GET', '/dev/blobs/{key}', 'get-blob'),
];
