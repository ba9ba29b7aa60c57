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
  identity: { name: 'identity', grants: { table: 'read' }, memoryMb: 256, timeoutSeconds: 10 },
  'not-found': { name: 'not-found', grants: {}, memoryMb: 128, timeoutSeconds: 5 },
} satisfies Record<string, FunctionGroup>;

export type FunctionGroupName = keyof typeof functionGroups;

/** Answers every request no route matches: 404, or 405 for a known path. The `$default` route on AWS. */
export const notFoundHandler = 'functions/http/not-found';

const local = (method: HttpMethod, path: string, handler: string, access: RouteAccess = 'public'): RouteDecl => ({
  method,
  path,
  handler: `infra/local/dev/${handler}`,
  access,
  group: 'local',
  localOnly: true,
});

export const routes: RouteDecl[] = [
  { method: 'GET', path: '/api/me', handler: 'functions/http/me/get-me', access: 'signed-in', group: 'identity' },

  local('GET', '/health', 'health'),
  local('GET', '/.well-known/jwks.json', 'jwks'),
  local('GET', '/dev/users', 'list-users'),
  local('POST', '/dev/token', 'issue-token'),
  local('POST', '/dev/clock', 'advance-clock'),
  local('POST', '/dev/schedules/{name}/run', 'run-schedule'),
  local('POST', '/dev/idle', 'wait-idle'),
  local('GET', '/dev/whatsapp/outbox', 'whatsapp-outbox'),
  local('PUT', '/dev/blobs/{key}', 'put-blob'),
  local('GET', '/dev/blobs/{key}', 'get-blob'),
];
