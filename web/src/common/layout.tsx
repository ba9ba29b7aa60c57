// The signed-in frame: the header bar (product, navigation, who is signed in, sign out) and the page.
import type { ReactNode } from 'react';
import { Link, NavLink } from 'react-router-dom';
import { NotificationBell } from '../agent/notification-bell.tsx';
import { AGENT_HOME, PORTAL_HOME, homePath, isCustomer, roleLabel } from './roles.ts';
import { useSession, type Me } from './session.tsx';

export function AppLayout({ me, children }: { me: Me; children: ReactNode }) {
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader me={me} />
      <main id="main" className="app-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

function AppHeader({ me }: { me: Me }) {
  const { signOut } = useSession();
  const customer = isCustomer(me.roles);
  const admin = me.permissions.includes('service-desk.admin');
  return (
    <header className="app-header">
      <Link to={homePath(me.roles)} className="brand">
        <span className="brand-mark" aria-hidden="true">
          SD
        </span>
        Service Desk
      </Link>
      <nav aria-label="Main" className="app-nav">
        {customer ? (
          <NavLink to={PORTAL_HOME}>My tickets</NavLink>
        ) : (
          <>
            <NavLink to={AGENT_HOME} end>
              Tickets
            </NavLink>
            <NavLink to="/dashboard">Dashboard</NavLink>
            {admin ? <NavLink to="/admin">Admin</NavLink> : null}
          </>
        )}
      </nav>
      <div className="app-user">
        {!customer && me.permissions.includes('service-desk.view') ? <NotificationBell /> : null}
        <span className="user-name">{me.name}</span>
        <span className="user-roles" aria-label="Roles">
          {me.roles.map((role) => (
            <span key={role} className="chip">
              {roleLabel(role)}
            </span>
          ))}
        </span>
        <button type="button" className="button button-quiet" onClick={signOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
