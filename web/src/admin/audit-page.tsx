// Admin → Audit log: the tenant's configuration changes, newest first, by kind, with before/after.
import { useId, useState } from 'react';
import { Empty, ErrorMessage, Loading } from '../common/feedback.tsx';
import { formatDateTime } from '../common/format.ts';
import { PageHeader } from '../common/page.tsx';
import { LoadMoreFooter, useAdminTenant, useCursorList } from './admin-kit.tsx';
import { AUDIT_KINDS, type AuditRecord } from './admin-types.ts';

const kindLabels: Record<string, string> = {
  queue: 'Queue',
  'help-topic': 'Help topic',
  'canned-response': 'Canned response',
  'routing-rule': 'Routing rule',
  'routing-order': 'Routing order',
  settings: 'Settings',
  'business-partner': 'Business partner',
  contact: 'Contact',
};
const actionLabels = { create: 'created', update: 'changed', delete: 'deleted' } as const;

export function AuditPage() {
  const { base, tenantId } = useAdminTenant();
  const id = useId();
  const [kind, setKind] = useState('');
  const { state, loadMore, refresh } = useCursorList<AuditRecord>(`${base}/audit`, { kind });

  return (
    <section>
      <PageHeader title="Audit log">Every configuration change of {tenantId}, newest first.</PageHeader>
      <div className="filters panel">
        <div className="field inline-field">
          <label htmlFor={`${id}-kind`}>Kind of object</label>
          <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value)}>
            <option value="">All kinds</option>
            {AUDIT_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabels[k]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="panel panel-flush" aria-live="polite" aria-busy={state.status === 'loading' || undefined}>
        {state.status === 'loading' ? <Loading>Loading the audit log…</Loading> : null}
        {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={refresh} /> : null}
        {state.status === 'ready' && state.items.length === 0 ? <Empty>No changes recorded{kind ? ' for this kind' : ''} yet.</Empty> : null}
        {state.status === 'ready' && state.items.length ? (
          <>
            <ol className="audit-list">
              {state.items.map((record) => (
                <AuditEntry key={record.id} record={record} />
              ))}
            </ol>
            <LoadMoreFooter state={state} loadMore={loadMore} end={<span className="muted small">That is everything.</span>} />
          </>
        ) : null}
      </div>
    </section>
  );
}

function AuditEntry({ record }: { record: AuditRecord }) {
  const changes = diff(record.before, record.after);
  return (
    <li className="audit-entry">
      <details>
        <summary>
          <time dateTime={record.at}>{formatDateTime(record.at)}</time> · <strong>{record.actor.name}</strong> {actionLabels[record.action] ?? record.action}{' '}
          {(kindLabels[record.kind] ?? record.kind).toLowerCase()} <code>{record.objectId}</code>
          {record.action === 'update' ? <span className="muted"> ({changes.length} field{changes.length === 1 ? '' : 's'})</span> : null}
        </summary>
        {changes.length ? (
          <table className="table table-compact diff">
            <caption className="visually-hidden">What changed</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Before</th>
                <th scope="col">After</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((c) => (
                <tr key={c.path}>
                  <th scope="row">
                    <code>{c.path || '(value)'}</code>
                  </th>
                  <td className="diff-before">{c.before === undefined ? <span className="muted">—</span> : <code>{show(c.before)}</code>}</td>
                  <td className="diff-after">{c.after === undefined ? <span className="muted">—</span> : <code>{show(c.after)}</code>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted small">No field values recorded.</p>
        )}
      </details>
    </li>
  );
}

const IGNORED = new Set(['version', 'updatedAt', 'createdAt']);

/** The leaf fields that differ between `before` and `after` (`members.0.priorityWeight`). */
export function diff(before: unknown, after: unknown, path = ''): { path: string; before: unknown; after: unknown }[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  if (isObject(before) && isObject(after) && Array.isArray(before) === Array.isArray(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !(path === '' && IGNORED.has(k)));
    return keys.flatMap((k) => diff(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (isObject(before) && after === undefined) return flatten(before, path).map((f) => ({ path: f.path, before: f.value, after: undefined }));
  if (isObject(after) && before === undefined) return flatten(after, path).map((f) => ({ path: f.path, before: undefined, after: f.value }));
  return [{ path, before, after }];
}

function flatten(value: unknown, path: string): { path: string; value: unknown }[] {
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value)
      .filter(([k]) => !(path === '' && IGNORED.has(k)))
      .flatMap(([k, v]) => flatten(v, path ? `${path}.${k}` : k));
  }
  return [{ path, value }];
}

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
