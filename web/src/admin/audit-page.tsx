// Admin → Audit log: the tenant's configuration changes, newest first, by kind, with before/after.
import { useEffect, useId, useState } from 'react';
import { api } from '../common/api.ts';
import { Empty, ErrorMessage, Loading } from '../common/feedback.tsx';
import { formatDateTime } from '../common/format.ts';
import { PageHeader } from '../common/page.tsx';
import type { Page } from '../common/types.ts';
import { useAdminTenant } from './admin-kit.tsx';
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

type ListState = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; items: AuditRecord[]; nextCursor?: string | null; more: 'idle' | 'loading' | { error: unknown } };

export function AuditPage() {
  const { base, tenantId } = useAdminTenant();
  const id = useId();
  const [kind, setKind] = useState('');
  const [attempt, setAttempt] = useState(0);
  const key = `${kind}#${attempt}`;
  const [list, setList] = useState<{ key: string; state: ListState } | null>(null);
  const query = (cursor?: string) => {
    const q = new URLSearchParams({ limit: '25' });
    if (kind) q.set('kind', kind);
    if (cursor) q.set('cursor', cursor);
    return `${base}/audit?${q.toString()}`;
  };

  useEffect(() => {
    const controller = new AbortController();
    const q = new URLSearchParams({ limit: '25' });
    if (kind) q.set('kind', kind);
    api.get<Page<AuditRecord>>(`${base}/audit?${q.toString()}`, { signal: controller.signal }).then(
      (page) => setList({ key, state: { status: 'ready', items: page.items, nextCursor: page.nextCursor, more: 'idle' } }),
      (error: unknown) => {
        if (!controller.signal.aborted) setList({ key, state: { status: 'error', error } });
      },
    );
    return () => controller.abort();
  }, [base, kind, key]);

  const state: ListState = list?.key === key ? list.state : { status: 'loading' };

  async function loadMore() {
    if (state.status !== 'ready' || !state.nextCursor) return;
    setList({ key, state: { ...state, more: 'loading' } });
    try {
      const page = await api.get<Page<AuditRecord>>(query(state.nextCursor));
      setList((current) =>
        current?.key === key && current.state.status === 'ready'
          ? { key, state: { status: 'ready', items: [...current.state.items, ...page.items], nextCursor: page.nextCursor, more: 'idle' } }
          : current,
      );
    } catch (error) {
      setList((current) => (current?.key === key && current.state.status === 'ready' ? { key, state: { ...current.state, more: { error } } } : current));
    }
  }

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
        {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={() => setAttempt((n) => n + 1)} /> : null}
        {state.status === 'ready' && state.items.length === 0 ? <Empty>No changes recorded{kind ? ' for this kind' : ''} yet.</Empty> : null}
        {state.status === 'ready' && state.items.length ? (
          <>
            <ol className="audit-list">
              {state.items.map((record) => (
                <AuditEntry key={record.id} record={record} />
              ))}
            </ol>
            <div className="list-footer">
              {state.more !== 'idle' && state.more !== 'loading' ? <ErrorMessage error={state.more.error} onRetry={() => void loadMore()} /> : null}
              {state.nextCursor ? (
                <button type="button" className="button button-quiet" onClick={() => void loadMore()} disabled={state.more === 'loading'}>
                  {state.more === 'loading' ? 'Loading…' : 'Load more'}
                </button>
              ) : (
                <span className="muted small">That is everything.</span>
              )}
            </div>
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
