import { describe, expect, it } from 'vitest';
import { authorizeUrl, codeChallenge, completeSignIn, loadSiteConfig, type SiteConfig } from './hosted-ui.ts';

const config: SiteConfig = {
  auth: 'cognito',
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_x',
  clientId: 'client-1',
  hostedUiDomain: 'https://sd.auth.eu-west-1.amazoncognito.com',
  redirectUri: 'https://desk.example.com/sign-in',
  signOutUri: 'https://desk.example.com/sign-in',
};

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, v),
  };
}

describe('hosted UI sign-in (PKCE)', () => {
  it('computes the S256 challenge of RFC 7636, appendix B', async () => {
    expect(await codeChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('sends the browser to the authorize endpoint with a challenge, and exchanges the code with its verifier', async () => {
    const storage = memoryStorage();
    const url = new URL(await authorizeUrl(config, storage));
    expect(url.origin + url.pathname).toBe('https://sd.auth.eu-west-1.amazoncognito.com/oauth2/authorize');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ response_type: 'code', client_id: 'client-1', redirect_uri: config.redirectUri, code_challenge_method: 'S256' });
    const state = url.searchParams.get('state');

    let sent: URLSearchParams | undefined;
    const fetcher = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      sent = new URLSearchParams(String(init?.body));
      return new Response(JSON.stringify({ id_token: 'id.token.here', access_token: 'a' }), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch;
    expect(await completeSignIn(config, 'the-code', state, storage, fetcher)).toBe('id.token.here');
    expect(sent?.get('grant_type')).toBe('authorization_code');
    expect(await codeChallenge(sent!.get('code_verifier')!)).toBe(url.searchParams.get('code_challenge'));
  });

  it('refuses a callback whose state it did not send', async () => {
    const storage = memoryStorage();
    await authorizeUrl(config, storage);
    await expect(completeSignIn(config, 'code', 'forged', storage, fetch)).rejects.toThrow(/not started here/);
  });

  it('reads the deployed config, and finds none on the local runtime', async () => {
    const json = (body: unknown, status = 200) => (async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })) as typeof fetch;
    expect(await loadSiteConfig(json(config))).toEqual(config);
    expect(await loadSiteConfig(json({ error: { code: 'not_found' } }, 404))).toBeNull();
    expect(await loadSiteConfig((async () => new Response('<html>', { headers: { 'content-type': 'text/html' } })) as typeof fetch)).toBeNull();
  });
});
