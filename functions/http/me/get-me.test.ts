// GET /api/me over real HTTP against the local runtime, with real tokens from the local issuer.
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalIssuer, subFromEmail } from '../../../infra/local/issuer.ts';
import { type LocalRuntime, startRuntime } from '../../../infra/local/runtime.ts';
import { tokenFor } from '../../../infra/local/testing.ts';

let rt: LocalRuntime;
beforeAll(async () => {
  rt = await startRuntime({ port: 0, dataDir: ':memory:' });
});
afterAll(async () => rt.stop());

const me = (token?: string) => fetch(`${rt.url}/api/me`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
function claimsOf(email: string) {
  return { sub: subFromEmail(email), name: 'Alice Adams', email, 'cognito:groups': ['service-desk-agent'], 'custom:tenants': 'acme' };
}

async function expectUnauthorized(res: Response) {
  expect(res.status).toBe(401);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe('unauthorized');
  expect(body.error.message).toEqual(expect.any(String));
}

describe('GET /api/me', () => {
  it('describes an agent', async () => {
    const res = await me(await tokenFor(rt, 'alice@acme.test'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: subFromEmail('alice@acme.test'),
      name: 'Alice Adams',
      email: 'alice@acme.test',
      roles: ['service-desk-agent'],
      permissions: ['service-desk.view', 'service-desk.manage'],
      tenants: ['acme'],
    });
  });

  it('describes a multi-tenant admin', async () => {
    const body = await (await me(await tokenFor(rt, 'ada@acme.test'))).json();
    expect(body).toMatchObject({
      name: 'Ada Park',
      roles: ['service-desk-admin'],
      permissions: ['service-desk.view', 'service-desk.manage', 'service-desk.admin'],
      tenants: ['acme', 'globex'],
    });
    expect(body).not.toHaveProperty('requester');
  });

  it('describes a customer with their business partner and no permissions', async () => {
    const body = await (await me(await tokenFor(rt, 'carol@customer.test'))).json();
    expect(body).toMatchObject({ name: 'Carol Chen', roles: ['service-desk-customer'], permissions: [], tenants: ['acme'], requester: { bpId: 'BP-1001' } });
  });

  it('gives the same id for the same email after a restart (derived, not random)', () => {
    expect(subFromEmail('Alice@Acme.test')).toBe(subFromEmail('alice@acme.test'));
    expect(subFromEmail('alice@acme.test')).not.toBe(subFromEmail('sam@acme.test'));
  });
});

describe('authentication', () => {
  it('refuses a request without a token, or with a malformed header', async () => {
    await expectUnauthorized(await me());
    await expectUnauthorized(await fetch(`${rt.url}/api/me`, { headers: { authorization: 'Basic abc' } }));
    await expectUnauthorized(await me('not-a-jwt'));
  });

  it('refuses an expired token', async () => {
    const expired = rt.issuer.sign(claimsOf('alice@acme.test'), { expiresInSeconds: -60 });
    const res = await me(expired);
    await expectUnauthorized(res.clone());
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/expired/);
  });

  it('refuses a token signed by another key, with an unknown or a known kid', async () => {
    const stranger = createLocalIssuer({ dataDir: ':memory:', issuer: rt.url, audience: rt.issuer.audience });
    await expectUnauthorized(await me(stranger.sign(claimsOf('alice@acme.test'))));

    const kid = rt.issuer.jwks.keys[0]!.kid;
    const now = Math.floor(Date.now() / 1000);
    const input = `${b64({ alg: 'RS256', kid, typ: 'JWT' })}.${b64({ ...claimsOf('alice@acme.test'), iss: rt.url, aud: rt.issuer.audience, token_use: 'id', iat: now, exp: now + 600 })}`;
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await expectUnauthorized(await me(`${input}.${sign('RSA-SHA256', Buffer.from(input), privateKey).toString('base64url')}`));
  });

  it('refuses alg none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'none', typ: 'JWT', kid: rt.issuer.jwks.keys[0]!.kid })}.${b64({ ...claimsOf('alice@acme.test'), iss: rt.url, aud: rt.issuer.audience, token_use: 'id', iat: now, exp: now + 600 })}.`;
    await expectUnauthorized(await me(unsigned));
  });

  it('refuses an access token, and a token for another client or issuer', async () => {
    await expectUnauthorized(await me(rt.issuer.sign(claimsOf('alice@acme.test'), { tokenUse: 'access' })));
    const otherClient = createLocalIssuer({ dataDir: ':memory:', issuer: rt.url, audience: 'another-client' });
    await expectUnauthorized(await me(otherClient.sign(claimsOf('alice@acme.test'))));
  });

  it('refuses a customer token without a business partner', async () => {
    const token = rt.issuer.sign({ sub: 'x', name: 'X', email: 'x@customer.test', 'cognito:groups': ['service-desk-customer'], 'custom:tenants': 'acme' });
    await expectUnauthorized(await me(token));
  });
});
