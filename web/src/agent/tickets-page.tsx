import { PageHeader } from '../common/page.tsx';
import { useMe } from '../common/session.tsx';

/** Agent home. The ticket list is the next step; until then this page only confirms who is signed in. */
export function TicketsPage() {
  const me = useMe();
  return (
    <section>
      <PageHeader title="Tickets">The ticket list comes next.</PageHeader>
      <div className="panel">
        <p>
          Signed in as <strong>{me.name}</strong> ({me.email}) with access to{' '}
          {me.tenants.length === 1 ? 'tenant' : 'tenants'} <strong>{me.tenants.join(', ') || 'none'}</strong>.
        </p>
      </div>
    </section>
  );
}
