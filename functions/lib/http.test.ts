// The HTTP stack's routing of an API Gateway event to its declaration, and its response shaping.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { RouteDecl } from '../../shared/system/routes.ts';
import { routeOf, toResponse } from './http.ts';

const decl = (method: RouteDecl['method'], path: string): RouteDecl => ({ method, path, handler: 'h', access: 'signed-in', group: 'g' });
const declared = [decl('GET', '/api/tenants/{tenantId}/tickets/{number}'), decl('PUT', '/api/tenants/{tenantId}/routing-rules/order'), decl('PUT', '/api/tenants/{tenantId}/routing-rules/{id}')];

const event = (routeKey: string, method: string, rawPath: string) =>
  ({ routeKey, rawPath, requestContext: { http: { method } } }) as unknown as APIGatewayProxyEventV2;

describe('routeOf', () => {
  it('finds the declaration by API Gateway routeKey', () => {
    expect(routeOf(event('PUT /api/tenants/{tenantId}/routing-rules/order', 'PUT', '/api/tenants/a/routing-rules/order'), declared).path).toBe(
      '/api/tenants/{tenantId}/routing-rules/order',
    );
  });

  it('falls back to the path when the routeKey is not a declared one (a proxy integration)', () => {
    expect(routeOf(event('$default', 'GET', '/api/tenants/a/tickets/SD-1'), declared).path).toBe('/api/tenants/{tenantId}/tickets/{number}');
    expect(routeOf(event('$default', 'PUT', '/api/tenants/a/routing-rules/r1'), declared).path).toBe('/api/tenants/{tenantId}/routing-rules/{id}');
  });

  it('fails closed for an undeclared route', () => {
    expect(() => routeOf(event('GET /api/x', 'GET', '/api/x'), declared)).toThrow(/No declared route/);
  });
});

describe('toResponse', () => {
  it('answers JSON with the correlation id and no caching', () => {
    expect(toResponse({ status: 201, body: { a: 1 } }, 'cid')).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'application/json', 'x-correlation-id': 'cid', 'cache-control': 'no-store' },
      body: '{"a":1}',
    });
  });

  it('answers bytes base64-encoded, and an empty body without a content type', () => {
    expect(toResponse({ status: 200, raw: Buffer.from('hi') }, 'c')).toMatchObject({ body: 'aGk=', isBase64Encoded: true });
    expect(toResponse({ status: 204 }, 'c')).toEqual({ statusCode: 204, headers: { 'x-correlation-id': 'c', 'cache-control': 'no-store' } });
  });
});
