// Admin → Canned responses: the library (scope filter), and the editor with variable buttons and a
// live preview rendered by the API (`POST …/canned-responses/preview`).
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { cannedResponseBodySchema } from '../../../shared/canned-response/canned-response.schema.ts';
import { unknownVariables } from '../../../shared/canned-response/canned-response.rules.ts';
import { api } from '../common/api.ts';
import { Empty, ErrorMessage, FieldError, FieldLabel, Loading } from '../common/feedback.tsx';
import { nameOf } from '../common/lookups.ts';
import { MarkdownView } from '../common/markdown.tsx';
import { PageHeader } from '../common/page.tsx';
import type { Page } from '../common/types.ts';
import { useApi } from '../common/use-api.ts';
import { ConfirmDialog, SaveFailure, SelectField, TextField, errorsFor, fieldsOnly, upsert, useAdminTenant, useDelete, useSave, zodFieldErrors } from './admin-kit.tsx';
import { TEMPLATE_VARIABLES, type CannedResponse, type HelpTopic } from './admin-types.ts';

const GLOBAL = '__global__';

export function CannedResponsesPage() {
  const { base, tenantId } = useAdminTenant();
  const id = useId();
  const [scope, setScope] = useState('');
  const query = scope && scope !== GLOBAL ? `?helpTopicId=${encodeURIComponent(scope)}` : '';
  const responses = useApi<Page<CannedResponse>>(`${base}/canned-responses${query}`);
  const topics = useApi<Page<HelpTopic>>(`${base}/help-topics`);
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const topicList = topics.state.status === 'ready' ? topics.state.data.items : [];
  const all = responses.state.status === 'ready' ? responses.state.data.items : [];
  const items = scope === GLOBAL ? all.filter((r) => !r.helpTopicId) : all;
  const current = all.find((r) => r.id === selected);
  const scopeName = (r: CannedResponse) => (r.helpTopicId ? (nameOf(topicList, r.helpTopicId) ?? r.helpTopicId) : 'Global');

  return (
    <section>
      <PageHeader title="Canned responses">Reply templates agents insert from the reply box. Tenant {tenantId}.</PageHeader>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      <div className="admin-split">
        <section className="panel panel-flush" aria-labelledby={`${id}-heading`}>
          <div className="panel-head">
            <h2 id={`${id}-heading`}>Library</h2>
            <button type="button" className="button button-small" onClick={() => setSelected('new')}>
              New response
            </button>
          </div>
          <div className="panel-filters">
            <div className="field">
              <label htmlFor={`${id}-scope`}>Show</label>
              <select id={`${id}-scope`} value={scope} onChange={(e) => setScope(e.target.value)}>
                <option value="">All responses</option>
                <option value={GLOBAL}>Global only</option>
                {topicList.map((t) => (
                  <option key={t.id} value={t.id}>
                    Global + {t.name}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {responses.state.status === 'loading' ? <Loading>Loading canned responses…</Loading> : null}
          {responses.state.status === 'error' ? <ErrorMessage error={responses.state.error} onRetry={responses.reload} /> : null}
          {responses.state.status === 'ready' && items.length === 0 ? <Empty>No canned responses {scope ? 'in this scope' : 'yet'}.</Empty> : null}
          {items.length ? (
            <table className="table">
              <caption className="visually-hidden">Canned responses</caption>
              <thead>
                <tr>
                  <th scope="col">Title</th>
                  <th scope="col">Scope</th>
                </tr>
              </thead>
              <tbody>
                {items.map((r) => (
                  <tr key={r.id} className={r.id === selected ? 'row-selected' : undefined}>
                    <td>
                      <button type="button" className="link-button" aria-label={`Edit canned response ${r.title}`} onClick={() => setSelected(r.id)}>
                        {r.title}
                      </button>
                    </td>
                    <td>{r.helpTopicId ? scopeName(r) : <span className="chip">Global</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </section>
        <div className="admin-editor">
          {selected === 'new' || current ? (
            <CannedEditor
              key={current ? `${current.id}#${current.version}` : 'new'}
              response={current}
              topics={topicList}
              onCancel={() => setSelected(null)}
              onReload={responses.reload}
              onSaved={(r, created) => {
                setNotice(`Canned response ${r.title} ${created ? 'created' : 'saved'}.`);
                setSelected(r.id);
                responses.reload();
              }}
              onDeleted={(title) => {
                setNotice(`Canned response ${title} deleted.`);
                setSelected(null);
                responses.reload();
              }}
            />
          ) : (
            <div className="panel">
              <p className="muted">Choose a response to edit it, or create a new one.</p>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}

function CannedEditor(props: { response?: CannedResponse; topics: HelpTopic[]; onSaved(r: CannedResponse, created: boolean): void; onDeleted(title: string): void; onCancel(): void; onReload(): void }) {
  const { response, topics, onSaved, onDeleted, onCancel, onReload } = props;
  const { base } = useAdminTenant();
  const id = useId();
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const [title, setTitle] = useState(response?.title ?? '');
  const [body, setBody] = useState(response?.body ?? '');
  const [helpTopicId, setHelpTopicId] = useState(response?.helpTopicId ?? '');
  const [ticket, setTicket] = useState('');
  const { problem, saving, save } = useSave();
  const preview = useLivePreview(`${base}/canned-responses/preview`, body, ticket.trim());
  const path = response ? `${base}/canned-responses/${encodeURIComponent(response.id)}` : `${base}/canned-responses`;
  const deleting = useDelete<CannedResponse>(() => path, (deleted) => onDeleted(deleted.title));

  function insert(variable: string) {
    const token = `{{${variable}}}`;
    const area = bodyRef.current;
    const start = area?.selectionStart ?? body.length;
    const end = area?.selectionEnd ?? body.length;
    const next = body.slice(0, start) + token + body.slice(end);
    setBody(next);
    requestAnimationFrame(() => {
      if (!area) return;
      area.focus();
      area.setSelectionRange(start + token.length, start + token.length);
    });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const payload = { title: title.trim(), body, helpTopicId: helpTopicId || null };
    const local = zodFieldErrors(cannedResponseBodySchema, payload);
    const unknown = unknownVariables(body);
    if (unknown.length) (local.body ??= []).push(`Unknown variable${unknown.length > 1 ? 's' : ''}: ${unknown.map((v) => `{{${v}}}`).join(', ')}.`);
    void save(local, () => upsert<CannedResponse>(path, response, payload), (saved) => onSaved(saved, !response));
  }

  const err = (field: string) => errorsFor(problem, field);
  const bodyErrors = err('body');
  const previewErrors = preview.error ? fieldsOnly(preview.error, 'body') : [];
  return (
    <>
      <form className="panel" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{response ? `Canned response ${response.title}` : 'New canned response'}</h2>
        <SaveFailure problem={problem} onReload={onReload} what="this response" />
        <div className="form-grid">
          <TextField label="Title" required value={title} maxLength={200} errors={err('title')} onChange={setTitle} />
          <SelectField
            label="Scope"
            value={helpTopicId}
            empty="Global (every ticket)"
            errors={err('helpTopicId')}
            onChange={setHelpTopicId}
            options={topics.map((t) => ({ value: t.id, label: `Help topic: ${t.name}${t.active ? '' : ' (inactive)'}` }))}
          />
        </div>
        <div className="field">
          <FieldLabel htmlFor={`${id}-body`} required>
            Body
          </FieldLabel>
          <div className="variable-bar" role="group" aria-label="Insert a variable">
            {TEMPLATE_VARIABLES.map((v) => (
              <button key={v} type="button" className="button button-small button-quiet" onClick={() => insert(v)} aria-label={`Insert {{${v}}}`}>
                {`{{${v}}}`}
              </button>
            ))}
          </div>
          <textarea
            id={`${id}-body`}
            ref={bodyRef}
            rows={8}
            value={body}
            required
            aria-invalid={bodyErrors.length > 0 || undefined}
            aria-describedby={bodyErrors.length ? `${id}-body-error` : `${id}-body-hint`}
            onChange={(e) => setBody(e.target.value)}
          />
          {bodyErrors.length ? (
            <FieldError id={`${id}-body-error`} messages={bodyErrors} />
          ) : (
            <p id={`${id}-body-hint`} className="hint">
              Markdown. Variables are filled in for the ticket and the agent when inserted; their values are escaped.
            </p>
          )}
        </div>
        <div className="preview-box">
          <div className="preview-head">
            <h3 id={`${id}-preview`}>Preview</h3>
            <div className="field inline-field">
              <label htmlFor={`${id}-ticket`}>Preview with ticket (optional)</label>
              <input id={`${id}-ticket`} type="text" value={ticket} placeholder="SD-00012" onChange={(e) => setTicket(e.target.value)} />
            </div>
          </div>
          <div className="markdown-preview" role="region" aria-labelledby={`${id}-preview`} aria-busy={preview.loading || undefined}>
            {preview.error ? (
              previewErrors.length ? (
                <p className="field-error">{previewErrors.join(' ')}</p>
              ) : (
                <ErrorMessage error={preview.error} />
              )
            ) : preview.body !== null && preview.body.trim() ? (
              <MarkdownView>{preview.body}</MarkdownView>
            ) : (
              <p className="muted">{body.trim() ? 'Rendering…' : 'Nothing to preview.'}</p>
            )}
          </div>
        </div>
        <div className="actions">
          <button type="submit" className="button" disabled={saving}>
            {saving ? 'Saving…' : response ? 'Save response' : 'Create response'}
          </button>
          <button type="button" className="button button-quiet" onClick={onCancel}>
            Cancel
          </button>
          <span className="spacer" />
          {response ? (
            <button type="button" className="button button-quiet button-danger-quiet" onClick={() => deleting.ask(response)}>
              Delete response
            </button>
          ) : null}
        </div>
      </form>
      <ConfirmDialog {...deleting.dialog} title={`Delete canned response ${response?.title ?? ''}?`} confirmLabel="Delete response" danger>
        <p>Agents will no longer be offered it. Replies that used it keep their text.</p>
      </ConfirmDialog>
    </>
  );
}

/** The API's rendering of `body` (debounced 400 ms); the latest request wins. */
function useLivePreview(path: string, body: string, ticket: string) {
  const [state, setState] = useState<{ key: string; body: string | null; error: unknown }>({ key: '', body: null, error: null });
  const key = `${ticket}\u0000${body}`;
  useEffect(() => {
    if (!body.trim()) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      api.post<{ body: string }>(path, { body, ...(ticket ? { ticket } : {}) }, { signal: controller.signal }).then(
        (answer) => setState({ key, body: answer.body, error: null }),
        (error: unknown) => {
          if (!controller.signal.aborted) setState({ key, body: null, error });
        },
      );
    }, 400);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [path, body, ticket, key]);
  if (!body.trim()) return { body: '', error: null, loading: false };
  // Until the newest answer arrives, the previous rendering stays (no flicker while typing).
  return { body: state.body, error: state.key === key ? state.error : null, loading: state.key !== key };
}
