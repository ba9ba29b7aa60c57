// Sign-in. On the local runtime: pick a seeded user (`GET /dev/users`, `POST /dev/token`).
// On AWS those routes do not exist; sign-in there goes through Cognito's hosted UI (config.json).
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { authorizeUrl, completeSignIn, loadSiteConfig, type SiteConfig } from './hosted-ui.ts';
import { ApiError, api, errorMessage } from './api.ts';
import { usePageTitle } from './page.tsx';
import { homePath, isCustomer, roleLabel } from './roles.ts';
import { useSession } from './session.tsx';

type DevUser = { email: string; name: string; roles: string[]; tenants: string[] };

type Users =
  | { status: 'loading' }
  | { status: 'unavailable' }
  | { status: 'error'; message: string }
  | { status: 'ready'; items: DevUser[] };

export function SignInPage() {
  usePageTitle('Sign in');
  const navigate = useNavigate();
  const { signIn, expired } = useSession();
  const [users, setUsers] = useState<Users>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [hosted, setHosted] = useState<SiteConfig | null | undefined>(undefined);
  const [params] = useSearchParams();

  useEffect(() => {
    const controller = new AbortController();
    api.get<{ items: DevUser[] }>('/dev/users', { auth: false, signal: controller.signal }).then(
      (body) => setUsers({ status: 'ready', items: body.items }),
      (err: unknown) => {
        if (controller.signal.aborted) return;
        // 404 on our server, or a static host answering with its HTML fallback: no local sign-in here.
        const unavailable = err instanceof ApiError && (err.status === 404 || err.code === 'unexpected_response');
        setUsers(unavailable ? { status: 'unavailable' } : { status: 'error', message: errorMessage(err) });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  // No local sign-in: the deployed site's hosted UI, and its callback (`?code=…&state=…`).
  useEffect(() => {
    if (users.status !== 'unavailable') return;
    let live = true;
    loadSiteConfig().then(
      async (config) => {
        if (!live) return;
        setHosted(config);
        const code = params.get('code');
        if (!config || !code) return;
        try {
          signIn(await completeSignIn(config, code, params.get('state')));
          navigate('/', { replace: true });
        } catch (err) {
          if (live) setFailure(errorMessage(err));
        }
      },
      () => live && setHosted(null),
    );
    return () => {
      live = false;
    };
  }, [users.status, params, signIn, navigate]);

  async function choose(user: DevUser) {
    setPending(user.email);
    setFailure(null);
    try {
      const { token } = await api.post<{ token: string }>('/dev/token', { email: user.email }, { auth: false });
      signIn(token);
      navigate(homePath(user.roles), { replace: true });
    } catch (err) {
      setFailure(errorMessage(err));
      setPending(null);
    }
  }

  const staff = users.status === 'ready' ? users.items.filter((u) => !isCustomer(u.roles)) : [];
  const customers = users.status === 'ready' ? users.items.filter((u) => isCustomer(u.roles)) : [];

  return (
    <main className="full-page">
      <div className="card sign-in">
        <p className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            SD
          </span>
          Service Desk
        </p>
        <h1>Sign in</h1>
        {expired ? (
          <p role="alert" className="notice notice-warning">
            Your session has expired — please sign in again.
          </p>
        ) : null}
        {failure ? (
          <p role="alert" className="notice notice-error">
            {failure}
          </p>
        ) : null}

        {users.status === 'loading' ? (
          <p role="status" className="muted">
            Loading users…
          </p>
        ) : null}
        {users.status === 'unavailable' && hosted ? (
          <button type="button" className="button" onClick={() => void authorizeUrl(hosted).then((url) => window.location.assign(url))}>
            Sign in with your account
          </button>
        ) : null}
        {users.status === 'unavailable' && hosted === null ? (
          <p className="notice">This site has no sign-in configured (config.json is missing).</p>
        ) : null}
        {users.status === 'error' ? (
          <div>
            <p role="alert" className="notice notice-error">
              {users.message}
            </p>
            <button type="button" className="button" onClick={() => setAttempt((n) => n + 1)}>
              Try again
            </button>
          </div>
        ) : null}
        {users.status === 'ready' ? (
          <>
            <p className="muted">Local runtime: choose a user to sign in as.</p>
            <UserGroup title="Staff" users={staff} pending={pending} onChoose={choose} />
            <UserGroup title="Customers" users={customers} pending={pending} onChoose={choose} />
          </>
        ) : null}
      </div>
    </main>
  );
}

function UserGroup(props: { title: string; users: DevUser[]; pending: string | null; onChoose(user: DevUser): void }) {
  const { title, users, pending, onChoose } = props;
  if (users.length === 0) return null;
  const id = `users-${title.toLowerCase()}`;
  return (
    <section aria-labelledby={id} className="user-group">
      <h2 id={id}>{title}</h2>
      <ul className="user-list">
        {users.map((user) => (
          <li key={user.email}>
            <button
              type="button"
              className="user-button"
              disabled={pending !== null}
              aria-busy={pending === user.email || undefined}
              onClick={() => onChoose(user)}
            >
              <span className="user-button-name">{user.name}</span>
              <span className="user-button-email">{user.email}</span>
              <span className="user-button-meta">
                {user.roles.map((role) => (
                  <span key={role} className="chip">
                    {roleLabel(role)}
                  </span>
                ))}
                <span className="muted">{user.tenants.join(', ')}</span>
              </span>
              {pending === user.email ? <span className="muted">Signing in…</span> : null}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
