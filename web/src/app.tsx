// The route table: who sees which surface (SPEC §2).
import { Route, Routes } from 'react-router-dom';
import { AdminPage } from './admin/admin-page.tsx';
import { CreateTicketPage } from './agent/create-ticket-page.tsx';
import { TicketDetailPage } from './agent/ticket-detail-page.tsx';
import { TicketsPage } from './agent/tickets-page.tsx';
import { CustomerOnly, InternalOnly, RequireSession } from './common/guards.tsx';
import { NotFoundPage } from './common/not-found-page.tsx';
import { SignInPage } from './common/sign-in-page.tsx';
import { PORTAL_HOME } from './common/roles.ts';
import { MyTicketDetailPage } from './portal/my-ticket-detail-page.tsx';
import { MyTicketsPage } from './portal/my-tickets-page.tsx';

export function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route element={<RequireSession />}>
        <Route element={<InternalOnly />}>
          <Route path="/" element={<TicketsPage />} />
          <Route path="/tickets/new" element={<CreateTicketPage />} />
          <Route path="/tickets/:tenantId/:number" element={<TicketDetailPage />} />
          <Route path="/admin" element={<AdminPage />} />
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
