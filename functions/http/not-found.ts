// Every request no route matches (API Gateway's $default route; the local runtime's fallback):
// 404 for an unknown path, 405 for a known path with another method.
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { AppError } from '../../shared/platform/errors.ts';
import { createRouteMatcher } from '../../shared/system/match-route.ts';
import { routes } from '../../shared/system/routes.ts';
import { MethodNotAllowed, errorResponse } from '../lib/http.ts';
import { logger } from '../lib/logger.ts';

const match = createRouteMatcher(routes);

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>().handler(async (event) => {
  const m = match(event.requestContext.http.method, event.rawPath);
  const err = m.kind === 'method-not-allowed' ? new MethodNotAllowed(m.allowed) : new AppError('not_found', `No route for ${event.requestContext.http.method} ${event.rawPath}`);
  return errorResponse(err, event, { logger });
});
