// Ticket Detail: overview (edited in place with `PATCH` + `If-Match`), the thread, and the reply box.
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api } from '../common/api.ts';
import { AttachmentField, AttachmentList } from '../common/attachments.tsx';
import { ChatMarker, PriorityBadge, SlaBadge, StatusBadge, ConfiguredOptions, TagRow } from '../common/badges.tsx';
import { ErrorMessage, Loading, fieldErrorsOf, messagesFor } from '../common/feedback.tsx';
import { breachLabels, formatCountdown, formatDateTime, statusLabels, useNow } from '../common/format.ts';
import { useTenantDisplay } from '../common/display-settings.ts';
import { nameOf, useTenantLookups, type Lookups } from '../common/lookups.ts';
import { MarkdownView } from '../common/markdown.tsx';
import { MarkdownEditor } from '../common/markdown-editor.tsx';
import { PageHeader } from '../common/page.tsx';
import { useMe, type Me } from '../common/session.tsx';
import { TagsInput } from '../common/tags-input.tsx';
import { Thread } from '../common/thread.tsx';
import { type BusinessPartner, type Priority, type Requester, type Source, type Status, type Ticket, type TicketDetail, type TicketPatch } from '../common/types.ts';
import { useUploads } from '../common/uploads.ts';
import { CannedPicker } from './canned-picker.tsx';
import { useApi } from '../common/use-api.ts';

export const CONFLICT_MESSAGE = 'This ticket was changed by someone else. The latest version is shown; check it and make your change again.';

/** SPEC §2: the moves an agent may make from each status. */
const transitions: Record<Status, Status[]> = {
  open: ['pending', 'resolved', 'closed'],
  pending: ['open', 'resolved', 'closed'],
  resolved: ['open', 'closed'],
  closed: ['open'],
};

const canReassignAnyone = (me: Me) =>
  me.roles.includes('service-desk-supervisor') || me.roles.includes('service-desk-admin') || me.permissions.includes('service-desk.admin');

type Notice = { kind: 'conflict' } | { kind: 'error'; error: unknown } | { kind: 'info'; text: string } | null;

export function TicketDetailPage() {
  const { tenantId = '', number = '' } = useParams();
  const path = `/api/tenants/${encodeURIComponent(tenantId)}/tickets/${encodeURIComponent(number)}`;
  const [ticket, setTicket] = useState<TicketDetail | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const lookups = useTenantLookups(tenantId ? [tenantId] : []);
  const data = lookups.byTenant[tenantId];
  const display = useTenantDisplay(tenantId);
  const partnerName = usePartnerName(tenantId, ticket?.requester.type === 'bp' && !ticket.requester.name ? ticket.requester.bpId : undefined);

  const refresh = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const fresh = await api.get<TicketDetail>(path, { signal });
        setTicket(fresh);
        setLoadError(null);
        return fresh;
      } catch (err) {
        if (signal?.aborted) return null;
        setLoadError(err);
        return null;
      }
    },
    [path],
  );

  useEffect(() => {
    const controller = new AbortController();
    setTicket(null);
    setLoadError(null);
    setNotice(null);
    void refresh(controller.signal);
    return () => controller.abort();
  }, [refresh]);

  /**
   * One versioned write. A 409 never overwrites: the fresh ticket is shown with a notice.
   * Answers true when the change was saved.
   */
  const patch = useCallback(
    async (changes: TicketPatch, label: string, base?: TicketDetail): Promise<boolean> => {
      const current = base ?? ticket;
      if (!current) return false;
      setBusy(label);
      setNotice(null);
      try {
        const updated = await api.patch<Ticket>(path, changes, { headers: { 'If-Match': String(current.version) } });
        setTicket((t) => (t ? { ...t, ...updated, thread: t.thread, attachments: t.attachments } : t));
        await refresh(); // the system entries the change wrote
        return true;
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) {
          setNotice({ kind: 'conflict' });
          await refresh();
        } else {
          setNotice({ kind: 'error', error: err });
        }
        return false;
      } finally {
        setBusy(null);
      }
    },
    [path, ticket, refresh],
  );

  if (loadError && !ticket) {
    const missing = loadError instanceof ApiError && loadError.status === 404;
    return (
      <section>
        <PageHeader title={missing ? 'Ticket not found' : `Ticket ${number}`} />
        <ErrorMessage error={missing ? `There is no ticket ${number} in ${tenantId} that you can see.` : loadError} onRetry={missing ? undefined : () => void refresh()} />
        <Link to="/">Back to tickets</Link>
      </section>
    );
  }
  if (!ticket) {
    return (
      <section>
        <PageHeader title={`Ticket ${number}`} />
        <Loading>Loading the ticket…</Loading>
      </section>
    );
  }

  const requestAttachments = ticket.attachments.filter((a) => !a.entryId);
  const requester = ticket.requester.type === 'bp' && !ticket.requester.name && partnerName ? { ...ticket.requester, name: partnerName } : ticket.requester;

  return (
    <section className="ticket-detail">
      <p className="breadcrumbs">
        <Link to="/">Tickets</Link> <span aria-hidden="true">›</span> {ticket.tenantId} <span aria-hidden="true">›</span> {ticket.number}
      </p>
      <TicketHeading ticket={ticket} busy={busy} onPatch={patch} />

      <div aria-live="polite">
        {notice?.kind === 'conflict' ? (
          <p role="alert" className="notice notice-warning">
            {CONFLICT_MESSAGE}
          </p>
        ) : null}
        {notice?.kind === 'error' ? <ErrorMessage error={notice.error} /> : null}
        {notice?.kind === 'info' ? (
          <p role="status" className="notice">
            {notice.text}
          </p>
        ) : null}
        {loadError ? <ErrorMessage error={loadError} onRetry={() => void refresh()} /> : null}
      </div>

      <div className="detail-layout">
        <div className="detail-main">
          <article className="panel request">
            <h2>Request</h2>
            <p className="muted request-meta">
              {requesterText(requester)} · {display.sourceLabel(ticket.source)} · opened {formatDateTime(ticket.createdAt)}
            </p>
            <MarkdownView>{ticket.description}</MarkdownView>
            <AttachmentList attachments={requestAttachments} label="Attachments of the request" />
          </article>

          <section aria-labelledby="thread-heading" className="thread-section">
            <h2 id="thread-heading">Conversation</h2>
            <Thread entries={ticket.thread} attachments={ticket.attachments} viewer="agent" />
          </section>

          <ReplyBox
            ticket={ticket}
            onSent={async (target) => {
              const fresh = await refresh();
              if (!fresh) return;
              if (target && fresh.status !== target) {
                const saved = await patch({ status: target }, 'status', fresh);
                if (saved) setNotice({ kind: 'info', text: `Sent, and the ticket is now ${statusLabels[target].toLowerCase()}.` });
              }
            }}
          />
        </div>

        <aside className="detail-side">
          <Overview ticket={ticket} lookups={data} lookupsError={lookups.error} busy={busy} onPatch={patch} />
          {ticket.attachments.length ? (
            <section className="panel">
              <h2>All attachments</h2>
              <AttachmentList attachments={ticket.attachments} label="All attachments" />
            </section>
          ) : null}
        </aside>
      </div>
    </section>
  );
}

/** The requester's partner name, when the ticket carries only the id. */
function usePartnerName(tenantId: string, bpId: string | undefined): string | undefined {
  const path = bpId ? `/api/tenants/${encodeURIComponent(tenantId)}/business-partners/${encodeURIComponent(bpId)}` : null;
  const { state } = useApi<BusinessPartner>(path);
  return state.status === 'ready' ? state.data.name : undefined;
}

function requesterText(requester: Requester): string {
  switch (requester.type) {
    case 'bp':
      return `${requester.name ?? requester.bpId} (${requester.bpId}${requester.contactId ? `, contact ${requester.contactId}` : ''})`;
    case 'account':
      return `${requester.name ?? 'Account'} (account ${requester.accountId})`;
    case 'manual':
      return [requester.name, requester.email, requester.phone].filter(Boolean).join(' · ');
  }
}

type PatchFn = (changes: TicketPatch, label: string, base?: TicketDetail) => Promise<boolean>;

function TicketHeading({ ticket, busy, onPatch }: { ticket: TicketDetail; busy: string | null; onPatch: PatchFn }) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [subject, setSubject] = useState(ticket.subject);
  const [error, setError] = useState<string | null>(null);

  async function save(event: FormEvent) {
    event.preventDefault();
    const trimmed = subject.trim();
    if (!trimmed) return setError('Enter a subject.');
    if (trimmed === ticket.subject) return setEditing(false);
    if (await onPatch({ subject: trimmed }, 'subject')) setEditing(false);
  }

  return (
    <div className="ticket-heading">
      {editing ? (
        <form className="subject-form" onSubmit={(e) => void save(e)}>
          <label htmlFor={`${id}-subject`} className="visually-hidden">
            Subject
          </label>
          <input id={`${id}-subject`} type="text" value={subject} maxLength={200} onChange={(e) => setSubject(e.target.value)} autoFocus />
          <button type="submit" className="button button-small" disabled={busy !== null}>
            Save
          </button>
          <button type="button" className="button button-small button-quiet" onClick={() => setEditing(false)}>
            Cancel
          </button>
          {error ? <p className="field-error">{error}</p> : null}
        </form>
      ) : (
        <PageHeader title={`${ticket.number} · ${ticket.subject}`} />
      )}
      <div className="ticket-heading-meta">
        <StatusBadge status={ticket.status} />
        <PriorityBadge priority={ticket.priority} tenantId={ticket.tenantId} />
        {ticket.fromChat ? <ChatMarker /> : null}
        <span className="muted">
          {ticket.tenantId} · version {ticket.version}
        </span>
        <span className="spacer" />
        {!editing ? (
          <button
            type="button"
            className="button button-small button-quiet"
            onClick={() => {
              setSubject(ticket.subject);
              setError(null);
              setEditing(true);
            }}
          >
            Edit subject
          </button>
        ) : null}
        {ticket.status === 'resolved' || ticket.status === 'closed' ? (
          <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void onPatch({ status: 'open' }, 'status')}>
            {busy === 'status' ? 'Reopening…' : 'Reopen'}
          </button>
        ) : null}
        {ticket.status !== 'closed' ? (
          <button type="button" className="button button-small button-quiet" disabled={busy !== null} onClick={() => void onPatch({ status: 'closed' }, 'status')}>
            {busy === 'status' ? 'Closing…' : 'Close ticket'}
          </button>
        ) : null}
      </div>
    </div>
  );
}

type Draft = {
  status: Status;
  priority: Priority;
  queueId: string;
  assigneeId: string;
  helpTopicId: string;
  source: Source;
  tags: string[];
};

const draftOf = (t: Ticket): Draft => ({
  status: t.status,
  priority: t.priority,
  queueId: t.queueId ?? '',
  assigneeId: t.assigneeId ?? '',
  helpTopicId: t.helpTopicId ?? '',
  source: t.source,
  tags: t.tags,
});

function Overview(props: { ticket: TicketDetail; lookups?: Lookups; lookupsError: unknown; busy: string | null; onPatch: PatchFn }) {
  const { ticket, lookups, lookupsError, busy, onPatch } = props;
  const me = useMe();
  const id = useId();
  const now = useNow(1000);
  const display = useTenantDisplay(ticket.tenantId);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Draft>(() => draftOf(ticket));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});

  const supervisor = canReassignAnyone(me);
  const assignedElsewhere = !!ticket.assigneeId && ticket.assigneeId !== me.id;
  const mayChooseAssignee = supervisor || !assignedElsewhere;
  const queueName = nameOf(lookups?.queues, ticket.queueId) ?? ticket.queueId;
  const assigneeName = nameOf(lookups?.agents, ticket.assigneeId) ?? ticket.assigneeId;
  const topicName = nameOf(lookups?.helpTopics, ticket.helpTopicId) ?? ticket.helpTopicId;

  function startEditing() {
    setDraft(draftOf(ticket));
    setFieldErrors({});
    setEditing(true);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const before = draftOf(ticket);
    const changes: TicketPatch = {};
    if (draft.status !== before.status) changes.status = draft.status;
    if (draft.priority !== before.priority) changes.priority = draft.priority;
    if (draft.queueId !== before.queueId) changes.queueId = draft.queueId || null;
    if (draft.assigneeId !== before.assigneeId) changes.assigneeId = draft.assigneeId || null;
    if (draft.helpTopicId !== before.helpTopicId) changes.helpTopicId = draft.helpTopicId || null;
    if (draft.source !== before.source) changes.source = draft.source;
    if (draft.tags.join(',') !== before.tags.join(',')) changes.tags = draft.tags;
    if (Object.keys(changes).length === 0) return setEditing(false);
    setFieldErrors({});
    if (await onPatch(changes, 'overview')) setEditing(false);
    else setEditing(false); // a conflict or refusal: the fresh ticket is shown with the reason above
  }

  const slaRows: { label: string; due?: string; met?: string; metLabel: string }[] = [
    { label: 'First response', due: ticket.sla.firstResponseDueAt, met: ticket.sla.firstRespondedAt, metLabel: 'responded' },
    { label: 'Resolution', due: ticket.sla.dueAt, met: ticket.sla.resolvedAt, metLabel: 'resolved' },
  ];

  return (
    <section className="panel overview" aria-labelledby={`${id}-title`}>
      <div className="overview-head">
        <h2 id={`${id}-title`}>Overview</h2>
        {!editing ? (
          <button type="button" className="button button-small button-quiet" onClick={startEditing} disabled={busy !== null}>
            Edit
          </button>
        ) : null}
      </div>

      {!editing ? (
        <>
          <dl className="facts">
            <dt>Status</dt>
            <dd>
              <StatusBadge status={ticket.status} />
            </dd>
            <dt>Priority</dt>
            <dd>
              <PriorityBadge priority={ticket.priority} tenantId={ticket.tenantId} />
            </dd>
            <dt>Queue</dt>
            <dd>{queueName ?? <span className="muted">No queue</span>}</dd>
            <dt>Assignee</dt>
            <dd>
              {assigneeName ?? <span className="muted">Unassigned</span>}
              {ticket.assigneeId === me.id ? <span className="muted"> (me)</span> : null}
            </dd>
            <dt>Help topic</dt>
            <dd>{topicName ?? <span className="muted">None</span>}</dd>
            <dt>Source</dt>
            <dd>{display.sourceLabel(ticket.source)}</dd>
            <dt>Tags</dt>
            <dd>
              {ticket.tags.length ? (
                <TagRow tags={ticket.tags} />
              ) : (
                <span className="muted">None</span>
              )}
            </dd>
          </dl>
          <div className="actions actions-wrap">
            {!ticket.assigneeId ? (
              <button type="button" className="button button-small" disabled={busy !== null} onClick={() => void onPatch({ assigneeId: me.id }, 'assignee')}>
                {busy === 'assignee' ? 'Assigning…' : 'Assign to me'}
              </button>
            ) : null}
            {ticket.assigneeId === me.id ? (
              <button type="button" className="button button-small button-quiet" disabled={busy !== null} onClick={() => void onPatch({ assigneeId: null }, 'assignee')}>
                {busy === 'assignee' ? 'Releasing…' : 'Release'}
              </button>
            ) : null}
          </div>
        </>
      ) : (
        <form onSubmit={(e) => void save(e)} className="overview-form">
          <div className="field">
            <label htmlFor={`${id}-status`}>Status</label>
            <select id={`${id}-status`} value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value as Status })}>
              {[ticket.status, ...transitions[ticket.status]].map((s) => (
                <option key={s} value={s}>
                  {statusLabels[s]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-priority`}>Priority</label>
            <select id={`${id}-priority`} value={draft.priority} onChange={(e) => setDraft({ ...draft, priority: e.target.value as Priority })}>
              <ConfiguredOptions items={display.priorities} />
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-queue`}>Queue</label>
            <select id={`${id}-queue`} value={draft.queueId} onChange={(e) => setDraft({ ...draft, queueId: e.target.value })}>
              <option value="">No queue</option>
              {draft.queueId && !lookups?.queues.some((q) => q.id === draft.queueId) ? <option value={draft.queueId}>{draft.queueId}</option> : null}
              {(lookups?.queues ?? []).map((q) => (
                <option key={q.id} value={q.id}>
                  {q.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-assignee`}>Assignee</label>
            <select
              id={`${id}-assignee`}
              value={draft.assigneeId}
              disabled={!mayChooseAssignee}
              aria-describedby={!mayChooseAssignee ? `${id}-assignee-hint` : undefined}
              onChange={(e) => setDraft({ ...draft, assigneeId: e.target.value })}
            >
              <option value="">Unassigned</option>
              {draft.assigneeId && !lookups?.agents.some((a) => a.id === draft.assigneeId) ? <option value={draft.assigneeId}>{assigneeName ?? draft.assigneeId}</option> : null}
              {(lookups?.agents ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                  {a.id === me.id ? ' (me)' : ''}
                </option>
              ))}
            </select>
            {!mayChooseAssignee ? (
              <p id={`${id}-assignee-hint`} className="hint">
                Assigned to {assigneeName}. Only supervisors and admins reassign someone else’s ticket.
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor={`${id}-topic`}>Help topic</label>
            <select id={`${id}-topic`} value={draft.helpTopicId} onChange={(e) => setDraft({ ...draft, helpTopicId: e.target.value })}>
              <option value="">None</option>
              {(lookups?.helpTopics ?? [])
                .filter((t) => t.active || t.id === ticket.helpTopicId)
                .map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                    {t.active ? '' : ' (inactive)'}
                  </option>
                ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-source`}>Source</label>
            <select id={`${id}-source`} value={draft.source} onChange={(e) => setDraft({ ...draft, source: e.target.value as Source })}>
              {display.sources
                .filter((s) => s.enabled || s.key === ticket.source)
                .map((s) => (
                  <option key={s.key} value={s.key}>
                    {s.label}
                    {s.enabled ? '' : ' (disabled)'}
                  </option>
                ))}
            </select>
          </div>
          <TagsInput label="Tags" value={draft.tags} onChange={(tags) => setDraft({ ...draft, tags })} errors={messagesFor(fieldErrors, 'tags')} />
          {lookupsError ? <p className="hint">Queue, agent and help topic names could not be loaded.</p> : null}
          <div className="actions">
            <button type="submit" className="button button-small" disabled={busy !== null}>
              {busy === 'overview' ? 'Saving…' : 'Save changes'}
            </button>
            <button type="button" className="button button-small button-quiet" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}

      <h3 className="overview-subhead">SLA</h3>
      <dl className="facts sla-facts">
        {slaRows.map((row) => (
          <SlaRow key={row.label} {...row} status={ticket.status} now={now} />
        ))}
        <dt>Breach</dt>
        <dd>
          {ticket.sla.breached === 'none' ? (
            <span className="muted">None</span>
          ) : (
            <>
              <SlaBadge sla={ticket.sla} status={ticket.status} now={now} /> {breachLabels[ticket.sla.breached]}
              {ticket.sla.breachedAt ? <span className="muted"> at {formatDateTime(ticket.sla.breachedAt)}</span> : null}
            </>
          )}
        </dd>
        {ticket.sla.escalationLevel > 0 ? (
          <>
            <dt>Escalation</dt>
            <dd>
              Level {ticket.sla.escalationLevel}
              {ticket.sla.escalatedAt ? <span className="muted"> since {formatDateTime(ticket.sla.escalatedAt)}</span> : null}
            </dd>
          </>
        ) : null}
      </dl>
      <p className="muted small">
        Created {formatDateTime(ticket.createdAt)} · updated {formatDateTime(ticket.updatedAt)}
      </p>
    </section>
  );
}

function SlaRow(props: { label: string; due?: string; met?: string; metLabel: string; status: Status; now: number }) {
  const { label, due, met, metLabel, status, now } = props;
  let value;
  if (met) value = <span>{`${metLabel[0]?.toUpperCase()}${metLabel.slice(1)}`} {formatDateTime(met)}</span>;
  else if (!due) value = <span className="muted">No target</span>;
  else if (status === 'pending') value = <span className="muted">Paused while pending (due {formatDateTime(due)})</span>;
  else if (status === 'closed' || status === 'resolved') value = <span className="muted">Due {formatDateTime(due)}</span>;
  else {
    const countdown = formatCountdown(due, now);
    value = (
      <span>
        <span className={`countdown ${countdown.overdue ? 'countdown-overdue' : new Date(due).getTime() - now < 3_600_000 ? 'countdown-soon' : ''}`} role="timer" aria-live="off">
          {countdown.text}
        </span>
        <span className="muted small block">due {formatDateTime(due)}</span>
      </span>
    );
  }
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

type Target = Extract<Status, 'pending' | 'resolved'> | null;

function ReplyBox({ ticket, onSent }: { ticket: TicketDetail; onSent(target: Target): Promise<void> }) {
  const id = useId();
  const [kind, setKind] = useState<'reply' | 'internal_note'>('reply');
  const [body, setBody] = useState('');
  const [sending, setSending] = useState<Target | 'plain' | null>(null);
  const [error, setError] = useState<unknown>(null);
  // The canned response inserted into this message, recorded with the entry.
  const [cannedResponseId, setCannedResponseId] = useState<string | null>(null);
  const uploads = useUploads(`/api/tenants/${encodeURIComponent(ticket.tenantId)}/attachments`);
  const closed = ticket.status === 'closed';
  const entriesPath = `/api/tenants/${encodeURIComponent(ticket.tenantId)}/tickets/${encodeURIComponent(ticket.number)}/entries`;

  async function send(target: Target) {
    if (!body.trim()) {
      setError('Write a message first.');
      return;
    }
    setSending(target ?? 'plain');
    setError(null);
    try {
      await api.post(entriesPath, {
        kind,
        body,
        ...(uploads.attachmentIds.length ? { attachmentIds: uploads.attachmentIds } : {}),
        ...(cannedResponseId ? { cannedResponseId } : {}),
      });
    } catch (err) {
      setError(err);
      setSending(null);
      return;
    }
    setBody('');
    setCannedResponseId(null);
    uploads.clear();
    try {
      await onSent(target);
    } finally {
      setSending(null);
    }
  }

  const fieldErrors = fieldErrorsOf(error);
  const note = kind === 'internal_note';
  return (
    <form
      className={`panel reply-box ${note ? 'reply-box-note' : ''}`}
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        void send(null);
      }}
    >
      <h2 id={`${id}-title`}>{note ? 'Add an internal note' : 'Reply to the customer'}</h2>
      {closed ? (
        <p className="notice notice-warning">This ticket is closed. Reopen it to reply or add notes.</p>
      ) : (
        <>
          <fieldset className="radio-row segmented">
            <legend className="visually-hidden">Message type</legend>
            <label className={`segment ${kind === 'reply' ? 'segment-active' : ''}`}>
              <input type="radio" name={`${id}-kind`} value="reply" checked={kind === 'reply'} onChange={() => setKind('reply')} />
              Reply
            </label>
            <label className={`segment ${note ? 'segment-active' : ''}`}>
              <input type="radio" name={`${id}-kind`} value="internal_note" checked={note} onChange={() => setKind('internal_note')} />
              Internal note
            </label>
          </fieldset>
          <p className="hint">{note ? 'Only agents see internal notes.' : 'The customer sees replies in the portal (and on WhatsApp for chat tickets).'}</p>
          <CannedPicker
            ticket={ticket}
            onInsert={(text, cannedId) => {
              setBody((current) => (current.trim() ? `${current.replace(/\s+$/, '')}\n\n${text}` : text));
              setCannedResponseId(cannedId);
            }}
          />
          <MarkdownEditor
            label={note ? 'Note' : 'Message'}
            value={body}
            onChange={(next) => {
              setBody(next);
              if (!next.trim()) setCannedResponseId(null);
            }}
            errors={messagesFor(fieldErrors, 'body')}
            rows={5}
          />
          <AttachmentField uploads={uploads} errors={messagesFor(fieldErrors, 'attachmentIds')} />
          {error ? <ErrorMessage error={error} /> : null}
          <div className="actions actions-wrap">
            <button type="submit" className="button" disabled={sending !== null || uploads.busy}>
              {sending === 'plain' ? 'Sending…' : 'Send'}
            </button>
            <button type="button" className="button button-quiet" disabled={sending !== null || uploads.busy} onClick={() => void send('pending')}>
              {sending === 'pending' ? 'Sending…' : 'Send and set pending'}
            </button>
            <button type="button" className="button button-quiet" disabled={sending !== null || uploads.busy || ticket.status === 'resolved'} onClick={() => void send('resolved')}>
              {sending === 'resolved' ? 'Sending…' : 'Send and resolve'}
            </button>
          </div>
        </>
      )}
    </form>
  );
}
