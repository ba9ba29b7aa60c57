// The route table: who sees which surface (SPEC §2).
import { Route, Routes } from 'react-router-dom';
import { AdminPage } from './admin/admin-page.tsx';
import { TicketsPage } from './agent/tickets-page.tsx';
import { CustomerOnly, InternalOnly, RequireSession } from './common/guards.tsx';
import { NotFoundPage } from './common/not-found-page.tsx';
import { SignInPage } from './common/sign-in-page.tsx';
import { PORTAL_HOME } from './common/roles.ts';
import { MyTicketsPage } from './portal/my-tickets-page.tsx';

export function App() {
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route element={<RequireSession />}>
        <Route element={<InternalOnly />}>
          <Route path="/" element={<TicketsPage />} />
          <Route path="/admin" element={<AdminPage />} />
        </Route>
        <Route element={<CustomerOnly />}>
          <Route path={PORTAL_HOME} element={<MyTicketsPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
