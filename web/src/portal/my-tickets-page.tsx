// Customer portal home: the tickets of the customer's business partner, and a form for a new one.
import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../common/api.ts';
import { AttachmentField } from '../common/attachments.tsx';
import { PriorityBadge, StatusBadge } from '../common/badges.tsx';
import { Empty, ErrorMessage, FieldError, FieldLabel, Loading, fieldErrorsOf, messagesFor } from '../common/feedback.tsx';
import { MarkdownEditor } from '../common/markdown-editor.tsx';
import { PageHeader } from '../common/page.tsx';
import { PORTAL_HOME } from '../common/roles.ts';
import { RelativeTime } from '../common/ticket-table.tsx';
import type { MyTicket, MyTicketListItem, Page } from '../common/types.ts';
import { useApi } from '../common/use-api.ts';
import { useUploads } from '../common/uploads.ts';

export const myTicketPath = (number: string) => `${PORTAL_HOME}/${encodeURIComponent(number)}`;

export function MyTicketsPage() {
  const [cursor, setCursor] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const first = useApi<Page<MyTicketListItem>>('/api/my/tickets?limit=25');
  const [more, setMore] = useState<{ items: MyTicketListItem[]; nextCursor?: string | null; loading: boolean; error?: unknown }>({ items: [], loading: false });

  async function loadMore(from: string) {
    setMore((m) => ({ ...m, loading: true, error: undefined }));
    try {
      const page = await api.get<Page<MyTicketListItem>>(`/api/my/tickets?limit=25&cursor=${encodeURIComponent(from)}`);
      setMore((m) => ({ items: [...m.items, ...page.items], nextCursor: page.nextCursor, loading: false }));
      setCursor(from);
    } catch (error) {
      setMore((m) => ({ ...m, loading: false, error }));
    }
  }

  const state = first.state;
  const items = state.status === 'ready' ? [...state.data.items, ...more.items] : [];
  const nextCursor = cursor === null ? (state.status === 'ready' ? state.data.nextCursor : null) : more.nextCursor;

  return (
    <section>
      <div className="page-title-row">
        <PageHeader title="My tickets">Your organisation’s requests to our support team, most recently updated first.</PageHeader>
        {!creating ? (
          <button type="button" className="button" onClick={() => setCreating(true)}>
            New ticket
          </button>
        ) : null}
      </div>

      {creating ? <NewTicketForm onCancel={() => setCreating(false)} /> : null}

      <div className="panel panel-flush" aria-busy={state.status === 'loading' || undefined}>
        {state.status === 'loading' ? <Loading>Loading your tickets…</Loading> : null}
        {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={first.reload} /> : null}
        {state.status === 'ready' && items.length === 0 ? (
          <Empty>
            You have no tickets yet.{' '}
            {!creating ? (
              <button type="button" className="link-button" onClick={() => setCreating(true)}>
                Ask us something
              </button>
            ) : null}
          </Empty>
        ) : null}
        {items.length > 0 ? (
          <>
            <div className="table-scroll">
              <table className="table">
                <caption className="visually-hidden">My tickets</caption>
                <thead>
                  <tr>
                    <th scope="col">Number</th>
                    <th scope="col">Subject</th>
                    <th scope="col">Status</th>
                    <th scope="col">Priority</th>
                    <th scope="col">Updated</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((t) => (
                    <tr key={t.number}>
                      <td className="nowrap">
                        <Link to={myTicketPath(t.number)}>{t.number}</Link>
                      </td>
                      <td>{t.subject}</td>
                      <td>
                        <StatusBadge status={t.status} />
                      </td>
                      <td>
                        <PriorityBadge priority={t.priority} />
                      </td>
                      <td className="nowrap">
                        <RelativeTime at={t.updatedAt} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="list-footer">
              <span className="muted">
                {items.length} {items.length === 1 ? 'ticket' : 'tickets'}
              </span>
              {more.error ? <ErrorMessage error={more.error} /> : null}
              {nextCursor ? (
                <button type="button" className="button button-quiet" disabled={more.loading} onClick={() => void loadMore(nextCursor)}>
                  {more.loading ? 'Loading…' : 'Load more'}
                </button>
              ) : null}
            </div>
          </>
        ) : null}
      </div>
    </section>
  );
}

function NewTicketForm({ onCancel }: { onCancel(): void }) {
  const id = useId();
  const navigate = useNavigate();
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [local, setLocal] = useState<Record<string, string[]>>({});
  const [submitting, setSubmitting] = useState(false);
  const uploads = useUploads('/api/my/attachments');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems: Record<string, string[]> = {};
    if (!subject.trim()) problems.subject = ['Enter a subject.'];
    if (!description.trim()) problems.description = ['Tell us what you need.'];
    setLocal(problems);
    if (Object.keys(problems).length) return;
    setSubmitting(true);
    setError(null);
    try {
      const ticket = await api.post<MyTicket>('/api/my/tickets', {
        subject: subject.trim(),
        description,
        ...(uploads.attachmentIds.length ? { attachmentIds: uploads.attachmentIds } : {}),
      });
      navigate(myTicketPath(ticket.number));
    } catch (err) {
      setError(err);
      setSubmitting(false);
    }
  }

  const errors = { ...fieldErrorsOf(error), ...local };
  return (
    <form className="panel new-ticket-form" aria-labelledby={`${id}-title`} onSubmit={(e) => void submit(e)} noValidate>
      <h2 id={`${id}-title`}>New ticket</h2>
      {error ? <ErrorMessage error={error} /> : null}
      <div className="field">
        <FieldLabel htmlFor={`${id}-subject`} required>
          Subject
        </FieldLabel>
        <input
          id={`${id}-subject`}
          type="text"
          value={subject}
          maxLength={200}
          required
          autoFocus
          aria-invalid={messagesFor(errors, 'subject').length > 0 || undefined}
          aria-describedby={messagesFor(errors, 'subject').length ? `${id}-subject-error` : undefined}
          onChange={(e) => setSubject(e.target.value)}
        />
        <FieldError id={`${id}-subject-error`} messages={messagesFor(errors, 'subject')} />
      </div>
      <MarkdownEditor label="Description" required value={description} onChange={setDescription} errors={messagesFor(errors, 'description')} />
      <AttachmentField uploads={uploads} errors={messagesFor(errors, 'attachmentIds')} />
      <div className="actions">
        <button type="submit" className="button" disabled={submitting || uploads.busy}>
          {submitting ? 'Sending…' : 'Send request'}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
