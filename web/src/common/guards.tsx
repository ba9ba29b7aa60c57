// Route guards: signed in at all, and on the right surface (internal vs. customer portal).
import { Navigate, Outlet } from 'react-router-dom';
import { AppLayout } from './layout.tsx';
import { FullPageMessage } from './page.tsx';
import { AGENT_HOME, PORTAL_HOME, isCustomer } from './roles.ts';
import { useMe, useSession } from './session.tsx';

/** Signed-in pages: no token → sign-in; then wait for `GET /api/me`; then the header and the page. */
export function RequireSession() {
  const { session, retry, signOut } = useSession();
  switch (session.status) {
    case 'signed-out':
      return <Navigate to="/sign-in" replace />;
    case 'loading':
      return (
        <FullPageMessage title="Loading" busy>
          <p>Loading your profile…</p>
        </FullPageMessage>
      );
    case 'error':
      return (
        <FullPageMessage title="Something went wrong">
          <p role="alert" className="notice notice-error">
            {session.message}
          </p>
          <div className="actions">
            <button type="button" className="button" onClick={retry}>
              Try again
            </button>
            <button type="button" className="button button-quiet" onClick={signOut}>
              Sign out
            </button>
          </div>
        </FullPageMessage>
      );
    case 'ready':
      return (
        <AppLayout me={session.me}>
          <Outlet />
        </AppLayout>
      );
  }
}

/** Agents, supervisors and admins; customers are sent to the portal. */
export function InternalOnly() {
  const me = useMe();
  return isCustomer(me.roles) ? <Navigate to={PORTAL_HOME} replace /> : <Outlet />;
}

/** Customers; internal users are sent to the agent home. */
export function CustomerOnly() {
  const me = useMe();
  return isCustomer(me.roles) ? <Outlet /> : <Navigate to={AGENT_HOME} replace />;
}
