// The routing rule editor (SPEC §3 Routing rules): the ordered list (drag or keyboard to reorder),
// enable toggles, the clause builder, the action picker, and "test against a ticket".
import { useId, useState, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import { api } from '../common/api.ts';
import { useTenantDisplay } from '../common/display-settings.ts';
import { Empty, ErrorMessage, FieldError, Loading } from '../common/feedback.tsx';
import { TagsInput } from '../common/tags-input.tsx';
import { SOURCES, type Agent } from '../common/types.ts';
import { useApi } from '../common/use-api.ts';
import { ConfirmDialog, SaveFailure, SelectField, TextField, Toggle, errorsFor, ifMatch, upsert, useAdminTenant, useDelete, useSave, zodFieldErrors } from './admin-kit.tsx';
import { createRuleSchema, updateRuleSchema } from '../../../shared/routing/routing.schema.ts';
import { RULE_FIELDS, type Queue, type RoutingRule, type RuleAction, type RuleClause, type RuleField, type RuleOp, type RulePreview } from './admin-types.ts';

const fieldLabels: Record<RuleField, string> = { priority: 'Priority', source: 'Source', tag: 'Tag', requesterType: 'Requester type' };
const opLabels: Record<RuleOp, string> = { eq: 'is', neq: 'is not', in: 'is one of', not_in: 'is none of' };
const requesterTypes = [
  { key: 'bp', label: 'Business partner' },
  { key: 'account', label: 'Account' },
  { key: 'manual', label: 'Manual' },
];
const actionLabels: Record<RuleAction['type'], string> = {
  assign_to_queue: 'Assign to queue',
  assign_to_user: 'Assign to user',
  escalate: 'Escalate',
  reassign_queue: 'Move to another queue',
};
const multi = (op: RuleOp) => op === 'in' || op === 'not_in';

type Names = { queue(id: string): string; user(id: string): string; value(field: RuleField, value: string): string };

function useNames(queues: Queue[], agents: Agent[]): Names {
  const { tenantId } = useAdminTenant();
  const display = useTenantDisplay(tenantId);
  return {
    queue: (id) => queues.find((q) => q.id === id)?.name ?? `${id} (missing)`,
    user: (id) => agents.find((a) => a.id === id)?.name ?? `${id} (missing)`,
    value: (field, value) =>
      field === 'priority' ? display.priorityLabel(value) : field === 'source' ? display.sourceLabel(value) : field === 'requesterType' ? (requesterTypes.find((r) => r.key === value)?.label ?? value) : value,
  };
}

export const clauseText = (c: RuleClause, names: Names) => {
  const values = (Array.isArray(c.value) ? c.value : [c.value]).map((v) => names.value(c.field, v));
  return `${fieldLabels[c.field] ?? c.field} ${opLabels[c.op] ?? c.op} ${multi(c.op) ? `[${values.join(', ')}]` : values.join('')}`;
};

export const actionText = (a: RuleAction, names: Names) => {
  switch (a.type) {
    case 'assign_to_queue':
      return `Assign to queue ${names.queue(a.queueId)}`;
    case 'reassign_queue':
      return `Move to queue ${names.queue(a.queueId)}`;
    case 'assign_to_user':
      return `Assign to ${names.user(a.userId)}`;
    case 'escalate':
      return 'Escalate (raise priority, notify leads)';
  }
};

export function RoutingRules({ queues, agents }: { queues: Queue[]; agents: Agent[] }) {
  const { base } = useAdminTenant();
  const rules = useApi<{ items: RoutingRule[] }>(`${base}/routing-rules`);
  const names = useNames(queues, agents);
  const [editing, setEditing] = useState<string | null>(null);
  const [order, setOrder] = useState<{ ids: string[]; saving: boolean; error: unknown } | null>(null);
  const [status, setStatus] = useState('');
  const [toggleError, setToggleError] = useState<unknown>(null);
  const deleting = useDelete(
    (rule: RoutingRule) => `${base}/routing-rules/${encodeURIComponent(rule.id)}`,
    (rule) => {
      setStatus(`${rule.name} deleted.`);
      rules.reload();
    },
  );
  const [dragged, setDragged] = useState<string | null>(null);

  const loaded = rules.state.status === 'ready' ? [...rules.state.data.items].sort((a, b) => a.position - b.position) : [];
  // While a new order is being saved (or was refused), show it; the server's answer replaces it.
  const ordered = order ? order.ids.flatMap((id) => loaded.filter((r) => r.id === id)) : loaded;

  async function saveOrder(ids: string[], moved: RoutingRule) {
    setOrder({ ids, saving: true, error: null });
    try {
      await api.put(`${base}/routing-rules/order`, { ids });
      setStatus(`${moved.name} moved to position ${ids.indexOf(moved.id) + 1} of ${ids.length}.`);
      setOrder(null);
      rules.reload();
    } catch (error) {
      setOrder(null);
      setToggleError(error);
      rules.reload();
    }
  }

  function move(rule: RoutingRule, to: number) {
    const ids = ordered.map((r) => r.id).filter((id) => id !== rule.id);
    const target = Math.max(0, Math.min(ids.length, to));
    if (ordered[target]?.id === rule.id) return;
    ids.splice(target, 0, rule.id);
    void saveOrder(ids, rule);
  }

  function onHandleKey(event: KeyboardEvent<HTMLButtonElement>, rule: RoutingRule, index: number) {
    const moves: Record<string, number> = { ArrowUp: index - 1, ArrowDown: index + 1, Home: 0, End: ordered.length - 1 };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    if (to < 0 || to >= ordered.length || to === index) return;
    move(rule, to);
  }

  function onDrop(event: DragEvent, index: number) {
    event.preventDefault();
    const rule = ordered.find((r) => r.id === dragged);
    setDragged(null);
    if (rule) move(rule, index);
  }

  async function toggle(rule: RoutingRule, enabled: boolean) {
    setToggleError(null);
    // Shown at once; the reload below brings the saved state (or the old one after a refusal).
    rules.setData({ items: loaded.map((r) => (r.id === rule.id ? { ...r, enabled } : r)) });
    try {
      const { id: _id, position: _p, version, createdAt: _c, updatedAt: _u, ...rest } = rule;
      await api.put(`${base}/routing-rules/${encodeURIComponent(rule.id)}`, { ...rest, enabled }, { headers: ifMatch(version) });
      setStatus(`${rule.name} ${enabled ? 'enabled' : 'disabled'}.`);
    } catch (error) {
      setToggleError(error);
    }
    rules.reload();
  }

  return (
    <section className="routing" aria-labelledby="rules-heading">
      <div className="page-title-row">
        <div>
          <h2 id="rules-heading" className="section-title">
            Routing rules
          </h2>
          <p className="muted">The first enabled rule that matches a new ticket, from the top, wins. Drag a rule by its handle, or focus the handle and use the arrow keys, Home and End.</p>
        </div>
        <button type="button" className="button" onClick={() => setEditing('new')}>
          New rule
        </button>
      </div>
      <p role="status" aria-live="polite" className="visually-hidden">
        {status}
      </p>
      {toggleError ? <ErrorMessage error={toggleError} /> : null}
      {editing === 'new' ? (
        <RuleEditor
          queues={queues}
          agents={agents}
          onCancel={() => setEditing(null)}
          onSaved={(rule) => {
            setEditing(null);
            setStatus(`${rule.name} created.`);
            rules.reload();
          }}
        />
      ) : null}

      <div className="panel panel-flush" aria-busy={rules.state.status === 'loading' || order?.saving || undefined}>
        {rules.state.status === 'loading' ? <Loading>Loading rules…</Loading> : null}
        {rules.state.status === 'error' ? <ErrorMessage error={rules.state.error} onRetry={rules.reload} /> : null}
        {rules.state.status === 'ready' && ordered.length === 0 ? <Empty>No routing rules: new tickets go to their help topic’s queue, else the default queue.</Empty> : null}
        {ordered.length ? (
          <ol className="rule-list" aria-label="Routing rules, in order">
            {ordered.map((rule, index) => (
              <li
                key={rule.id}
                className={`rule ${rule.enabled ? '' : 'rule-disabled'} ${dragged === rule.id ? 'rule-dragging' : ''}`}
                onDragOver={(e) => {
                  if (dragged) e.preventDefault();
                }}
                onDrop={(e) => onDrop(e, index)}
                data-rule-id={rule.id}
              >
                {editing === rule.id ? (
                  <RuleEditor
                    rule={rule}
                    queues={queues}
                    agents={agents}
                    onCancel={() => setEditing(null)}
                    onReload={rules.reload}
                    onSaved={(saved) => {
                      setEditing(null);
                      setStatus(`${saved.name} saved.`);
                      rules.reload();
                    }}
                  />
                ) : (
                  <div className="rule-row">
                    <button
                      type="button"
                      className="drag-handle"
                      draggable
                      aria-label={`Reorder ${rule.name}: position ${index + 1} of ${ordered.length}`}
                      aria-describedby="rules-heading"
                      onDragStart={(e) => {
                        setDragged(rule.id);
                        e.dataTransfer.effectAllowed = 'move';
                        e.dataTransfer.setData('text/plain', rule.id);
                      }}
                      onDragEnd={() => setDragged(null)}
                      onKeyDown={(e) => onHandleKey(e, rule, index)}
                      disabled={order?.saving}
                    >
                      <span aria-hidden="true">⋮⋮</span>
                    </button>
                    <span className="rule-position" aria-hidden="true">
                      {index + 1}
                    </span>
                    <div className="rule-main">
                      <strong className="rule-name">{rule.name}</strong>
                      <span className="rule-summary">
                        {rule.clauses.length === 0 ? 'Every ticket' : rule.clauses.map((c) => clauseText(c, names)).join(rule.match === 'all' ? ' AND ' : ' OR ')}
                        {' → '}
                        {actionText(rule.action, names)}
                      </span>
                    </div>
                    <label className="toggle">
                      <input type="checkbox" role="switch" checked={rule.enabled} onChange={(e) => void toggle(rule, e.target.checked)} />
                      <span className="toggle-track" aria-hidden="true" />
                      <span className="visually-hidden">{rule.name} enabled</span>
                    </label>
                    <div className="rule-buttons">
                      <button type="button" className="button button-small button-quiet" aria-label={`Move ${rule.name} up`} disabled={index === 0 || order?.saving} onClick={() => move(rule, index - 1)}>
                        ↑
                      </button>
                      <button
                        type="button"
                        className="button button-small button-quiet"
                        aria-label={`Move ${rule.name} down`}
                        disabled={index === ordered.length - 1 || order?.saving}
                        onClick={() => move(rule, index + 1)}
                      >
                        ↓
                      </button>
                      <button type="button" className="button button-small button-quiet" aria-label={`Edit ${rule.name}`} onClick={() => setEditing(rule.id)}>
                        Edit
                      </button>
                      <button type="button" className="button button-small button-quiet" aria-label={`Delete ${rule.name}`} onClick={() => deleting.ask(rule)}>
                        Delete
                      </button>
                    </div>
                  </div>
                )}
              </li>
            ))}
          </ol>
        ) : null}
      </div>

      <RulePreviewPanel rules={ordered} names={names} />

      <ConfirmDialog {...deleting.dialog} title={`Delete rule ${deleting.target?.name ?? ''}?`} confirmLabel="Delete rule" danger>
        <p>New tickets will no longer be routed by it. Tickets it routed keep their queue.</p>
      </ConfirmDialog>
    </section>
  );
}

type RuleDraft = { name: string; enabled: boolean; match: 'all' | 'any'; clauses: RuleClause[]; action: RuleAction; position: 'end' | 'top' };

const emptyClause = (): RuleClause => ({ field: 'priority', op: 'eq', value: 'urgent' });

/** SPEC §3: value a string for eq/neq and a non-empty list for in/not_in, valid for its field; actions with their target. */
export function ruleErrors(d: RuleDraft, validValues: (field: RuleField) => string[] | null): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  if (!d.name.trim()) errors.name = ['Enter a name.'];
  d.clauses.forEach((c, i) => {
    const values = Array.isArray(c.value) ? c.value : [c.value];
    if (multi(c.op) && (!Array.isArray(c.value) || c.value.length === 0)) errors[`clauses.${i}.value`] = ['Choose at least one value.'];
    else if (!multi(c.op) && (typeof c.value !== 'string' || !c.value)) errors[`clauses.${i}.value`] = ['Choose a value.'];
    else {
      const valid = validValues(c.field);
      const wrong = values.filter((v) => (valid ? !valid.includes(v) : !/^[a-z0-9_-]{1,40}$/.test(v)));
      if (wrong.length) errors[`clauses.${i}.value`] = [`Not a valid ${fieldLabels[c.field].toLowerCase()}: ${wrong.join(', ')}.`];
    }
  });
  if ((d.action.type === 'assign_to_queue' || d.action.type === 'reassign_queue') && !d.action.queueId) errors['action.queueId'] = ['Choose a queue.'];
  if (d.action.type === 'assign_to_user' && !d.action.userId) errors['action.userId'] = ['Choose a person.'];
  return errors;
}

function RuleEditor(props: { rule?: RoutingRule; queues: Queue[]; agents: Agent[]; onSaved(rule: RoutingRule): void; onCancel(): void; onReload?(): void }) {
  const { rule, queues, agents, onSaved, onCancel, onReload } = props;
  const { base, tenantId } = useAdminTenant();
  const display = useTenantDisplay(tenantId);
  const id = useId();
  const [draft, setDraft] = useState<RuleDraft>(() =>
    rule
      ? { name: rule.name, enabled: rule.enabled, match: rule.match, clauses: rule.clauses, action: rule.action, position: 'end' }
      : { name: '', enabled: true, match: 'all', clauses: [emptyClause()], action: { type: 'assign_to_queue', queueId: '' }, position: 'end' },
  );
  const { problem, saving, save } = useSave();

  const validValues = (field: RuleField): string[] | null =>
    field === 'priority' ? display.priorities.map((p) => p.key) : field === 'source' ? [...SOURCES] : field === 'requesterType' ? requesterTypes.map((r) => r.key) : null;
  const optionsFor = (field: RuleField) =>
    field === 'priority'
      ? display.priorities.map((p) => ({ value: p.key, label: p.label }))
      : field === 'source'
        ? display.sources.map((s) => ({ value: s.key, label: s.label }))
        : requesterTypes.map((r) => ({ value: r.key, label: r.label }));

  function setClause(i: number, next: RuleClause) {
    setDraft({ ...draft, clauses: draft.clauses.map((c, j) => (j === i ? next : c)) });
  }

  /** A field or op change keeps what still fits: a single value becomes a list of one, and back. */
  function reshape(c: RuleClause, field: RuleField, op: RuleOp): RuleClause {
    const valid = validValues(field);
    let values = (Array.isArray(c.value) ? c.value : [c.value]).filter((v) => v && (valid ? valid.includes(v) : field === c.field));
    if (field !== c.field) values = [];
    if (multi(op)) return { field, op, value: values };
    return { field, op, value: values[0] ?? (valid?.[0] ?? '') };
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      name: draft.name.trim(),
      enabled: draft.enabled,
      match: draft.match,
      clauses: draft.clauses,
      action: draft.action,
      ...(!rule && draft.position === 'top' ? { position: 0 } : {}),
    };
    // Friendly messages first, then the API's own schema (the same rules as the server).
    const friendly = ruleErrors(draft, validValues);
    const local = Object.keys(friendly).length ? friendly : zodFieldErrors(rule ? updateRuleSchema : createRuleSchema, body);
    void save(local, () => upsert<RoutingRule>(rule ? `${base}/routing-rules/${encodeURIComponent(rule.id)}` : `${base}/routing-rules`, rule, body), onSaved);
  }

  const err = (field: string) => errorsFor(problem, field);
  const action = draft.action;
  return (
    <form className="panel rule-editor" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{rule ? `Edit rule ${rule.name}` : 'New routing rule'}</h3>
      <SaveFailure problem={problem} onReload={onReload} what="this rule" />
      <div className="form-grid">
        <TextField label="Rule name" required value={draft.name} maxLength={200} errors={err('name')} onChange={(name) => setDraft({ ...draft, name })} />
        {!rule ? (
          <SelectField
            label="Place in the order"
            value={draft.position}
            onChange={(v) => setDraft({ ...draft, position: v as RuleDraft['position'] })}
            options={[
              { value: 'end', label: 'At the end' },
              { value: 'top', label: 'At the top' },
            ]}
            errors={err('position')}
          />
        ) : null}
      </div>
      <Toggle label="Enabled" checked={draft.enabled} onChange={(enabled) => setDraft({ ...draft, enabled })} />

      <fieldset className="radio-row segmented">
        <legend>Match</legend>
        <label className={`segment ${draft.match === 'all' ? 'segment-active' : ''}`}>
          <input type="radio" name={`${id}-match`} value="all" checked={draft.match === 'all'} onChange={() => setDraft({ ...draft, match: 'all' })} />
          All clauses (AND)
        </label>
        <label className={`segment ${draft.match === 'any' ? 'segment-active' : ''}`}>
          <input type="radio" name={`${id}-match`} value="any" checked={draft.match === 'any'} onChange={() => setDraft({ ...draft, match: 'any' })} />
          Any clause (OR)
        </label>
      </fieldset>

      <fieldset className="clauses">
        <legend>Clauses</legend>
        {draft.clauses.length === 0 ? <p className="muted">No clauses: the rule matches every ticket.</p> : null}
        <ol className="clause-list">
          {draft.clauses.map((c, i) => {
            const n = i + 1;
            const valueErrors = err(`clauses.${i}`);
            return (
              <li key={i} className="clause" aria-label={`Clause ${n}`}>
                <div className="field">
                  <label htmlFor={`${id}-c${i}-field`}>Field of clause {n}</label>
                  <select id={`${id}-c${i}-field`} value={c.field} onChange={(e) => setClause(i, reshape(c, e.target.value as RuleField, c.op))}>
                    {RULE_FIELDS.map((f) => (
                      <option key={f} value={f}>
                        {fieldLabels[f]}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`${id}-c${i}-op`}>Operator of clause {n}</label>
                  <select id={`${id}-c${i}-op`} value={c.op} onChange={(e) => setClause(i, reshape(c, c.field, e.target.value as RuleOp))}>
                    {(Object.keys(opLabels) as RuleOp[]).map((op) => (
                      <option key={op} value={op}>
                        {opLabels[op]}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="clause-value">
                  <ClauseValue id={`${id}-c${i}`} n={n} clause={c} options={c.field === 'tag' ? null : optionsFor(c.field)} errors={valueErrors} onChange={(value) => setClause(i, { ...c, value })} />
                </div>
                <button type="button" className="button button-small button-quiet clause-remove" aria-label={`Remove clause ${n}`} onClick={() => setDraft({ ...draft, clauses: draft.clauses.filter((_, j) => j !== i) })}>
                  Remove
                </button>
              </li>
            );
          })}
        </ol>
        <FieldError id={`${id}-clauses-error`} messages={err('clauses').filter(() => !Object.keys(problem?.fields ?? {}).some((k) => k.startsWith('clauses.')))} />
        <button type="button" className="button button-small button-quiet" onClick={() => setDraft({ ...draft, clauses: [...draft.clauses, emptyClause()] })}>
          Add clause
        </button>
      </fieldset>

      <fieldset>
        <legend>Action</legend>
        <div className="form-grid">
          <SelectField
            label="Action"
            value={action.type}
            errors={err('action.type')}
            onChange={(type) => {
              const t = type as RuleAction['type'];
              const queueId = 'queueId' in action ? action.queueId : '';
              setDraft({
                ...draft,
                action: t === 'escalate' ? { type: t } : t === 'assign_to_user' ? { type: t, userId: '' } : { type: t, queueId },
              });
            }}
            options={(Object.keys(actionLabels) as RuleAction['type'][]).map((t) => ({ value: t, label: actionLabels[t] }))}
          />
          {action.type === 'assign_to_queue' || action.type === 'reassign_queue' ? (
            <SelectField
              label="Target queue"
              value={action.queueId}
              empty="Choose a queue…"
              errors={err('action.queueId')}
              onChange={(queueId) => setDraft({ ...draft, action: { ...action, queueId } })}
              options={queues.map((q) => ({ value: q.id, label: q.name }))}
            />
          ) : null}
          {action.type === 'assign_to_user' ? (
            <SelectField
              label="Target person"
              value={action.userId}
              empty="Choose a person…"
              errors={err('action.userId')}
              onChange={(userId) => setDraft({ ...draft, action: { type: 'assign_to_user', userId } })}
              options={agents.map((a) => ({ value: a.id, label: a.name }))}
            />
          ) : null}
        </div>
        {action.type === 'escalate' ? <p className="hint">Raises the priority one step (up to urgent) and notifies the leads of the ticket’s queue.</p> : null}
      </fieldset>

      <div className="actions">
        <button type="submit" className="button" disabled={saving}>
          {saving ? 'Saving…' : rule ? 'Save rule' : 'Create rule'}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ClauseValue(props: { id: string; n: number; clause: RuleClause; options: { value: string; label: string }[] | null; errors: string[]; onChange(value: string | string[]): void }) {
  const { id, n, clause, options, errors, onChange } = props;
  const label = `Value of clause ${n}`;
  const errorId = `${id}-value-error`;
  if (options === null) {
    // Free tags.
    if (multi(clause.op)) {
      return <TagsInput id={`${id}-value`} label={`Tags of clause ${n}`} value={Array.isArray(clause.value) ? clause.value : []} onChange={onChange} errors={errors} />;
    }
    return (
      <div className="field">
        <label htmlFor={`${id}-value`}>{label}</label>
        <input
          id={`${id}-value`}
          type="text"
          value={typeof clause.value === 'string' ? clause.value : ''}
          placeholder="a tag, e.g. vip"
          aria-invalid={errors.length > 0 || undefined}
          aria-describedby={errors.length ? errorId : undefined}
          onChange={(e) => onChange(e.target.value.trim().toLowerCase())}
        />
        <FieldError id={errorId} messages={errors} />
      </div>
    );
  }
  if (multi(clause.op)) {
    const chosen = Array.isArray(clause.value) ? clause.value : [];
    return (
      <fieldset className="field checkbox-group" aria-describedby={errors.length ? errorId : undefined}>
        <legend>{label}</legend>
        <div className="radio-row">
          {options.map((o) => (
            <label key={o.value} className="choice-inline">
              <input type="checkbox" checked={chosen.includes(o.value)} onChange={(e) => onChange(e.target.checked ? [...chosen, o.value] : chosen.filter((v) => v !== o.value))} />
              {o.label}
            </label>
          ))}
        </div>
        <FieldError id={errorId} messages={errors} />
      </fieldset>
    );
  }
  return (
    <div className="field">
      <label htmlFor={`${id}-value`}>{label}</label>
      <select id={`${id}-value`} value={typeof clause.value === 'string' ? clause.value : ''} aria-invalid={errors.length > 0 || undefined} aria-describedby={errors.length ? errorId : undefined} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldError id={errorId} messages={errors} />
    </div>
  );
}

function RulePreviewPanel({ rules, names }: { rules: RoutingRule[]; names: Names }) {
  const { base } = useAdminTenant();
  const id = useId();
  const [ticket, setTicket] = useState('');
  const [result, setResult] = useState<{ ticket: string; preview: RulePreview } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function run(event: FormEvent) {
    event.preventDefault();
    const number = normalizeNumber(ticket);
    if (!number) {
      setError('Enter a ticket number such as SD-00012.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const preview = await api.post<RulePreview>(`${base}/routing-rules/preview`, { ticket: number });
      setResult({ ticket: number, preview });
    } catch (err) {
      setResult(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const byId = new Map(rules.map((r) => [r.id, r]));
  const winner = result?.preview.ruleId ? byId.get(result.preview.ruleId) : undefined;
  return (
    <section className="panel rule-preview" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Test against a ticket</h3>
      <p className="muted">Evaluates the saved rules against an existing ticket, as routing would. Nothing changes.</p>
      <form className="inline-add" onSubmit={(e) => void run(e)}>
        <div className="field">
          <label htmlFor={`${id}-ticket`}>Ticket number</label>
          <input id={`${id}-ticket`} type="text" value={ticket} placeholder="SD-00012" onChange={(e) => setTicket(e.target.value)} />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Testing…' : 'Test rules'}
        </button>
      </form>
      {error ? <ErrorMessage error={error} /> : null}
      {result ? (
        <div className="preview-result" aria-live="polite">
          <p className={`notice ${winner || result.preview.ruleId ? '' : 'notice-warning'}`} role="status">
            <span>
              {result.preview.ruleId ? (
                <>
                  For {result.ticket}, <strong>{winner?.name ?? result.preview.ruleId}</strong> wins
                  {result.preview.action ? <> → {actionText(result.preview.action, names)}</> : null}.
                </>
              ) : (
                <>For {result.ticket}, no rule matches: the help topic’s queue, else the default queue, applies.</>
              )}
            </span>
          </p>
          <table className="table table-compact">
            <caption>Why: each rule in order, as evaluated</caption>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">Clauses</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {result.preview.trace.map((step) => {
                const rule = byId.get(step.ruleId);
                const won = step.ruleId === result.preview.ruleId;
                return (
                  <tr key={step.ruleId} className={won ? 'row-winner' : undefined} data-rule-id={step.ruleId}>
                    <td>
                      {rule?.name ?? step.ruleId}
                      {rule && !rule.enabled ? <span className="muted"> (disabled)</span> : null}
                      {rule ? <span className="muted small block">{rule.match === 'all' ? 'all must match' : 'any may match'}</span> : null}
                    </td>
                    <td>
                      <ul className="trace-clauses">
                        {step.clauses.map((ok, i) => (
                          <li key={i} className={ok ? 'clause-ok' : 'clause-no'}>
                            <span aria-hidden="true">{ok ? '✓' : '✗'}</span> <span className="visually-hidden">{ok ? 'matches:' : 'does not match:'}</span>
                            {rule?.clauses[i] ? clauseText(rule.clauses[i], names) : `clause ${i + 1}`}
                          </li>
                        ))}
                        {step.clauses.length === 0 ? <li className="muted">{step.skipped === 'disabled' ? 'not evaluated' : 'no clauses'}</li> : null}
                      </ul>
                    </td>
                    <td>
                      {won ? <strong>Wins</strong> : step.skipped === 'disabled' ? 'Skipped: disabled' : step.skipped === 'missing_target' ? 'Skipped: its queue or person no longer exists' : step.matched ? 'Matches' : 'No match'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {result.preview.trace.length < rules.length && result.preview.ruleId ? <p className="hint">Rules after the winner are not evaluated.</p> : null}
        </div>
      ) : null}
    </section>
  );
}

/** "12", "sd-12", "SD-00012" → "SD-00012". */
export function normalizeNumber(input: string): string | null {
  const m = /^\s*(?:sd-?)?0*(\d{1,9})\s*$/i.exec(input);
  if (!m) return null;
  return `SD-${m[1]!.padStart(5, '0')}`;
}
