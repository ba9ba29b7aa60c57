// ID-token verification with aws-jwt-verify's JwtVerifier: the same code on AWS (Cognito's JWKS,
// fetched) and locally (the local issuer's JWKS, loaded in-process with cacheJwks).
import { JwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { AppError } from '../../shared/platform/errors.ts';

export type AuthConfig = {
  issuer: string;
  /** The app client id: ID tokens carry it as `aud`. */
  audience: string;
  jwksUri: string;
  /** A JWKS to trust without fetching (the local runtime's own keys). */
  jwks?: Jwks;
};

export type TokenVerifier = { verify(token: string): Promise<Record<string, unknown>> };

export function createTokenVerifier(config: AuthConfig): TokenVerifier {
  const verifier = JwtVerifier.create({
    issuer: config.issuer,
    audience: config.audience,
    jwksUri: config.jwksUri,
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== 'id') throw new Error('Not an ID token');
    },
  });
  if (config.jwks) verifier.cacheJwks(config.jwks);
  return {
    async verify(token) {
      try {
        return (await verifier.verify(token)) as Record<string, unknown>;
      } catch (err) {
        // Expired, wrong key, unknown kid, alg none, not an ID token, JWKS unreachable: all 401.
        throw new AppError('unauthorized', err instanceof Error && /expired/i.test(err.message) ? 'The token has expired' : 'The token is not valid');
      }
    },
  };
}
