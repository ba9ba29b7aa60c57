// Admin → Help topics: CRUD with the create-form defaults (priority, queue, assignee, due offset) and active.
import { useId, useState, type FormEvent } from 'react';
import { useTenantDisplay } from '../common/display-settings.ts';
import { Empty, ErrorMessage, Loading } from '../common/feedback.tsx';
import { nameOf, useTenantQueues } from '../common/lookups.ts';
import { PageHeader } from '../common/page.tsx';
import type { Agent, Page, Priority } from '../common/types.ts';
import { useApi } from '../common/use-api.ts';
import { ConfirmDialog, NumberField, SaveFailure, SelectField, TextAreaField, TextField, Toggle, errorsFor, upsert, useAdminTenant, useDelete, useSave, zodFieldErrors } from './admin-kit.tsx';
import { helpTopicInputSchema } from '../../../shared/help-topic/help-topic.schema.ts';
import type { HelpTopic, Queue } from './admin-types.ts';

export function HelpTopicsPage() {
  const { base, tenantId } = useAdminTenant();
  const topics = useApi<Page<HelpTopic>>(`${base}/help-topics`);
  const queues = useTenantQueues(tenantId);
  const agents = useApi<Page<Agent>>(`${base}/agents`);
  const display = useTenantDisplay(tenantId);
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const items = topics.state.status === 'ready' ? topics.state.data.items : [];
  const queueList = queues.queues;
  const agentList = agents.state.status === 'ready' ? agents.state.data.items : [];
  const current = items.find((t) => t.id === selected);

  return (
    <section>
      <PageHeader title="Help topics">What tickets are about. A topic’s defaults fill the create form; values the agent sets win. Tenant {tenantId}.</PageHeader>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      <div className="admin-split">
        <section className="panel panel-flush" aria-labelledby="topics-heading">
          <div className="panel-head">
            <h2 id="topics-heading">Help topics</h2>
            <button type="button" className="button button-small" onClick={() => setSelected('new')}>
              New help topic
            </button>
          </div>
          {topics.state.status === 'loading' ? <Loading>Loading help topics…</Loading> : null}
          {topics.state.status === 'error' ? <ErrorMessage error={topics.state.error} onRetry={topics.reload} /> : null}
          {topics.state.status === 'ready' && items.length === 0 ? <Empty>No help topics yet.</Empty> : null}
          {items.length ? (
            <table className="table">
              <caption className="visually-hidden">Help topics</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Defaults</th>
                  <th scope="col">Active</th>
                </tr>
              </thead>
              <tbody>
                {items.map((t) => (
                  <tr key={t.id} className={t.id === selected ? 'row-selected' : undefined}>
                    <td>
                      <button type="button" className="link-button" aria-label={`Edit help topic ${t.name}`} onClick={() => setSelected(t.id)}>
                        {t.name}
                      </button>
                      {t.description ? <span className="muted small block">{t.description}</span> : null}
                    </td>
                    <td className="small">
                      {[
                        t.defaults.priority ? display.priorityLabel(t.defaults.priority) : null,
                        t.defaults.queueId ? (nameOf(queueList, t.defaults.queueId) ?? t.defaults.queueId) : null,
                        t.defaults.assigneeId ? (nameOf(agentList, t.defaults.assigneeId) ?? t.defaults.assigneeId) : null,
                        t.defaults.dueOffsetHours !== undefined ? `due in ${t.defaults.dueOffsetHours} h` : null,
                      ]
                        .filter(Boolean)
                        .join(' · ') || <span className="muted">None</span>}
                    </td>
                    <td>{t.active ? 'Active' : <span className="muted">Inactive</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
        <div className="admin-editor">
          {selected === 'new' || current ? (
            <TopicEditor
              key={current ? `${current.id}#${current.version}` : 'new'}
              topic={current}
              queues={queueList}
              agents={agentList}
              onCancel={() => setSelected(null)}
              onReload={topics.reload}
              onSaved={(t, created) => {
                setNotice(`Help topic ${t.name} ${created ? 'created' : 'saved'}.`);
                setSelected(t.id);
                topics.reload();
              }}
              onDeleted={(name) => {
                setNotice(`Help topic ${name} deleted.`);
                setSelected(null);
                topics.reload();
              }}
            />
          ) : (
            <div className="panel">
              <p className="muted">Choose a help topic to edit it, or create a new one.</p>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

type Draft = { name: string; description: string; active: boolean; priority: Priority | ''; queueId: string; assigneeId: string; dueOffsetHours: number | null };

function TopicEditor(props: {
  topic?: HelpTopic;
  queues: Queue[];
  agents: Agent[];
  onSaved(topic: HelpTopic, created: boolean): void;
  onDeleted(name: string): void;
  onCancel(): void;
  onReload(): void;
}) {
  const { topic, queues, agents, onSaved, onDeleted, onCancel, onReload } = props;
  const { base, tenantId } = useAdminTenant();
  const display = useTenantDisplay(tenantId);
  const id = useId();
  const [draft, setDraft] = useState<Draft>(() => ({
    name: topic?.name ?? '',
    description: topic?.description ?? '',
    active: topic?.active ?? true,
    priority: topic?.defaults.priority ?? '',
    queueId: topic?.defaults.queueId ?? '',
    assigneeId: topic?.defaults.assigneeId ?? '',
    dueOffsetHours: topic?.defaults.dueOffsetHours ?? null,
  }));
  const { problem, saving, save } = useSave();
  const path = topic ? `${base}/help-topics/${encodeURIComponent(topic.id)}` : `${base}/help-topics`;
  const deleting = useDelete<HelpTopic>(() => path, (deleted) => onDeleted(deleted.name));

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      name: draft.name.trim(),
      ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
      active: draft.active,
      defaults: {
        ...(draft.priority ? { priority: draft.priority } : {}),
        ...(draft.queueId ? { queueId: draft.queueId } : {}),
        ...(draft.assigneeId ? { assigneeId: draft.assigneeId } : {}),
        ...(draft.dueOffsetHours !== null ? { dueOffsetHours: draft.dueOffsetHours } : {}),
      },
    };
    // The API's own schema: the same rules (and messages) before the round trip.
    const local = zodFieldErrors(helpTopicInputSchema, body);
    void save(local, () => upsert<HelpTopic>(path, topic, body), (saved) => onSaved(saved, !topic));
  }

  const err = (field: string) => errorsFor(problem, field);
  return (
    <>
    <form className="panel" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{topic ? `Help topic ${topic.name}` : 'New help topic'}</h2>
      <SaveFailure problem={problem} onReload={onReload} what="this help topic" />
      <div className="form-grid">
        <TextField label="Name" required value={draft.name} maxLength={100} errors={err('name')} onChange={(name) => setDraft({ ...draft, name })} />
      </div>
      <TextAreaField label="Description" rows={2} value={draft.description} errors={err('description')} onChange={(description) => setDraft({ ...draft, description })} />
      <Toggle
        label="Active"
        checked={draft.active}
        onChange={(active) => setDraft({ ...draft, active })}
        hint="An inactive topic is not offered on new tickets; tickets that have it keep it."
        errors={err('active')}
      />
      <fieldset>
        <legend>Defaults for new tickets</legend>
        <div className="form-grid">
          <SelectField
            label="Default priority"
            value={draft.priority}
            empty="No default"
            errors={err('defaults.priority')}
            onChange={(v) => setDraft({ ...draft, priority: v as Priority | '' })}
            options={display.priorities.map((p) => ({ value: p.key, label: p.label }))}
          />
          <SelectField label="Default queue" value={draft.queueId} empty="No default" errors={err('defaults.queueId')} onChange={(queueId) => setDraft({ ...draft, queueId })} options={queues.map((q) => ({ value: q.id, label: q.name }))} />
          <SelectField
            label="Default assignee"
            value={draft.assigneeId}
            empty="No default"
            errors={err('defaults.assigneeId')}
            onChange={(assigneeId) => setDraft({ ...draft, assigneeId })}
            options={agents.map((a) => ({ value: a.id, label: a.name }))}
          />
          <NumberField
            label="Due offset (business hours)"
            value={draft.dueOffsetHours}
            min={0}
            errors={err('defaults.dueOffsetHours')}
            hint="Overrides the priority’s resolution target. Empty: none."
            onChange={(dueOffsetHours) => setDraft({ ...draft, dueOffsetHours })}
          />
        </div>
      </fieldset>
      <div className="actions">
        <button type="submit" className="button" disabled={saving}>
          {saving ? 'Saving…' : topic ? 'Save help topic' : 'Create help topic'}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
        <span className="spacer" />
        {topic ? (
          <button type="button" className="button button-quiet button-danger-quiet" onClick={() => deleting.ask(topic)}>
            Delete help topic
          </button>
        ) : null}
      </div>
    </form>
      <ConfirmDialog {...deleting.dialog} title={`Delete help topic ${topic?.name ?? ''}?`} confirmLabel="Delete help topic" danger>
        <p>To keep it on existing tickets but stop offering it, make it inactive instead.</p>
      </ConfirmDialog>
    </>
  );
}
