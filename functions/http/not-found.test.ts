// The error shape over real HTTP: unknown routes, wrong methods, malformed and oversized bodies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startRuntime } from '../../infra/local/runtime.ts';

let rt: LocalRuntime;
beforeAll(async () => {
  rt = await startRuntime({ port: 0, dataDir: ':memory:' });
});
afterAll(async () => rt.stop());

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body).toEqual({ error: { code, message: expect.any(String) } });
}

describe('requests no route takes', () => {
  it('answers 404 for an unknown path under every API prefix', async () => {
    for (const path of ['/api/nope', '/api', '/webhooks/unknown', '/dev/nothing', '/health/x', '/.well-known/other']) {
      await expectError(await fetch(`${rt.url}${path}`), 404, 'not_found');
    }
  });

  it('answers 405 with Allow for a known path with another method', async () => {
    const res = await fetch(`${rt.url}/api/me`, { method: 'DELETE' });
    expect(res.headers.get('allow')).toBe('GET');
    await expectError(res, 405, 'method_not_allowed');
    await expectError(await fetch(`${rt.url}/dev/token`, { method: 'GET' }), 405, 'method_not_allowed');
  });

  it('answers 404 for a missing asset, and the web app for any other page', async () => {
    await expectError(await fetch(`${rt.url}/assets/missing-123.js`), 404, 'not_found');
    // The deployed site's config.json does not exist locally: the web app then uses the local sign-in.
    await expectError(await fetch(`${rt.url}/config.json`), 404, 'not_found');
    const page = await fetch(`${rt.url}/service-desk/my/tickets`);
    expect([200, 503]).toContain(page.status);
    expect(page.headers.get('content-type')).toMatch(/text\/(html|plain)/);
  });

  it('answers 404 for a non-GET request outside the API', async () => {
    await expectError(await fetch(`${rt.url}/some/page`, { method: 'POST', body: '{}' }), 404, 'not_found');
  });
});

describe('bodies', () => {
  it('answers 400 for malformed JSON', async () => {
    await expectError(await fetch(`${rt.url}/dev/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email": ' }), 400, 'bad_request');
  });

  it('answers 400 with a detail per bad field', async () => {
    const res = await fetch(`${rt.url}/dev/token`, { method: 'POST', body: JSON.stringify({ email: 'not-an-email', extra: 1 }) });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { field: string }[] } };
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.map((d) => d.field).sort()).toEqual(['email', 'extra']);
  });

  it('answers 413 for a body over 1 MiB on /api and /webhooks, before routing', async () => {
    const big = 'x'.repeat(1024 * 1024 + 1);
    await expectError(await fetch(`${rt.url}/api/me`, { method: 'POST', body: big }), 413, 'payload_too_large');
    await expectError(await fetch(`${rt.url}/api/no-such-route`, { method: 'POST', body: big }), 413, 'payload_too_large');
    await expectError(await fetch(`${rt.url}/webhooks/whatsapp`, { method: 'POST', body: big }), 413, 'payload_too_large');
  });

  it('takes a body of exactly 1 MiB past the size check', async () => {
    const res = await fetch(`${rt.url}/api/me`, { method: 'POST', body: 'x'.repeat(1024 * 1024) });
    expect(res.status).toBe(405);
  });
});
