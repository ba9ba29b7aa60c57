// The admin surface: only for `service-desk.admin`; a section menu, and the tenant being configured.
import { Suspense, useState } from 'react';
import { Link, NavLink, Outlet } from 'react-router-dom';
import { Loading } from '../common/feedback.tsx';
import { PageHeader } from '../common/page.tsx';
import { useMe } from '../common/session.tsx';
import { TenantSelect } from '../common/tenant-select.tsx';
import { AdminTenantContext } from './admin-kit.tsx';

const TENANT_KEY = 'sd.admin.tenant';

export const ADMIN_SECTIONS = [
  { path: 'queues', label: 'Queues & routing', description: 'Queues, their members and the routing rules that fill them.' },
  { path: 'help-topics', label: 'Help topics', description: 'What tickets are about, and the defaults each topic brings.' },
  { path: 'canned-responses', label: 'Canned responses', description: 'Reply templates with variables, global or per help topic.' },
  { path: 'settings', label: 'Settings', description: 'Priorities, sources, routing, SLA policies and WhatsApp.' },
  { path: 'partners', label: 'Business partners', description: 'The partner directory and its contacts.' },
  { path: 'audit', label: 'Audit log', description: 'Every configuration change: who, when, before and after.' },
] as const;

/** Everything under /admin: a "not allowed" page for anyone without `service-desk.admin`. */
export function AdminLayout() {
  const me = useMe();
  const admin = me.permissions.includes('service-desk.admin');
  const [stored, setStored] = useState(() => {
    try {
      return localStorage.getItem(TENANT_KEY);
    } catch {
      return null;
    }
  });
  if (!admin) return <NotAllowed />;
  const tenantId = stored && me.tenants.includes(stored) ? stored : (me.tenants[0] ?? '');

  function choose(next: string) {
    setStored(next);
    try {
      localStorage.setItem(TENANT_KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }

  return (
    <AdminTenantContext.Provider value={tenantId}>
      <div className="admin">
        <div className="admin-bar">
          <nav aria-label="Administration" className="admin-nav">
            {ADMIN_SECTIONS.map((s) => (
              <NavLink key={s.path} to={`/admin/${s.path}`}>
                {s.label}
              </NavLink>
            ))}
          </nav>
          {me.tenants.length > 1 ? (
            <TenantSelect id="admin-tenant" className="tenant-switcher" value={tenantId} onChange={choose} />
          ) : (
            <span className="muted small">Tenant: {tenantId}</span>
          )}
        </div>
        {/* A tenant switch starts every screen afresh. */}
        <Suspense fallback={<Loading>Loading…</Loading>}>
          <Outlet key={tenantId} />
        </Suspense>
      </div>
    </AdminTenantContext.Provider>
  );
}

function NotAllowed() {
  return (
    <section>
      <PageHeader title="Not allowed" />
      <div role="alert" className="notice notice-error">
        <span>Administration is only for Service Desk admins. You are signed in without admin rights; ask an admin if you need to change the configuration.</span>
      </div>
      <p>
        <Link to="/">Back to tickets</Link>
      </p>
    </section>
  );
}

/** /admin: the sections. */
export function AdminHomePage() {
  const tenantId = useTenantLabel();
  return (
    <section>
      <PageHeader title="Administration">Configure {tenantId}: choose a section.</PageHeader>
      <ul className="admin-cards">
        {ADMIN_SECTIONS.map((s) => (
          <li key={s.path} className="panel">
            <h2>
              <Link to={`/admin/${s.path}`}>{s.label}</Link>
            </h2>
            <p className="muted">{s.description}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function useTenantLabel() {
  const me = useMe();
  return me.tenants.length > 1 ? 'the tenant chosen above' : (me.tenants[0] ?? 'your tenant');
}
