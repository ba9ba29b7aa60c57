// The route table: who sees which surface (SPEC §2).
import { Suspense, lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { AdminHomePage, AdminLayout } from './admin/admin-page.tsx';
import { CreateTicketPage } from './agent/create-ticket-page.tsx';
import { TicketDetailPage } from './agent/ticket-detail-page.tsx';
import { TicketsPage } from './agent/tickets-page.tsx';
import { CustomerOnly, InternalOnly, RequireSession } from './common/guards.tsx';
import { Loading } from './common/feedback.tsx';
import { NotFoundPage } from './common/not-found-page.tsx';
import { SignInPage } from './common/sign-in-page.tsx';
import { PORTAL_HOME } from './common/roles.ts';
import { MyTicketDetailPage } from './portal/my-ticket-detail-page.tsx';
import { MyTicketsPage } from './portal/my-tickets-page.tsx';

// The admin screens (and the zod schemas they validate with) load only when an admin opens them.
const QueuesPage = lazy(() => import('./admin/queues-page.tsx').then((m) => ({ default: m.QueuesPage })));
const HelpTopicsPage = lazy(() => import('./admin/help-topics-page.tsx').then((m) => ({ default: m.HelpTopicsPage })));
const CannedResponsesPage = lazy(() => import('./admin/canned-responses-page.tsx').then((m) => ({ default: m.CannedResponsesPage })));
const SettingsPage = lazy(() => import('./admin/settings-page.tsx').then((m) => ({ default: m.SettingsPage })));
const AuditPage = lazy(() => import('./admin/audit-page.tsx').then((m) => ({ default: m.AuditPage })));
const PartnersPage = lazy(() => import('./admin/partners-page.tsx').then((m) => ({ default: m.PartnersPage })));
// The dashboard's chart library loads with the dashboard only.
const DashboardPage = lazy(() => import('./agent/dashboard-page.tsx').then((m) => ({ default: m.DashboardPage })));

export function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route element={<RequireSession />}>
        <Route element={<InternalOnly />}>
          <Route path="/" element={<TicketsPage />} />
          <Route path="/tickets/new" element={<CreateTicketPage />} />
          <Route path="/tickets/:tenantId/:number" element={<TicketDetailPage />} />
          <Route
            path="/dashboard"
            element={
              <Suspense fallback={<Loading>Loading the dashboard…</Loading>}>
                <DashboardPage />
              </Suspense>
            }
          />
          <Route path="/admin" element={<AdminLayout />}>
            <Route index element={<AdminHomePage />} />
            <Route path="queues" element={<QueuesPage />} />
            <Route path="help-topics" element={<HelpTopicsPage />} />
            <Route path="canned-responses" element={<CannedResponsesPage />} />
            <Route path="settings" element={<Navigate to="/admin/settings/priorities" replace />} />
            <Route path="settings/:tab" element={<SettingsPage />} />
            <Route path="audit" element={<AuditPage />} />
            <Route path="partners" element={<PartnersPage />} />
            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Route>
        <Route element={<CustomerOnly />}>
          <Route path={PORTAL_HOME} element={<MyTicketsPage />} />
          <Route path={`${PORTAL_HOME}/:number`} element={<MyTicketDetailPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
