// Every request no route matches (API Gateway's $default route; the local runtime's fallback):
// 404 for an unknown path, 405 for a known path with another method.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AppError } from '../../shared/platform/errors.ts';
import { createRouteMatcher } from '../../shared/system/match-route.ts';
import { getDeps } from '../lib/deps.ts';
import { MethodNotAllowed, errorResponse } from '../lib/http.ts';

let match: ReturnType<typeof createRouteMatcher> | undefined;

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>().handler(async (event) => {
  const deps = await getDeps();
  match ??= createRouteMatcher(deps.routes);
  const { method } = event.requestContext.http;
  const m = match(method, event.rawPath);
  const err = m.kind === 'method-not-allowed' ? new MethodNotAllowed(m.allowed) : new AppError('not_found', `No route for ${method} ${event.rawPath}`);
  return errorResponse(err, event, deps);
});
