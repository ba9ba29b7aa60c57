// Admin → Queues & routing: queues (CRUD, the default, members) and, below, the routing rules.
import { useId, useState, type FormEvent } from 'react';
import { api } from '../common/api.ts';
import { Empty, ErrorMessage, Loading } from '../common/feedback.tsx';
import { PageHeader } from '../common/page.tsx';
import type { Agent, Page } from '../common/types.ts';
import { useApi } from '../common/use-api.ts';
import { ConfirmDialog, SaveFailure, TextAreaField, TextField, Toggle, errorsFor, ifMatch, problemOf, upsert, useAdminTenant, useDelete, useSave, zodFieldErrors, type SaveProblem } from './admin-kit.tsx';
import { queueInputSchema, queueMembersSchema } from '../../../shared/queue/queue.schema.ts';
import type { Queue, QueueMember } from './admin-types.ts';
import { RoutingRules } from './routing-rules.tsx';

export function QueuesPage() {
  const { base, tenantId } = useAdminTenant();
  const queues = useApi<Page<Queue>>(`${base}/queues`);
  const agents = useApi<Page<Agent>>(`${base}/agents`);
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [defaultError, setDefaultError] = useState<unknown>(null);

  const items = queues.state.status === 'ready' ? queues.state.data.items : [];
  const agentList = agents.state.status === 'ready' ? agents.state.data.items : [];
  const current = selected && selected !== 'new' ? items.find((q) => q.id === selected) : undefined;

  async function makeDefault(queue: Queue) {
    setDefaultError(null);
    try {
      await api.put<Queue>(`${base}/queues/${encodeURIComponent(queue.id)}`, { ...queue, isDefault: true }, { headers: ifMatch(queue.version) });
      setNotice(`${queue.name} is now the default queue.`);
      queues.reload();
    } catch (err) {
      setDefaultError(err);
      queues.reload();
    }
  }

  return (
    <section>
      <PageHeader title="Queues & routing">Queues group agents; routing rules decide which queue (or person) a new ticket goes to. Tenant {tenantId}.</PageHeader>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      {defaultError ? <ErrorMessage error={defaultError} /> : null}
      <div className="admin-split">
        <section className="panel panel-flush" aria-labelledby="queues-heading">
          <div className="panel-head">
            <h2 id="queues-heading">Queues</h2>
            <button type="button" className="button button-small" onClick={() => setSelected('new')}>
              New queue
            </button>
          </div>
          {queues.state.status === 'loading' ? <Loading>Loading queues…</Loading> : null}
          {queues.state.status === 'error' ? <ErrorMessage error={queues.state.error} onRetry={queues.reload} /> : null}
          {queues.state.status === 'ready' && items.length === 0 ? <Empty>No queues yet.</Empty> : null}
          {items.length ? (
            <table className="table">
              <caption className="visually-hidden">Queues</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Members</th>
                  <th scope="col">Auto-assign</th>
                  <th scope="col">Default</th>
                </tr>
              </thead>
              <tbody>
                {items.map((q) => (
                  <tr key={q.id} className={q.id === selected ? 'row-selected' : undefined}>
                    <td>
                      <button type="button" className="link-button" aria-label={`Edit queue ${q.name}`} aria-pressed={q.id === selected} onClick={() => setSelected(q.id)}>
                        {q.name}
                      </button>
                      <span className="muted small block">{q.id}</span>
                    </td>
                    <td>{q.members.length}</td>
                    <td>{q.autoAssign ? 'On' : 'Off'}</td>
                    <td>
                      {q.isDefault ? (
                        <span className="badge badge-default">Default</span>
                      ) : (
                        <button type="button" className="button button-small button-quiet" onClick={() => void makeDefault(q)} aria-label={`Make ${q.name} the default queue`}>
                          Make default
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>

        <div className="admin-editor">
          {selected === 'new' ? (
            <QueueEditor
              key="new"
              agents={agentList}
              onCancel={() => setSelected(null)}
              onSaved={(q) => {
                setNotice(`Queue ${q.name} created.`);
                setSelected(q.id);
                queues.reload();
              }}
            />
          ) : current ? (
            <QueueEditor
              key={`${current.id}#${current.version}`}
              queue={current}
              agents={agentList}
              onCancel={() => setSelected(null)}
              onSaved={(q) => {
                setNotice(`Queue ${q.name} saved.`);
                queues.reload();
              }}
              onReload={queues.reload}
              onDeleted={(name) => {
                setNotice(`Queue ${name} deleted.`);
                setSelected(null);
                queues.reload();
              }}
            />
          ) : (
            <div className="panel">
              <p className="muted">Choose a queue to edit it and its members, or create a new one.</p>
            </div>
          )}
        </div>
      </div>

      <RoutingRules queues={items} agents={agentList} />
    </section>
  );
}

type Draft = { name: string; description: string; autoAssign: boolean; isDefault: boolean; members: QueueMember[] };

const draftOf = (q?: Queue): Draft => ({
  name: q?.name ?? '',
  description: q?.description ?? '',
  autoAssign: q?.autoAssign ?? true,
  isDefault: q?.isDefault ?? false,
  members: q?.members ?? [],
});

/** The API's own schemas (SPEC §3 Queues): the same messages before the round trip. */
function localErrors(d: Draft, withMembers: boolean): Record<string, string[]> {
  return {
    ...zodFieldErrors(queueInputSchema, { name: d.name, ...(d.description.trim() ? { description: d.description } : {}), autoAssign: d.autoAssign, isDefault: d.isDefault }),
    ...(withMembers ? zodFieldErrors(queueMembersSchema, d.members, 'members') : {}),
  };
}

function QueueEditor(props: { queue?: Queue; agents: Agent[]; onSaved(queue: Queue): void; onCancel(): void; onReload?(): void; onDeleted?(name: string): void }) {
  const { queue, agents, onSaved, onCancel, onReload, onDeleted } = props;
  const { base } = useAdminTenant();
  const id = useId();
  const isNew = !queue;
  const [draft, setDraft] = useState<Draft>(() => draftOf(queue));
  const { problem, saving, save } = useSave();
  const [membersProblem, setMembersProblem] = useState<SaveProblem>(null);
  const [savingMembers, setSavingMembers] = useState(false);
  const [membersSaved, setMembersSaved] = useState(false);

  const path = queue ? `${base}/queues/${encodeURIComponent(queue.id)}` : `${base}/queues`;
  const deleting = useDelete<Queue>(() => path, (deleted) => onDeleted?.(deleted.name));

  function submit(event: FormEvent) {
    event.preventDefault();
    const local = localErrors(draft, isNew);
    const body = {
      name: draft.name.trim(),
      ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
      autoAssign: draft.autoAssign,
      isDefault: draft.isDefault,
      // A details save keeps the saved members; the members form below replaces them.
      members: isNew ? draft.members : queue.members,
    };
    void save(local, () => upsert<Queue>(path, queue, body), onSaved);
  }

  async function saveMembers() {
    if (!queue) return;
    const memberErrors = zodFieldErrors(queueMembersSchema, draft.members, 'members');
    if (Object.keys(memberErrors).length) {
      setMembersProblem({ fields: memberErrors, conflict: false, error: 'Some members need your attention.' });
      return;
    }
    setSavingMembers(true);
    setMembersProblem(null);
    setMembersSaved(false);
    try {
      // The answer is the queue with its new version: the next save's If-Match must carry it.
      const saved = await api.put<Queue>(`${path}/members`, draft.members, { headers: ifMatch(queue.version) });
      setMembersSaved(true);
      onSaved(saved);
    } catch (err) {
      setMembersProblem(problemOf(err, ['members']));
    } finally {
      setSavingMembers(false);
    }
  }

  const err = (field: string) => errorsFor(problem, field);
  return (
    <div className="stack">
      <form className="panel" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{isNew ? 'New queue' : `Queue ${queue.name}`}</h2>
        <SaveFailure problem={problem} onReload={onReload} what="this queue" />
        <div className="form-grid">
          <TextField label="Name" required value={draft.name} maxLength={100} errors={err('name')} onChange={(name) => setDraft({ ...draft, name })} />
        </div>
        <TextAreaField label="Description" rows={2} value={draft.description} errors={err('description')} onChange={(description) => setDraft({ ...draft, description })} />
        <Toggle label="Auto-assign tickets to members" checked={draft.autoAssign} onChange={(autoAssign) => setDraft({ ...draft, autoAssign })} hint="Only while the tenant’s routing setting is on too." errors={err('autoAssign')} />
        <Toggle
          label="Default queue"
          checked={draft.isDefault}
          disabled={queue?.isDefault}
          onChange={(isDefault) => setDraft({ ...draft, isDefault })}
          errors={err('isDefault')}
          hint={queue?.isDefault ? 'This is the default queue. To change that, make another queue the default.' : 'Tickets no rule or help topic places go here.'}
        />
        {isNew ? <MembersEditor members={draft.members} agents={agents} problem={problem} onChange={(members) => setDraft({ ...draft, members })} /> : null}
        <div className="actions">
          <button type="submit" className="button" disabled={saving}>
            {saving ? 'Saving…' : isNew ? 'Create queue' : 'Save queue'}
          </button>
          <button type="button" className="button button-quiet" onClick={onCancel}>
            Cancel
          </button>
          <span className="spacer" />
          {!isNew ? (
            <button type="button" className="button button-quiet button-danger-quiet" onClick={() => deleting.ask(queue)} disabled={queue.isDefault} title={queue.isDefault ? 'The default queue cannot be deleted' : undefined}>
              Delete queue
            </button>
          ) : null}
        </div>
      </form>

      {!isNew ? (
        <section className="panel" aria-labelledby={`${id}-members`}>
          <h2 id={`${id}-members`}>Members of {queue.name}</h2>
          <SaveFailure problem={membersProblem} onReload={onReload} what="this queue" />
          {membersSaved ? (
            <p role="status" className="notice">
              Members saved.
            </p>
          ) : null}
          <MembersEditor
            members={draft.members}
            agents={agents}
            problem={membersProblem}
            onChange={(members) => {
              setMembersSaved(false);
              setDraft({ ...draft, members });
            }}
          />
          <div className="actions">
            <button type="button" className="button" onClick={() => void saveMembers()} disabled={savingMembers}>
              {savingMembers ? 'Saving…' : 'Save members'}
            </button>
          </div>
        </section>
      ) : null}

      <ConfirmDialog {...deleting.dialog} title={`Delete queue ${queue?.name ?? ''}?`} confirmLabel="Delete queue" danger>
        <p>The queue and its member list are removed. A queue that still holds open tickets, or that a help topic points at, cannot be deleted.</p>
      </ConfirmDialog>
    </div>
  );
}

export function MembersEditor(props: { members: QueueMember[]; agents: Agent[]; problem: SaveProblem; onChange(members: QueueMember[]): void }) {
  const { members, agents, problem, onChange } = props;
  const id = useId();
  const [adding, setAdding] = useState('');
  const nameOf = (userId: string) => agents.find((a) => a.id === userId)?.name ?? userId;
  const available = agents.filter((a) => !members.some((m) => m.userId === a.id));
  const update = (i: number, change: Partial<QueueMember>) => onChange(members.map((m, j) => (j === i ? { ...m, ...change } : m)));
  const listErrors = errorsFor(problem, 'members').filter((_, i, all) => all.length > 0 && i === 0 && !Object.keys(problem?.fields ?? {}).some((k) => /^members\.\d/.test(k)));

  return (
    <fieldset className="members">
      <legend>Members</legend>
      {members.length === 0 ? <p className="muted">No members yet: add the agents who work this queue.</p> : null}
      {members.length ? (
        <table className="table table-compact">
          <caption className="visually-hidden">Members</caption>
          <thead>
            <tr>
              <th scope="col">Agent</th>
              <th scope="col">Role</th>
              <th scope="col">Priority weight</th>
              <th scope="col">On break</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m, i) => {
              const name = nameOf(m.userId);
              const rowErrors = errorsFor(problem, `members.${i}`);
              return (
                <tr key={m.userId} className={rowErrors.length ? 'row-invalid' : undefined}>
                  <td>
                    {name}
                    {rowErrors.length ? (
                      <p className="field-error" id={`${id}-${i}-error`}>
                        {rowErrors.join(' ')}
                      </p>
                    ) : null}
                  </td>
                  <td>
                    <label className="visually-hidden" htmlFor={`${id}-${i}-role`}>
                      Role of {name}
                    </label>
                    <select id={`${id}-${i}-role`} value={m.role} onChange={(e) => update(i, { role: e.target.value as QueueMember['role'] })} aria-invalid={errorsFor(problem, `members.${i}.role`).length > 0 || undefined}>
                      <option value="member">Member</option>
                      <option value="lead">Lead</option>
                    </select>
                  </td>
                  <td>
                    <div className="weight">
                      <label className="visually-hidden" htmlFor={`${id}-${i}-weight`}>
                        Priority weight of {name}
                      </label>
                      <input
                        id={`${id}-${i}-weight`}
                        type="range"
                        min={1}
                        max={100}
                        step={1}
                        value={m.priorityWeight}
                        aria-invalid={errorsFor(problem, `members.${i}.priorityWeight`).length > 0 || undefined}
                        aria-describedby={rowErrors.length ? `${id}-${i}-error` : undefined}
                        onChange={(e) => update(i, { priorityWeight: Number(e.target.value) })}
                      />
                      <output htmlFor={`${id}-${i}-weight`} className="weight-value">
                        {m.priorityWeight}
                      </output>
                    </div>
                  </td>
                  <td>
                    <label className="toggle">
                      <input type="checkbox" role="switch" checked={m.onBreak} onChange={(e) => update(i, { onBreak: e.target.checked })} />
                      <span className="toggle-track" aria-hidden="true" />
                      <span className="visually-hidden">{name} is on break</span>
                    </label>
                  </td>
                  <td>
                    <button type="button" className="button button-small button-quiet" aria-label={`Remove ${name}`} onClick={() => onChange(members.filter((_, j) => j !== i))}>
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {listErrors.length ? <p className="field-error">{listErrors.join(' ')}</p> : null}
      <div className="inline-add">
        <div className="field">
          <label htmlFor={`${id}-add`}>Add a member</label>
          <select id={`${id}-add`} value={adding} onChange={(e) => setAdding(e.target.value)}>
            <option value="">{available.length ? 'Choose an agent…' : 'Every agent is a member'}</option>
            {available.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.email})
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className="button button-small"
          disabled={!adding}
          onClick={() => {
            onChange([...members, { userId: adding, role: 'member', priorityWeight: 50, onBreak: false }]);
            setAdding('');
          }}
        >
          Add member
        </button>
      </div>
    </fieldset>
  );
}
