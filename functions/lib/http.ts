// The one middy stack of every HTTP handler: correlation id and logs, body size, access from the
// route's declaration (token → actor → permission → tenant), JSON body and query validation with
// zod, and the mapping of errors to SPEC's error body. Handlers only parse, call a service, answer.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { z } from 'zod';
import { type Actor, actorFromClaims, hasPermission } from '../../shared/identity/actor.ts';
import { AppError, detailsFromIssues, toHttpError } from '../../shared/platform/errors.ts';
import { createRouteMatcher, routeKey } from '../../shared/system/match-route.ts';
import type { RouteDecl } from '../../shared/system/routes.ts';
import { type Deps, getDeps } from './deps.ts';

export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_PATH_PARAM_LENGTH = 200;

export type HttpResult = { status: number; body?: unknown; headers?: Record<string, string>; text?: string; raw?: Buffer };

export type HttpRequest<B, Q> = {
  event: APIGatewayProxyEventV2;
  params: Record<string, string>;
  query: Q;
  body: B;
  /** The verified caller; throws on a public route. */
  readonly actor: Actor;
  deps: Deps;
  correlationId: string;
  route: RouteDecl;
  /** The `If-Match` version, when sent (a versioned write's precondition). */
  readonly ifMatch: number | undefined;
};

type Schema = z.ZodType | undefined;
type Out<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

type RouteIndex = { byKey: ReadonlyMap<string, RouteDecl>; match: ReturnType<typeof createRouteMatcher> };
const indexes = new WeakMap<readonly RouteDecl[], RouteIndex>();

/** The declaration of the route an event was routed by (API Gateway's routeKey, or the path). */
export function routeOf(event: APIGatewayProxyEventV2, declared: readonly RouteDecl[]): RouteDecl {
  let index = indexes.get(declared);
  if (!index) {
    index = { byKey: new Map(declared.map((r) => [routeKey(r), r])), match: createRouteMatcher(declared) };
    indexes.set(declared, index);
  }
  const byKey = index.byKey.get(event.routeKey);
  if (byKey) return byKey;
  const m = index.match(event.requestContext.http.method, event.rawPath);
  if (m.kind === 'route') return m.route;
  throw new Error(`No declared route for ${event.routeKey}`);
}

export const bodyBytes = (event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): Buffer =>
  event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');

export function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** SPEC `If-Match`: the bare version number, or a quoted one; anything else is a 400. */
export function parseIfMatch(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,12})"?\s*$/.exec(value);
  if (!m) throw new AppError('validation_failed', 'If-Match must be the version number', [{ field: 'If-Match', code: 'invalid' }]);
  return Number(m[1]);
}

export const correlationIdOf = (event: APIGatewayProxyEventV2): string =>
  header(event, 'x-correlation-id') ?? event.requestContext?.requestId ?? 'unknown';

export function toResponse(result: HttpResult, correlationId: string): APIGatewayProxyStructuredResultV2 {
  const headers: Record<string, string> = { 'x-correlation-id': correlationId, 'cache-control': 'no-store', ...result.headers };
  if (result.raw !== undefined) return { statusCode: result.status, headers, body: result.raw.toString('base64'), isBase64Encoded: true };
  if (result.text !== undefined) return { statusCode: result.status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body: result.text };
  if (result.body === undefined) return { statusCode: result.status, headers };
  return { statusCode: result.status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(result.body) };
}

export function errorResponse(err: unknown, event: APIGatewayProxyEventV2, deps?: Pick<Deps, 'logger'>): APIGatewayProxyStructuredResultV2 {
  const correlationId = correlationIdOf(event);
  const { status, body } = toHttpError(err, correlationId);
  if (status >= 500) deps?.logger.error('Unhandled error', { correlationId, routeKey: event.routeKey, error: err as Error });
  else deps?.logger.debug('Request refused', { correlationId, status, code: body.error.code });
  return toResponse({ status, body, ...(status === 405 && err instanceof MethodNotAllowed ? { headers: { allow: err.allowed.join(', ') } } : {}) }, correlationId);
}

export class MethodNotAllowed extends AppError {
  readonly allowed: string[];
  constructor(allowed: string[]) {
    super('method_not_allowed', `Method not allowed; this path takes ${allowed.join(', ')}`);
    this.allowed = allowed;
  }
}

/**
 * Who may call: a valid token; for a tenant-scoped path, a caller of that tenant (another tenant's
 * data does not exist for them: 404, before any word about permissions, SPEC §2); then the route's
 * access — customers on customer routes only, a permission for internal routes (403).
 */
async function authorize(event: APIGatewayProxyEventV2, route: RouteDecl, deps: Deps, tenantId: string | undefined): Promise<Actor | undefined> {
  if (route.access === 'public') return undefined;
  const auth = header(event, 'authorization');
  const token = auth?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (!token) throw new AppError('unauthorized', 'Sign in first: the Authorization header needs a Bearer token');
  const actor = actorFromClaims(await deps.verifier.verify(token));
  if (route.access === 'customer') {
    if (actor.type !== 'customer') throw new AppError('forbidden', 'This route is for customers');
    return actor;
  }
  if (route.access !== 'signed-in' && actor.type !== 'agent') throw new AppError('forbidden', `This needs the ${route.access} permission`);
  if (tenantId !== undefined && !actor.tenants.includes(tenantId)) throw new AppError('not_found', 'No such tenant');
  if (route.access !== 'signed-in' && !hasPermission(actor, route.access)) throw new AppError('forbidden', `This needs the ${route.access} permission`);
  return actor;
}

function parseJson(event: APIGatewayProxyEventV2): unknown {
  const raw = bodyBytes(event).toString('utf8');
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON');
  }
}

function validate<S extends Schema>(schema: S, value: unknown, where: string): Out<S> {
  if (!schema) return undefined as Out<S>;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new AppError('validation_failed', `The ${where} is not valid`, detailsFromIssues(parsed.error.issues, where === 'body' ? undefined : where));
  }
  return parsed.data as Out<S>;
}

export function httpHandler<B extends Schema = undefined, Q extends Schema = undefined>(
  options: { body?: B; query?: Q },
  fn: (req: HttpRequest<Out<B>, Out<Q>>) => Promise<HttpResult>,
) {
  const base = async (event: APIGatewayProxyEventV2, _context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const deps = await getDeps();
    const correlationId = correlationIdOf(event);
    try {
      if (bodyBytes(event).length > MAX_BODY_BYTES) throw new AppError('payload_too_large', 'The request body is over 1 MiB');
      const route = routeOf(event, deps.routes);
      const params = (event.pathParameters ?? {}) as Record<string, string>;
      // No id of the product is that long: such a path names nothing (and would not fit a table key).
      if (Object.values(params).some((v) => v.length > MAX_PATH_PARAM_LENGTH)) throw new AppError('not_found', 'Nothing has that id');
      const actor = await authorize(event, route, deps, params.tenantId);
      const query = validate(options.query as Q, event.queryStringParameters ?? {}, 'query');
      const body = validate(options.body as B, options.body ? parseJson(event) : undefined, 'body');
      const result = await fn({
        event,
        params,
        query,
        body,
        get actor(): Actor {
          if (!actor) throw new Error('This route is public: it has no actor');
          return actor;
        },
        deps,
        correlationId,
        route,
        // Parsed when a versioned write asks for it: a malformed one is then a 400.
        get ifMatch() {
          return parseIfMatch(header(event, 'if-match'));
        },
      });
      return toResponse(result, correlationId);
    } catch (err) {
      return errorResponse(err, event, deps);
    }
  };
  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>().handler(base);
}
