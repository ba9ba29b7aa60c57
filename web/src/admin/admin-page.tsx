import { PageHeader } from '../common/page.tsx';
import { useMe } from '../common/session.tsx';

/** Admin home. The configuration screens (queues, help topics, …) come later. */
export function AdminPage() {
  const me = useMe();
  if (!me.permissions.includes('service-desk.admin')) {
    return (
      <section>
        <PageHeader title="Administration" />
        <p role="alert" className="notice notice-error">
          You do not have access to administration. Ask a Service Desk admin if you need it.
        </p>
      </section>
    );
  }
  return (
    <section>
      <PageHeader title="Administration">
        Queues, routing rules, help topics, canned responses and settings will be configured here.
      </PageHeader>
    </section>
  );
}
