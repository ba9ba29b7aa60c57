// Choosing the requester's business partner (search by name or id) and, optionally, one of its contacts.
import { useEffect, useId, useState } from 'react';
import { api } from '../common/api.ts';
import { ErrorMessage, Loading } from '../common/feedback.tsx';
import type { BusinessPartner, Contact, Page } from '../common/types.ts';

type Results = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; items: BusinessPartner[] };

const base = (tenantId: string) => `/api/tenants/${encodeURIComponent(tenantId)}/business-partners`;

export function PartnerPicker(props: {
  tenantId: string;
  partner: BusinessPartner | null;
  contactId: string;
  onPartner(partner: BusinessPartner | null): void;
  onContact(contactId: string): void;
  errors: string[];
  contactErrors: string[];
}) {
  const { tenantId, partner, contactId, onPartner, onContact, errors, contactErrors } = props;
  const id = useId();
  const [query, setQuery] = useState('');
  const [debounced, setDebounced] = useState('');
  const [results, setResults] = useState<{ key: string; value: Results } | null>(null);
  const key = `${tenantId}?${debounced}`;

  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(query.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [query]);

  useEffect(() => {
    const controller = new AbortController();
    const params = new URLSearchParams({ limit: '10' });
    if (debounced) params.set('q', debounced);
    api.get<Page<BusinessPartner>>(`${base(tenantId)}?${params.toString()}`, { signal: controller.signal }).then(
      (page) => setResults({ key, value: { status: 'ready', items: page.items } }),
      (error: unknown) => {
        if (!controller.signal.aborted) setResults({ key, value: { status: 'error', error } });
      },
    );
    return () => controller.abort();
  }, [tenantId, debounced, key]);

  const state: Results = results?.key === key ? results.value : { status: 'loading' };

  return (
    <div className="partner-picker">
      <div className="field">
        <label htmlFor={`${id}-search`}>Search business partners</label>
        <input
          id={`${id}-search`}
          type="search"
          value={query}
          placeholder="Name or id, e.g. Northwind or BP-1001"
          aria-describedby={errors.length ? `${id}-error` : undefined}
          aria-controls={`${id}-results`}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.preventDefault(); // searching, not submitting the ticket
          }}
        />
      </div>
      <fieldset id={`${id}-results`} className="partner-results" aria-busy={state.status === 'loading' || undefined}>
        <legend>Business partner</legend>
        {state.status === 'loading' ? <Loading>Searching…</Loading> : null}
        {state.status === 'error' ? <ErrorMessage error={state.error} /> : null}
        {state.status === 'ready' && state.items.length === 0 ? <p className="state state-empty">No business partner matches “{debounced}”.</p> : null}
        {state.status === 'ready'
          ? state.items.map((bp) => (
              <label key={bp.id} className={`choice ${bp.status !== 'active' ? 'choice-inactive' : ''}`}>
                <input
                  type="radio"
                  name={`${id}-partner`}
                  value={bp.id}
                  checked={partner?.id === bp.id}
                  disabled={bp.status === 'closed'}
                  onChange={() => onPartner(bp)}
                />
                <span>
                  <strong>{bp.name}</strong> <span className="muted">{bp.id}</span>
                  {bp.status === 'closed' ? <span className="badge badge-status-closed"> closed</span> : null}
                  {bp.status === 'merged' ? <span className="muted"> — merged into {bp.mergedInto}</span> : null}
                </span>
              </label>
            ))
          : null}
      </fieldset>
      {errors.length ? (
        <p id={`${id}-error`} className="field-error">
          {errors.join(' ')}
        </p>
      ) : null}
      {partner ? (
        <div className="selected-partner">
          <p>
            Requester: <strong>{partner.name}</strong> <span className="muted">({partner.id})</span>{' '}
            <button type="button" className="link-button" onClick={() => onPartner(null)}>
              Clear
            </button>
          </p>
          <ContactSelect tenantId={tenantId} bpId={partner.id} value={contactId} onChange={onContact} errors={contactErrors} />
        </div>
      ) : null}
    </div>
  );
}

function ContactSelect(props: { tenantId: string; bpId: string; value: string; onChange(contactId: string): void; errors: string[] }) {
  const { tenantId, bpId, value, onChange, errors } = props;
  const id = useId();
  const [contacts, setContacts] = useState<{ bpId: string; items?: Contact[]; error?: unknown } | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    api.get<Page<Contact>>(`${base(tenantId)}/${encodeURIComponent(bpId)}/contacts`, { signal: controller.signal }).then(
      (page) => setContacts({ bpId, items: page.items }),
      (error: unknown) => {
        if (!controller.signal.aborted) setContacts({ bpId, error });
      },
    );
    return () => controller.abort();
  }, [tenantId, bpId]);

  const current = contacts?.bpId === bpId ? contacts : null;
  return (
    <div className="field">
      <label htmlFor={id}>Contact (optional)</label>
      <select id={id} value={value} disabled={!current?.items} onChange={(e) => onChange(e.target.value)} aria-describedby={errors.length ? `${id}-error` : undefined}>
        <option value="">{current ? 'No specific contact' : 'Loading contacts…'}</option>
        {(current?.items ?? []).map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
            {c.email ? ` <${c.email}>` : ''} — {c.phone}
          </option>
        ))}
      </select>
      {current?.error ? <ErrorMessage error={current.error} /> : null}
      {errors.length ? (
        <p id={`${id}-error`} className="field-error">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}
