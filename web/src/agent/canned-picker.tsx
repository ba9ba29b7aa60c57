// The reply box's canned responses: global + the ticket's help topic's, inserted as the API renders
// them for this ticket and this agent (`GET …/canned-responses/{id}/render?ticket=`).
import { useId, useState } from 'react';
import { api } from '../common/api.ts';
import { ErrorMessage } from '../common/feedback.tsx';
import type { Page, Ticket } from '../common/types.ts';
import { useApi } from '../common/use-api.ts';

type CannedResponse = { id: string; title: string; body: string; helpTopicId?: string };

export function CannedPicker({ ticket, onInsert }: { ticket: Pick<Ticket, 'tenantId' | 'number' | 'helpTopicId'>; onInsert(body: string, cannedResponseId: string): void }) {
  const id = useId();
  const base = `/api/tenants/${encodeURIComponent(ticket.tenantId)}/canned-responses`;
  const query = ticket.helpTopicId ? `?helpTopicId=${encodeURIComponent(ticket.helpTopicId)}` : '';
  const { state, reload } = useApi<Page<CannedResponse>>(`${base}${query}`);
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // Global ones, and the ticket's topic's (the API filters; this keeps other topics' out either way).
  const items = state.status === 'ready' ? state.data.items.filter((r) => !r.helpTopicId || r.helpTopicId === ticket.helpTopicId) : [];
  const global = items.filter((r) => !r.helpTopicId);
  const topical = items.filter((r) => r.helpTopicId);

  async function insert() {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      const rendered = await api.get<{ body: string }>(`${base}/${encodeURIComponent(chosen)}/render?ticket=${encodeURIComponent(ticket.number)}`);
      onInsert(rendered.body, chosen);
      setChosen('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (state.status === 'error') return <ErrorMessage error={`Canned responses could not be loaded.`} onRetry={reload} />;
  return (
    <div className="canned-picker">
      <div className="field inline-field">
        <label htmlFor={`${id}-canned`}>Canned response</label>
        <select id={`${id}-canned`} value={chosen} disabled={state.status === 'loading' || items.length === 0} onChange={(e) => setChosen(e.target.value)}>
          <option value="">{state.status === 'loading' ? 'Loading…' : items.length ? 'Choose a response…' : 'None available'}</option>
          {topical.length ? (
            <optgroup label="For this help topic">
              {topical.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.title}
                </option>
              ))}
            </optgroup>
          ) : null}
          {global.length ? (
            <optgroup label="Global">
              {global.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.title}
                </option>
              ))}
            </optgroup>
          ) : null}
        </select>
      </div>
      <button type="button" className="button button-small button-quiet" disabled={!chosen || busy} onClick={() => void insert()}>
        {busy ? 'Inserting…' : 'Insert'}
      </button>
      {error ? <ErrorMessage error={error} /> : null}
    </div>
  );
}
