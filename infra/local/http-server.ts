// The local API Gateway + CloudFront: one Node HTTP server. API paths become API Gateway v2 events
// for the handler modules routes.ts names; everything else is the built web site (SPA fallback).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { APIGatewayProxyResultV2 } from 'aws-lambda';
import { createRouteMatcher, routeKey } from '../../shared/system/match-route.ts';
import type { RouteDecl } from '../../shared/system/routes.ts';
import { MAX_BODY_BYTES } from '../../functions/lib/http.ts';
import { toApiGatewayEvent, writeResult } from './api-gateway.ts';

const API_PREFIXES = ['/api', '/webhooks', '/dev', '/health', '/.well-known'];
const LIMITED_PREFIXES = ['/api', '/webhooks'];
/** Local signed uploads (/dev/blobs) may be larger than API bodies; nothing may be unbounded. */
const MAX_ANY_BODY_BYTES = 32 * 1024 * 1024;

const under = (path: string, prefixes: string[]) => prefixes.some((p) => path === p || path.startsWith(`${p}/`));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

const errorBody = (code: string, message: string) => JSON.stringify({ error: { code, message } });

/** Reads the body up to `limit` bytes; answers null when it is larger. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function createLocalServer(options: {
  routes: readonly RouteDecl[];
  notFoundHandler: string;
  webDir: string;
  invoke: (module: string, event: unknown) => Promise<unknown>;
  onError: (err: unknown) => void;
}): Server & { drain(): Promise<void> } {
  const match = createRouteMatcher(options.routes);

  function serveStatic(req: IncomingMessage, res: ServerResponse, path: string): void {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      res.writeHead(404, { 'content-type': 'application/json' }).end(errorBody('not_found', 'No such page'));
      return;
    }
    const file = normalize(join(options.webDir, decoded));
    const inside = file.startsWith(options.webDir);
    if (inside && path !== '/' && existsSync(file) && statSync(file).isFile()) {
      const immutable = path.startsWith('/assets/');
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
      if (req.method === 'HEAD') return void res.end();
      return void createReadStream(file).pipe(res);
    }
    // A missing asset or file (a name with an extension, e.g. /config.json, which only a deployed
    // site has) is 404; only page paths fall back to the app.
    if (path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(path)) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(errorBody('not_found', `No file ${path}`));
      return;
    }
    const index = join(options.webDir, 'index.html');
    if (!existsSync(index)) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('The web app is not built yet: run `npm run build`.');
      return;
    }
    res.writeHead(200, { 'content-type': CONTENT_TYPES['.html']!, 'cache-control': 'no-cache' });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(index).pipe(res);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    const isApi = under(path, API_PREFIXES);

    if (!isApi && (method === 'GET' || method === 'HEAD')) return serveStatic(req, res, path);

    const limit = under(path, LIMITED_PREFIXES) ? MAX_BODY_BYTES : MAX_ANY_BODY_BYTES;
    const body = await readBody(req, limit);
    if (body === null) {
      res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
      res.end(errorBody('payload_too_large', `The request body is over ${limit === MAX_BODY_BYTES ? '1 MiB' : '32 MiB'}`));
      return;
    }
    const m = isApi ? match(method, path) : ({ kind: 'not-found' } as const);
    const target =
      m.kind === 'route'
        ? { module: m.route.handler, routeKey: routeKey(m.route), params: m.params }
        : { module: options.notFoundHandler, routeKey: '$default', params: undefined };
    const event = toApiGatewayEvent(req, body, { routeKey: target.routeKey, ...(target.params ? { params: target.params } : {}) });
    const result = (await options.invoke(target.module, event)) as APIGatewayProxyResultV2;
    writeResult(res, result);
  }

  // Requests in progress, so a stop can let them finish before the store closes.
  let inFlight = 0;
  const drainWaiters: (() => void)[] = [];
  let stopping = false;
  const server = createServer((req, res) => {
    if (stopping) {
      // Stopping: a request on a kept-alive connection is refused rather than started.
      res.writeHead(503, { 'content-type': 'application/json', connection: 'close' }).end(errorBody('unavailable', 'The service desk is stopping'));
      return;
    }
    inFlight++;
    handle(req, res)
      .catch((err: unknown) => {
        options.onError(err);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(errorBody('internal', 'Internal error'));
      })
      .finally(() => {
        if (--inFlight === 0) drainWaiters.splice(0).forEach((resolve) => resolve());
      });
  });
  return Object.assign(server, {
    /** Refuses new requests and resolves once the ones in progress are answered. */
    drain: () => {
      stopping = true;
      return inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => drainWaiters.push(resolve));
    },
  });
}
