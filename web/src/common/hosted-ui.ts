// Sign-in on AWS: Cognito's hosted UI with the authorization code flow and PKCE (the web client has
// no secret). The site's `/config.json`, deployed beside it, names the pool, client and domain.
import type { SiteConfig } from '../../../shared/identity/site-config.ts';

export type { SiteConfig };

const PENDING_KEY = 'sd.pkce';

const base64url = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export function randomVerifier(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** RFC 7636 S256: base64url(sha256(verifier)). */
export async function codeChallenge(verifier: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/** The deployed site's config, or null where there is none (the local runtime answers 404). */
export async function loadSiteConfig(fetcher: typeof fetch = fetch): Promise<SiteConfig | null> {
  const res = await fetcher('/config.json', { headers: { accept: 'application/json' } });
  if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) return null;
  const config = (await res.json()) as Partial<SiteConfig>;
  return config.auth === 'cognito' && config.clientId && config.hostedUiDomain && config.redirectUri ? (config as SiteConfig) : null;
}

export async function authorizeUrl(config: SiteConfig, storage: Storage = sessionStorage): Promise<string> {
  const verifier = randomVerifier();
  const state = randomVerifier();
  storage.setItem(PENDING_KEY, JSON.stringify({ verifier, state }));
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: 'openid email profile',
    code_challenge_method: 'S256',
    code_challenge: await codeChallenge(verifier),
    state,
  });
  return `${config.hostedUiDomain}/oauth2/authorize?${params}`;
}

/** Exchanges the code the hosted UI sent back for tokens; answers the ID token the API takes. */
export async function completeSignIn(config: SiteConfig, code: string, state: string | null, storage: Storage = sessionStorage, fetcher: typeof fetch = fetch): Promise<string> {
  const pending = JSON.parse(storage.getItem(PENDING_KEY) ?? 'null') as { verifier: string; state: string } | null;
  storage.removeItem(PENDING_KEY);
  if (!pending || pending.state !== state) throw new Error('This sign-in was not started here; please sign in again.');
  const res = await fetcher(`${config.hostedUiDomain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.clientId, code, redirect_uri: config.redirectUri, code_verifier: pending.verifier }),
  });
  const body = (await res.json().catch(() => ({}))) as { id_token?: string; error?: string };
  if (!res.ok || !body.id_token) throw new Error(`Sign-in failed${body.error ? ` (${body.error})` : ''}; please try again.`);
  return body.id_token;
}

export const signOutUrl = (config: SiteConfig): string =>
  `${config.hostedUiDomain}/logout?${new URLSearchParams({ client_id: config.clientId, logout_uri: config.signOutUri })}`;
