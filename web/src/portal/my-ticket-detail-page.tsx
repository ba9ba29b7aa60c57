// Customer portal: one ticket (replies only), a reply with attachments, close and reopen.
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api } from '../common/api.ts';
import { AttachmentField, AttachmentList } from '../common/attachments.tsx';
import { PriorityBadge, StatusBadge } from '../common/badges.tsx';
import { ErrorMessage, Loading, fieldErrorsOf, messagesFor } from '../common/feedback.tsx';
import { formatDateTime } from '../common/format.ts';
import { MarkdownView } from '../common/markdown.tsx';
import { MarkdownEditor } from '../common/markdown-editor.tsx';
import { PageHeader } from '../common/page.tsx';
import { PORTAL_HOME } from '../common/roles.ts';
import { Thread } from '../common/thread.tsx';
import type { MyTicket } from '../common/types.ts';
import { useUploads } from '../common/uploads.ts';

export function MyTicketDetailPage() {
  const { number = '' } = useParams();
  const path = `/api/my/tickets/${encodeURIComponent(number)}`;
  const [ticket, setTicket] = useState<MyTicket | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'close' | 'reopen' | null>(null);

  const refresh = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const fresh = await api.get<MyTicket>(path, { signal });
        setTicket(fresh);
        setLoadError(null);
      } catch (err) {
        if (!signal?.aborted) setLoadError(err);
      }
    },
    [path],
  );

  useEffect(() => {
    const controller = new AbortController();
    setTicket(null);
    setLoadError(null);
    void refresh(controller.signal);
    return () => controller.abort();
  }, [refresh]);

  async function act(action: 'close' | 'reopen') {
    setBusy(action);
    setActionError(null);
    try {
      const updated = await api.post<MyTicket>(`${path}/${action}`);
      setTicket(updated);
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(null);
    }
  }

  if (!ticket && loadError) {
    const missing = loadError instanceof ApiError && loadError.status === 404;
    return (
      <section>
        <PageHeader title={missing ? 'Ticket not found' : `Ticket ${number}`} />
        <ErrorMessage error={missing ? `We could not find ticket ${number} among your tickets.` : loadError} onRetry={missing ? undefined : () => void refresh()} />
        <Link to={PORTAL_HOME}>Back to my tickets</Link>
      </section>
    );
  }
  if (!ticket) {
    return (
      <section>
        <PageHeader title={`Ticket ${number}`} />
        <Loading>Loading your ticket…</Loading>
      </section>
    );
  }

  const finished = ticket.status === 'resolved' || ticket.status === 'closed';
  return (
    <section className="my-ticket">
      <p className="breadcrumbs">
        <Link to={PORTAL_HOME}>My tickets</Link> <span aria-hidden="true">›</span> {ticket.number}
      </p>
      <PageHeader title={`${ticket.number} · ${ticket.subject}`} />
      <div className="ticket-heading-meta">
        <StatusBadge status={ticket.status} />
        <PriorityBadge priority={ticket.priority} />
        <span className="muted">
          Opened {formatDateTime(ticket.createdAt)} · updated {formatDateTime(ticket.updatedAt)}
        </span>
        <span className="spacer" />
        {finished ? (
          <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void act('reopen')}>
            {busy === 'reopen' ? 'Reopening…' : 'Reopen ticket'}
          </button>
        ) : null}
        {ticket.status !== 'closed' ? (
          <button type="button" className="button button-small button-quiet" disabled={busy !== null} onClick={() => void act('close')}>
            {busy === 'close' ? 'Closing…' : 'Close ticket'}
          </button>
        ) : null}
      </div>
      {actionError ? <ErrorMessage error={actionError} /> : null}

      <article className="panel request">
        <h2>Your request</h2>
        <MarkdownView>{ticket.description}</MarkdownView>
        <AttachmentList attachments={ticket.attachments.filter((a) => !a.entryId)} label="Attachments of the request" />
      </article>

      <section aria-labelledby="my-thread-heading" className="thread-section">
        <h2 id="my-thread-heading">Conversation</h2>
        <Thread entries={ticket.thread} attachments={ticket.attachments} viewer="customer" />
      </section>

      <ReplyForm ticket={ticket} path={path} onSent={() => refresh()} />
    </section>
  );
}

function ReplyForm({ ticket, path, onSent }: { ticket: MyTicket; path: string; onSent(): Promise<void> }) {
  const id = useId();
  const [body, setBody] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const uploads = useUploads('/api/my/attachments');

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!body.trim()) return setError('Write a message first.');
    setSending(true);
    setError(null);
    try {
      await api.post(`${path}/replies`, { body, ...(uploads.attachmentIds.length ? { attachmentIds: uploads.attachmentIds } : {}) });
      setBody('');
      uploads.clear();
      await onSent();
    } catch (err) {
      setError(err);
    } finally {
      setSending(false);
    }
  }

  if (ticket.status === 'closed') {
    return <p className="notice">This ticket is closed. Reopen it if you need more help with this request.</p>;
  }
  const fieldErrors = fieldErrorsOf(error);
  return (
    <form className="panel reply-box" aria-labelledby={`${id}-title`} onSubmit={(e) => void submit(e)} noValidate>
      <h2 id={`${id}-title`}>Reply</h2>
      {ticket.status === 'resolved' ? <p className="hint">We think this is solved. Replying reopens the ticket.</p> : null}
      <MarkdownEditor label="Your message" value={body} onChange={setBody} errors={messagesFor(fieldErrors, 'body')} rows={5} />
      <AttachmentField uploads={uploads} errors={messagesFor(fieldErrors, 'attachmentIds')} />
      {error ? <ErrorMessage error={error} /> : null}
      <div className="actions">
        <button type="submit" className="button" disabled={sending || uploads.busy}>
          {sending ? 'Sending…' : 'Send reply'}
        </button>
      </div>
    </form>
  );
}
