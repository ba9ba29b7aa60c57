// The verifier both runtimes use, with a Cognito-shaped ID token: issuer of a user pool, audience of
// the app client, token_use id, signed by a test key whose JWKS the verifier is given.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTokenVerifier } from './auth.ts';

const ISSUER = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TestPool';
const CLIENT = '3n4b5urk1ft4fl3mg5e62d9ado';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...(createPublicKey(privateKey).export({ format: 'jwk' }) as { n: string; e: string; kty: 'RSA' }), kid: 'test-kid', alg: 'RS256', use: 'sig' };

const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
function token(claims: Record<string, unknown>, key = privateKey): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    sub: 'a1b2c3',
    'cognito:groups': ['service-desk-agent'],
    'cognito:username': 'a1b2c3',
    email: 'alice@acme.test',
    name: 'Alice Adams',
    'custom:tenants': 'acme',
    iss: ISSUER,
    aud: CLIENT,
    token_use: 'id',
    auth_time: now,
    iat: now,
    exp: now + 3600,
    ...claims,
  };
  const input = `${b64({ kid: 'test-kid', alg: 'RS256' })}.${b64(payload)}`;
  return `${input}.${sign('RSA-SHA256', Buffer.from(input), key).toString('base64url')}`;
}

const verifier = createTokenVerifier({ issuer: ISSUER, audience: CLIENT, jwksUri: `${ISSUER}/.well-known/jwks.json`, jwks: { keys: [jwk] } });

describe('the ID token verifier', () => {
  it('accepts a Cognito ID token for the app client', async () => {
    await expect(verifier.verify(token({}))).resolves.toMatchObject({ sub: 'a1b2c3', 'cognito:groups': ['service-desk-agent'], 'custom:tenants': 'acme' });
  });

  it('refuses an access token, another client’s token, another issuer’s, and an expired one', async () => {
    const past = Math.floor(Date.now() / 1000) - 7200;
    for (const claims of [
      { token_use: 'access', aud: undefined, client_id: CLIENT },
      { aud: 'another-client' },
      { iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' },
      { iat: past, auth_time: past, exp: past + 3600 },
    ]) {
      await expect(verifier.verify(token(claims)), JSON.stringify(claims)).rejects.toMatchObject({ code: 'unauthorized' });
    }
  });

  it('refuses a token signed by another key under the same kid', async () => {
    const other = createPrivateKey(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await expect(verifier.verify(token({}, other))).rejects.toMatchObject({ code: 'unauthorized' });
  });
});
