import { Link } from 'react-router-dom';
import { PageHeader } from './page.tsx';
import { homePath } from './roles.ts';
import { useMe } from './session.tsx';

export function NotFoundPage() {
  const me = useMe();
  return (
    <section>
      <PageHeader title="Page not found">There is nothing at this address.</PageHeader>
      <Link to={homePath(me.roles)}>Go to your start page</Link>
    </section>
  );
}
