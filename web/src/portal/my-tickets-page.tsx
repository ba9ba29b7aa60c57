import { PageHeader } from '../common/page.tsx';

/** Customer portal home. Listing the customer's tickets is the next step. */
export function MyTicketsPage() {
  return (
    <section>
      <PageHeader title="My tickets">Your tickets will be listed here in the next version.</PageHeader>
    </section>
  );
}
