// The local stand-in for Cognito: an RS256 key made at first start (kept in DATA_DIR), its JWKS,
// and ID tokens shaped like Cognito's. Expiry is wall time, never the movable product clock.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Jwks } from 'aws-jwt-verify/jwk';

export const LOCAL_AUDIENCE = 'service-desk-local';
export const TOKEN_LIFETIME_SECONDS = 8 * 3600;

export type LocalIssuer = {
  issuer: string;
  audience: string;
  jwks: Jwks;
  sign(claims: Record<string, unknown>, options?: { expiresInSeconds?: number; tokenUse?: 'id' | 'access' }): string;
};

/** A user's id (`sub`), derived from the email so identities survive restarts. */
export function subFromEmail(email: string): string {
  const h = createHash('sha256').update(`service-desk:${email.trim().toLowerCase()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const b64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');

function loadKey(dataDir: string): KeyObject {
  if (dataDir === ':memory:') return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const file = join(dataDir, 'issuer-key.pem');
  if (existsSync(file)) return createPrivateKey(readFileSync(file, 'utf8'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return privateKey;
}

export function createLocalIssuer(options: { dataDir: string; issuer: string; audience?: string }): LocalIssuer {
  const privateKey = loadKey(options.dataDir);
  const publicJwk = createPublicKey(privateKey).export({ format: 'jwk' }) as { n: string; e: string; kty: 'RSA' };
  const kid = createHash('sha256').update(publicJwk.n).digest('base64url').slice(0, 16);
  const audience = options.audience ?? LOCAL_AUDIENCE;
  return {
    issuer: options.issuer,
    audience,
    jwks: { keys: [{ ...publicJwk, kid, alg: 'RS256', use: 'sig' }] },
    sign(claims, signOptions = {}) {
      const now = Math.floor(Date.now() / 1000);
      const header = { alg: 'RS256', kid, typ: 'JWT' };
      const payload = {
        ...claims,
        iss: options.issuer,
        aud: audience,
        token_use: signOptions.tokenUse ?? 'id',
        auth_time: now,
        iat: now,
        exp: now + (signOptions.expiresInSeconds ?? TOKEN_LIFETIME_SECONDS),
        jti: randomUUID(),
      };
      const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
      return `${input}.${b64url(sign('RSA-SHA256', Buffer.from(input), privateKey))}`;
    },
  };
}
