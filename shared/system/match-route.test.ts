import { describe, expect, it } from 'vitest';
import { createRouteMatcher, routeKey } from './match-route.ts';
import type { RouteDecl } from './routes.ts';
import { routes } from './routes.ts';

const r = (method: RouteDecl['method'], path: string): RouteDecl => ({ method, path, handler: `h${method}${path}`, access: 'public', group: 'g' });

const fixture = [
  r('GET', '/api/tenants/{tenantId}/tickets/{number}'),
  r('PATCH', '/api/tenants/{tenantId}/tickets/{number}'),
  r('GET', '/api/tenants/{tenantId}/queues/{id}'),
  r('PUT', '/api/tenants/{tenantId}/routing-rules/{id}'),
  r('PUT', '/api/tenants/{tenantId}/routing-rules/order'),
  r('GET', '/api/me'),
];
const match = createRouteMatcher(fixture);

describe('createRouteMatcher', () => {
  it('matches a path and extracts decoded parameters', () => {
    const m = match('GET', '/api/tenants/acme/tickets/SD-00012');
    expect(m).toMatchObject({ kind: 'route', route: { path: '/api/tenants/{tenantId}/tickets/{number}' }, params: { tenantId: 'acme', number: 'SD-00012' } });
    expect(match('GET', '/api/tenants/a%20b/queues/q%2F1')).toMatchObject({ params: { tenantId: 'a b', id: 'q/1' } });
  });

  it('prefers a literal segment over a parameter, as API Gateway does', () => {
    expect(match('PUT', '/api/tenants/acme/routing-rules/order')).toMatchObject({ route: { path: '/api/tenants/{tenantId}/routing-rules/order' } });
    expect(match('PUT', '/api/tenants/acme/routing-rules/r1')).toMatchObject({ params: { id: 'r1' } });
  });

  it('answers method-not-allowed with the methods the path takes', () => {
    expect(match('DELETE', '/api/tenants/acme/tickets/SD-1')).toEqual({ kind: 'method-not-allowed', allowed: ['GET', 'PATCH'] });
    expect(match('POST', '/api/me')).toEqual({ kind: 'method-not-allowed', allowed: ['GET'] });
  });

  it('answers not-found for unknown paths, extra or missing segments, and bad escapes', () => {
    expect(match('GET', '/api/nope').kind).toBe('not-found');
    expect(match('GET', '/api/me/extra').kind).toBe('not-found');
    expect(match('GET', '/api/tenants/acme/tickets').kind).toBe('not-found');
    expect(match('GET', '/api/tenants/%E0%A4%A/tickets/1').kind).toBe('not-found');
  });

  it('is case-insensitive on the method, and ignores a trailing slash', () => {
    expect(match('get', '/api/me/').kind).toBe('route');
  });

  it('finds a method declared on a later template of the same path', () => {
    const m = createRouteMatcher([r('GET', '/a/{x}'), r('GET', '/b/{y}'), r('POST', '/a/{x}')]);
    expect(m('POST', '/a/1')).toMatchObject({ kind: 'route', route: { method: 'POST', path: '/a/{x}' } });
  });
});

describe('the product routes', () => {
  it('declare each method and path once', () => {
    const keys = routes.map(routeKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
  it('keep /dev, /health and /.well-known local-only', () => {
    for (const route of routes) {
      if (/^\/(dev|health|\.well-known)/.test(route.path)) expect(route.localOnly, route.path).toBe(true);
    }
  });
});
