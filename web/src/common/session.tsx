// The signed-in user: the token, the caller from `GET /api/me`, and what happens when either goes away.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Me } from '../../../shared/identity/me.ts';
import { ApiError, api, errorMessage, onSessionExpired } from './api.ts';
import { TOKEN_KEY, clearToken, readToken, storeToken } from './token.ts';

export type { Me };

export type Session =
  | { status: 'signed-out' }
  | { status: 'loading' }
  | { status: 'error'; message: string }
  | { status: 'ready'; me: Me };

type SessionContextValue = {
  session: Session;
  /** The last session ended with a 401 (not by signing out): the sign-in page says so. */
  expired: boolean;
  signIn(token: string): void;
  signOut(): void;
  retry(): void;
};

const SessionContext = createContext<SessionContextValue | null>(null);

type Loaded = { token: string; attempt: number; me?: Me; error?: string };

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState(readToken);
  const [attempt, setAttempt] = useState(0);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    api.get<Me>('/api/me', { signal: controller.signal }).then(
      (me) => setLoaded({ token, attempt, me }),
      (err: unknown) => {
        if (controller.signal.aborted) return;
        if (err instanceof ApiError && err.status === 401) return; // onSessionExpired handles it
        setLoaded({ token, attempt, error: errorMessage(err) });
      },
    );
    return () => controller.abort();
  }, [token, attempt]);

  // Any 401 from any call: the token is already dropped; <RequireSession> sends the user to sign in,
  // where `expired` explains why.
  useEffect(
    () =>
      onSessionExpired(() => {
        setToken(null);
        setExpired(true);
      }),
    [],
  );

  // Signing in or out in another tab applies here too.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === TOKEN_KEY || event.key === null) setToken(readToken());
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const signIn = useCallback((next: string) => {
    storeToken(next);
    setToken(next);
    setExpired(false);
  }, []);

  // <RequireSession> sends the signed-out user to the sign-in page.
  const signOut = useCallback(() => {
    clearToken();
    setToken(null);
    setExpired(false);
  }, []);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  const session = useMemo<Session>(() => {
    if (!token) return { status: 'signed-out' };
    if (!loaded || loaded.token !== token || loaded.attempt !== attempt) return { status: 'loading' };
    if (loaded.me) return { status: 'ready', me: loaded.me };
    return { status: 'error', message: loaded.error ?? 'Could not load your profile.' };
  }, [token, attempt, loaded]);

  const value = useMemo(
    () => ({ session, expired, signIn, signOut, retry }),
    [session, expired, signIn, signOut, retry],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession() needs a <SessionProvider> above it');
  return value;
}

/** The caller, for pages rendered inside <RequireSession>. */
export function useMe(): Me {
  const { session } = useSession();
  if (session.status !== 'ready') throw new Error('useMe() is only available once the session is ready');
  return session.me;
}
