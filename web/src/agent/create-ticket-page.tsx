// Create Ticket: Details / Requester / Media tabs → `POST /api/tenants/{t}/tickets` → the new ticket.
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../common/api.ts';
import { AttachmentField } from '../common/attachments.tsx';
import { ConfiguredOptions } from '../common/badges.tsx';
import { ErrorMessage, FieldError, FieldLabel, fieldErrorsOf, messagesFor, type FieldErrors } from '../common/feedback.tsx';
import { useTenantDisplay } from '../common/display-settings.ts';
import { nameOf, useTenantLookups } from '../common/lookups.ts';
import { MarkdownEditor } from '../common/markdown-editor.tsx';
import { PageHeader } from '../common/page.tsx';
import { useMe } from '../common/session.tsx';
import { TagsInput } from '../common/tags-input.tsx';
import { TenantSelect } from '../common/tenant-select.tsx';
import { ticketPath } from '../common/ticket-table.tsx';
import { type BusinessPartner, type CreateTicketBody, type Priority, type Requester, type Source, type Ticket } from '../common/types.ts';
import { useUploads } from '../common/uploads.ts';
import { PartnerPicker } from './partner-picker.tsx';

const TABS = [
  { key: 'details', label: 'Details' },
  { key: 'requester', label: 'Requester' },
  { key: 'media', label: 'Media' },
] as const;
type TabKey = (typeof TABS)[number]['key'];

/** Which tab shows a field's error. */
const tabOf = (field: string): TabKey => (field.startsWith('requester') ? 'requester' : field.startsWith('attachmentIds') ? 'media' : 'details');

/** A control whose shown value may come from the help topic until the user changes it. */
type Chosen<T> = { touched: boolean; value: T };

type RequesterType = Requester['type'];

export function CreateTicketPage() {
  const me = useMe();
  const navigate = useNavigate();
  const id = useId();
  const [tenantId, setTenantId] = useState(me.tenants[0] ?? '');
  const lookups = useTenantLookups(tenantId ? [tenantId] : []);
  const data = lookups.byTenant[tenantId];
  const helpTopics = (data?.helpTopics ?? []).filter((t) => t.active);
  // Settings → Priorities / Sources: the tenant's labels and order; a disabled source is not offered.
  const display = useTenantDisplay(tenantId);
  const enabledSources = display.sources.filter((s) => s.enabled);

  const [tab, setTab] = useState<TabKey>('details');
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [helpTopicId, setHelpTopicId] = useState('');
  const [priority, setPriority] = useState<Chosen<Priority | ''>>({ touched: false, value: '' });
  const [queueId, setQueueId] = useState<Chosen<string>>({ touched: false, value: '' });
  const [assigneeId, setAssigneeId] = useState<Chosen<string>>({ touched: false, value: '' });
  const [dueAt, setDueAt] = useState('');
  const [tags, setTags] = useState<string[]>([]);
  const [chosenSource, setSource] = useState<Source>('phone');
  // The choice while it is enabled, else the first enabled source.
  const source: Source = enabledSources.some((s) => s.key === chosenSource) ? chosenSource : (enabledSources[0]?.key ?? chosenSource);

  const [requesterType, setRequesterType] = useState<RequesterType>('bp');
  const [partner, setPartner] = useState<BusinessPartner | null>(null);
  const [contactId, setContactId] = useState('');
  const [accountId, setAccountId] = useState('');
  const [manual, setManual] = useState({ name: '', email: '', phone: '' });

  const uploads = useUploads(tenantId ? `/api/tenants/${encodeURIComponent(tenantId)}/attachments` : null);

  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  const topic = helpTopics.find((t) => t.id === helpTopicId);
  // What the controls show: the user's choice, else the topic's default, else the server's default.
  const shownPriority: Priority = (priority.touched ? priority.value : topic?.defaults.priority) || 'medium';
  const shownQueue = queueId.touched ? queueId.value : (topic?.defaults.queueId ?? '');
  const shownAssignee = assigneeId.touched ? assigneeId.value : (topic?.defaults.assigneeId ?? '');

  function changeTenant(next: string) {
    setTenantId(next);
    // Everything that referred to the previous tenant goes.
    setHelpTopicId('');
    setQueueId({ touched: false, value: '' });
    setAssigneeId({ touched: false, value: '' });
    setPartner(null);
    setContactId('');
    uploads.clear();
  }

  function requester(): Requester {
    switch (requesterType) {
      case 'bp':
        return { type: 'bp', bpId: partner?.id ?? '', ...(contactId ? { contactId } : {}) };
      case 'account':
        return { type: 'account', accountId: accountId.trim() };
      case 'manual':
        return {
          type: 'manual',
          name: manual.name.trim(),
          ...(manual.email.trim() ? { email: manual.email.trim() } : {}),
          ...(manual.phone.trim() ? { phone: manual.phone.trim() } : {}),
        };
    }
  }

  /** What can be told without the server; the server's answer adds the rest. */
  function localErrors(): FieldErrors {
    const found: FieldErrors = {};
    if (!subject.trim()) found.subject = ['Enter a subject.'];
    else if (subject.trim().length > 200) found.subject = ['The subject can be at most 200 characters.'];
    if (requesterType === 'bp' && !partner) found['requester.bpId'] = ['Choose the business partner.'];
    if (requesterType === 'account' && !accountId.trim()) found['requester.accountId'] = ['Enter the account id.'];
    if (requesterType === 'manual' && !manual.name.trim()) found['requester.name'] = ['Enter the requester’s name.'];
    if (dueAt && new Date(dueAt).getTime() <= Date.now()) found.dueAt = ['The due time must be in the future.'];
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (submitting) return;
    setFailure(null);
    const local = localErrors();
    if (Object.keys(local).length) {
      setErrors(local);
      setFailure('Some fields need your attention (marked on their tabs).');
      setTab(tabOf(Object.keys(local)[0] ?? ''));
      return;
    }
    const body: CreateTicketBody = {
      subject: subject.trim(),
      description,
      source,
      requester: requester(),
      ...(helpTopicId ? { helpTopicId } : {}),
      // Help topic defaults are the server's to apply: only what the user changed is sent.
      ...(priority.touched && priority.value ? { priority: priority.value } : {}),
      ...(queueId.touched && queueId.value ? { queueId: queueId.value } : {}),
      ...(assigneeId.touched && assigneeId.value ? { assigneeId: assigneeId.value } : {}),
      ...(dueAt ? { dueAt: new Date(dueAt).toISOString() } : {}),
      ...(tags.length ? { tags } : {}),
      ...(uploads.attachmentIds.length ? { attachmentIds: uploads.attachmentIds } : {}),
    };
    setSubmitting(true);
    setErrors({});
    try {
      const ticket = await api.post<Ticket>(`/api/tenants/${encodeURIComponent(tenantId)}/tickets`, body);
      navigate(ticketPath(ticket.tenantId || tenantId, ticket.number));
    } catch (err) {
      const fields = fieldErrorsOf(err);
      setErrors(fields);
      setFailure(err);
      const first = Object.keys(fields)[0];
      if (first) setTab(tabOf(first));
      setSubmitting(false);
    }
  }

  const err = (field: string) => messagesFor(errors, field);
  const tabHasErrors = (key: TabKey) => Object.keys(errors).some((field) => tabOf(field) === key);
  const described = (field: string) => (err(field).length ? `${id}-${field}-error` : undefined);

  return (
    <section>
      <PageHeader title="New ticket">
        <Link to="/">Back to tickets</Link>
      </PageHeader>
      <form className="create-form" onSubmit={(e) => void submit(e)} noValidate aria-describedby={failure ? `${id}-failure` : undefined}>
        {failure ? (
          <div id={`${id}-failure`}>
            <ErrorMessage error={failure} />
          </div>
        ) : null}
        <Tabs tabs={TABS} current={tab} onChange={setTab} idPrefix={id} hasErrors={tabHasErrors} />

        <div role="tabpanel" id={`${id}-panel-details`} aria-labelledby={`${id}-tab-details`} hidden={tab !== 'details'} className="panel tab-panel">
          <TenantSelect id={`${id}-tenant`} value={tenantId} onChange={changeTenant} />
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
              aria-invalid={err('subject').length > 0 || undefined}
              aria-describedby={described('subject')}
              onChange={(e) => setSubject(e.target.value)}
            />
            <FieldError id={`${id}-subject-error`} messages={err('subject')} />
          </div>
          <MarkdownEditor label="Description" value={description} onChange={setDescription} errors={err('description')} rows={8} />

          <div className="form-grid">
            <div className="field">
              <label htmlFor={`${id}-topic`}>Help topic</label>
              <select id={`${id}-topic`} value={helpTopicId} onChange={(e) => setHelpTopicId(e.target.value)} aria-describedby={described('helpTopicId')}>
                <option value="">{lookups.loading ? 'Loading…' : 'No help topic'}</option>
                {helpTopics.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
              {topic?.description ? <p className="hint">{topic.description}</p> : null}
              <FieldError id={`${id}-helpTopicId-error`} messages={err('helpTopicId')} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-source`}>Source</label>
              <select id={`${id}-source`} value={source} onChange={(e) => setSource(e.target.value as Source)} aria-describedby={described('source')}>
                <ConfiguredOptions items={enabledSources} />
              </select>
              <FieldError id={`${id}-source-error`} messages={err('source')} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-priority`}>Priority</label>
              <select
                id={`${id}-priority`}
                value={shownPriority}
                onChange={(e) => setPriority({ touched: true, value: e.target.value as Priority })}
                aria-describedby={described('priority') ?? `${id}-priority-hint`}
              >
                <ConfiguredOptions items={display.priorities} />
              </select>
              <DefaultHint id={`${id}-priority-hint`} show={!priority.touched && !!topic?.defaults.priority} />
              {priority.touched && topic?.defaults.priority ? (
                <ResetToDefault onReset={() => setPriority({ touched: false, value: '' })} />
              ) : null}
              <FieldError id={`${id}-priority-error`} messages={err('priority')} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-queue`}>Queue</label>
              <select
                id={`${id}-queue`}
                value={shownQueue}
                onChange={(e) => setQueueId({ touched: true, value: e.target.value })}
                aria-describedby={described('queueId') ?? `${id}-queue-hint`}
              >
                <option value="">Automatic (routing rules)</option>
                {shownQueue && !data?.queues.some((q) => q.id === shownQueue) ? <option value={shownQueue}>{shownQueue}</option> : null}
                {(data?.queues ?? []).map((q) => (
                  <option key={q.id} value={q.id}>
                    {q.name}
                    {q.isDefault ? ' (default)' : ''}
                  </option>
                ))}
              </select>
              <DefaultHint id={`${id}-queue-hint`} show={!queueId.touched && !!topic?.defaults.queueId} />
              {queueId.touched && topic?.defaults.queueId ? <ResetToDefault onReset={() => setQueueId({ touched: false, value: '' })} /> : null}
              <FieldError id={`${id}-queueId-error`} messages={err('queueId')} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-assignee`}>Assignee</label>
              <select
                id={`${id}-assignee`}
                value={shownAssignee}
                onChange={(e) => setAssigneeId({ touched: true, value: e.target.value })}
                aria-describedby={described('assigneeId') ?? `${id}-assignee-hint`}
              >
                <option value="">Automatic / unassigned</option>
                {shownAssignee && !data?.agents.some((a) => a.id === shownAssignee) ? <option value={shownAssignee}>{shownAssignee}</option> : null}
                {(data?.agents ?? []).map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                    {a.id === me.id ? ' (me)' : ''}
                  </option>
                ))}
              </select>
              <DefaultHint id={`${id}-assignee-hint`} show={!assigneeId.touched && !!topic?.defaults.assigneeId} />
              {assigneeId.touched && topic?.defaults.assigneeId ? <ResetToDefault onReset={() => setAssigneeId({ touched: false, value: '' })} /> : null}
              <FieldError id={`${id}-assigneeId-error`} messages={err('assigneeId')} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-due`}>Due (optional)</label>
              <input
                id={`${id}-due`}
                type="datetime-local"
                value={dueAt}
                onChange={(e) => setDueAt(e.target.value)}
                aria-describedby={described('dueAt') ?? `${id}-due-hint`}
              />
              <p id={`${id}-due-hint`} className="hint">
                {topic?.defaults.dueOffsetHours ? `Help topic: due ${topic.defaults.dueOffsetHours} business hours after creation.` : 'Leave empty for the SLA policy.'}
              </p>
              <FieldError id={`${id}-dueAt-error`} messages={err('dueAt')} />
            </div>
          </div>
          {lookups.error ? <ErrorMessage error={lookups.error} /> : null}
          <TagsInput label="Tags" value={tags} onChange={setTags} errors={err('tags')} />
          <div className="actions">
            <button type="button" className="button button-quiet" onClick={() => setTab('requester')}>
              Next: Requester
            </button>
          </div>
        </div>

        <div role="tabpanel" id={`${id}-panel-requester`} aria-labelledby={`${id}-tab-requester`} hidden={tab !== 'requester'} className="panel tab-panel">
          <fieldset className="radio-row">
            <legend>Requester type</legend>
            {(
              [
                ['bp', 'Business partner'],
                ['account', 'Account'],
                ['manual', 'Manual (name, email, phone)'],
              ] as const
            ).map(([value, label]) => (
              <label key={value} className="choice-inline">
                <input type="radio" name={`${id}-requester-type`} value={value} checked={requesterType === value} onChange={() => setRequesterType(value)} />
                {label}
              </label>
            ))}
          </fieldset>
          {messagesFor(errors, 'requester').length && !Object.keys(errors).some((f) => f.startsWith('requester.')) ? (
            <p className="field-error">{messagesFor(errors, 'requester').join(' ')}</p>
          ) : null}
          {requesterType === 'bp' && tenantId ? (
            <PartnerPicker
              tenantId={tenantId}
              partner={partner}
              contactId={contactId}
              onPartner={(bp) => {
                setPartner(bp);
                setContactId('');
              }}
              onContact={setContactId}
              errors={err('requester.bpId')}
              contactErrors={err('requester.contactId')}
            />
          ) : null}
          {requesterType === 'account' ? (
            <div className="field">
              <FieldLabel htmlFor={`${id}-account`} required>
                Account id
              </FieldLabel>
              <input
                id={`${id}-account`}
                type="text"
                value={accountId}
                onChange={(e) => setAccountId(e.target.value)}
                aria-invalid={err('requester.accountId').length > 0 || undefined}
                aria-describedby={described('requester.accountId')}
              />
              <FieldError id={`${id}-requester.accountId-error`} messages={err('requester.accountId')} />
            </div>
          ) : null}
          {requesterType === 'manual' ? (
            <div className="form-grid">
              {(
                [
                  ['name', 'Name', 'text', true],
                  ['email', 'Email', 'email', false],
                  ['phone', 'Phone', 'tel', false],
                ] as const
              ).map(([field, label, type, required]) => (
                <div key={field} className="field">
                  <FieldLabel htmlFor={`${id}-manual-${field}`} required={required}>
                    {label}
                  </FieldLabel>
                  <input
                    id={`${id}-manual-${field}`}
                    type={type}
                    value={manual[field]}
                    placeholder={field === 'phone' ? '+15550001234' : undefined}
                    onChange={(e) => setManual({ ...manual, [field]: e.target.value })}
                    aria-invalid={err(`requester.${field}`).length > 0 || undefined}
                    aria-describedby={described(`requester.${field}`)}
                  />
                  <FieldError id={`${id}-requester.${field}-error`} messages={err(`requester.${field}`)} />
                </div>
              ))}
            </div>
          ) : null}
          <div className="actions">
            <button type="button" className="button button-quiet" onClick={() => setTab('media')}>
              Next: Media
            </button>
          </div>
        </div>

        <div role="tabpanel" id={`${id}-panel-media`} aria-labelledby={`${id}-tab-media`} hidden={tab !== 'media'} className="panel tab-panel">
          <AttachmentField uploads={uploads} label="Attach files" disabled={!tenantId} errors={err('attachmentIds')} />
        </div>

        <div className="form-footer">
          <SummaryLine
            subject={subject}
            requester={requesterType === 'bp' ? partner?.name : requesterType === 'account' ? accountId : manual.name}
            queue={nameOf(data?.queues, shownQueue || undefined)}
            files={uploads.attachmentIds.length}
          />
          <Link to="/" className="button button-quiet">
            Cancel
          </Link>
          <button type="submit" className="button" disabled={submitting || uploads.busy || !tenantId}>
            {submitting ? 'Creating…' : uploads.busy ? 'Waiting for uploads…' : 'Create ticket'}
          </button>
        </div>
      </form>
    </section>
  );
}

function DefaultHint({ id, show }: { id: string; show: boolean }) {
  return show ? (
    <p id={id} className="hint">
      From the help topic
    </p>
  ) : null;
}

function ResetToDefault({ onReset }: { onReset(): void }) {
  return (
    <button type="button" className="link-button hint" onClick={onReset}>
      Use the help topic’s default
    </button>
  );
}

function SummaryLine(props: { subject: string; requester?: string; queue?: string; files: number }) {
  const parts = [props.subject.trim() || 'No subject yet', props.requester ? `for ${props.requester}` : 'no requester yet', props.queue ? `in ${props.queue}` : null, props.files ? `${props.files} file(s)` : null];
  return <p className="muted summary-line">{parts.filter(Boolean).join(' · ')}</p>;
}

/** WAI-ARIA tabs: arrow keys move between them, Home/End jump. */
export function Tabs<K extends string>(props: {
  tabs: readonly { key: K; label: string }[];
  current: K;
  onChange(key: K): void;
  idPrefix: string;
  hasErrors?: (key: K) => boolean;
}) {
  const { tabs, current, onChange, idPrefix, hasErrors } = props;
  const refs = useRef(new Map<K, HTMLButtonElement>());
  function onKeyDown(event: KeyboardEvent<HTMLButtonElement>, index: number) {
    const move = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    let next: number | undefined;
    if (move) next = (index + move + tabs.length) % tabs.length;
    if (event.key === 'Home') next = 0;
    if (event.key === 'End') next = tabs.length - 1;
    if (next === undefined) return;
    event.preventDefault();
    const tab = tabs[next];
    if (!tab) return;
    onChange(tab.key);
    refs.current.get(tab.key)?.focus();
  }
  return (
    <div role="tablist" className="tabs" aria-label="Ticket sections">
      {tabs.map((t, index) => (
        <button
          key={t.key}
          ref={(el) => {
            if (el) refs.current.set(t.key, el);
            else refs.current.delete(t.key);
          }}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${t.key}`}
          aria-selected={current === t.key}
          aria-controls={`${idPrefix}-panel-${t.key}`}
          tabIndex={current === t.key ? 0 : -1}
          className={`tab ${current === t.key ? 'tab-active' : ''}`}
          onClick={() => onChange(t.key)}
          onKeyDown={(e) => onKeyDown(e, index)}
        >
          {t.label}
          {hasErrors?.(t.key) ? (
            <span className="tab-error" aria-label="has errors">
              !
            </span>
          ) : null}
        </button>
      ))}
    </div>
  );
}
