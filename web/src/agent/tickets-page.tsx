// Agent home: the cross-tenant ticket list (`GET /api/tickets`), its filters kept in the URL.
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../common/api.ts';
import { ConfiguredOptions } from '../common/badges.tsx';
import { Empty, ErrorMessage, Loading } from '../common/feedback.tsx';
import { statusLabels, useNow } from '../common/format.ts';
import { useTenantDisplay } from '../common/display-settings.ts';
import { useTenantLookups } from '../common/lookups.ts';
import { PageHeader } from '../common/page.tsx';
import { useMe } from '../common/session.tsx';
import { QueueFilterOptions, TenantSelect } from '../common/tenant-select.tsx';
import { TicketTable } from '../common/ticket-table.tsx';
import { STATUSES, type Page, type TicketListItem } from '../common/types.ts';

/** The API's filters, in the order the URL and the request carry them. */
const FILTERS = ['tenant', 'status', 'priority', 'queue', 'assignee', 'tag', 'source', 'breached', 'q'] as const;
type Filter = (typeof FILTERS)[number];

const PAGE_SIZES = ['10', '25', '50', '100'];
const DEFAULT_PAGE_SIZE = '25';

type ListState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; items: TicketListItem[]; nextCursor?: string | null; more: 'idle' | 'loading' | { error: unknown } };

export function TicketsPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const now = useNow(30_000);
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ''])) as Record<Filter, string>;
  const query = new URLSearchParams();
  for (const name of FILTERS) if (filters[name]) query.set(name, filters[name]);
  const pageSize = PAGE_SIZES.includes(params.get('limit') ?? '') ? (params.get('limit') as string) : DEFAULT_PAGE_SIZE;
  query.set('limit', pageSize);
  const queryString = query.toString();

  const [attempt, setAttempt] = useState(0);
  const [list, setList] = useState<{ key: string; state: ListState } | null>(null);
  const key = `${queryString}#${attempt}`;

  useEffect(() => {
    const controller = new AbortController();
    api.get<Page<TicketListItem>>(`/api/tickets?${queryString}`, { signal: controller.signal }).then(
      (page) => setList({ key, state: { status: 'ready', items: page.items, nextCursor: page.nextCursor, more: 'idle' } }),
      (error: unknown) => {
        if (!controller.signal.aborted) setList({ key, state: { status: 'error', error } });
      },
    );
    return () => controller.abort();
  }, [queryString, key]);

  const state: ListState = list?.key === key ? list.state : { status: 'loading' };

  async function loadMore() {
    if (state.status !== 'ready' || !state.nextCursor) return;
    const cursor = state.nextCursor;
    setList({ key, state: { ...state, more: 'loading' } });
    try {
      const next = new URLSearchParams(queryString);
      next.set('cursor', cursor);
      const page = await api.get<Page<TicketListItem>>(`/api/tickets?${next.toString()}`);
      setList((current) =>
        current?.key === key && current.state.status === 'ready'
          ? { key, state: { status: 'ready', items: [...current.state.items, ...page.items], nextCursor: page.nextCursor, more: 'idle' } }
          : current,
      );
    } catch (error) {
      setList((current) => (current?.key === key && current.state.status === 'ready' ? { key, state: { ...current.state, more: { error } } } : current));
    }
  }

  function setFilters(changes: Partial<Record<Filter, string>>) {
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const [name, value] of Object.entries(changes)) {
        if (value) next.set(name, value);
        else next.delete(name);
      }
      // A queue belongs to one tenant: a tenant change drops a queue of another one.
      if ('tenant' in changes && changes.tenant !== filters.tenant) next.delete('queue');
      return next;
    });
  }

  const clearFilters = () => setParams(pageSize === DEFAULT_PAGE_SIZE ? new URLSearchParams() : new URLSearchParams({ limit: pageSize }));
  const active = FILTERS.some((name) => filters[name]);
  const multiTenant = me.tenants.length > 1;

  return (
    <section>
      <div className="page-title-row">
        <PageHeader title="Tickets">
          {multiTenant ? `Tickets of ${me.tenants.join(', ')}, most recently updated first.` : 'Most recently updated first.'}
        </PageHeader>
        <Link to="/tickets/new" className="button">
          New ticket
        </Link>
      </div>

      <TicketFilters filters={filters} onChange={setFilters} onClear={clearFilters} active={active} />

      <div className="panel panel-flush" aria-live="polite" aria-busy={state.status === 'loading' || undefined}>
        {state.status === 'loading' ? <Loading>Loading tickets…</Loading> : null}
        {state.status === 'error' ? <ErrorMessage error={state.error} onRetry={() => setAttempt((n) => n + 1)} /> : null}
        {state.status === 'ready' && state.items.length === 0 ? (
          <Empty>
            {active ? 'No tickets match these filters.' : 'There are no tickets yet.'}{' '}
            {active ? (
              <button type="button" className="link-button" onClick={clearFilters}>
                Clear the filters
              </button>
            ) : (
              <Link to="/tickets/new">Create the first one</Link>
            )}
          </Empty>
        ) : null}
        {state.status === 'ready' && state.items.length > 0 ? (
          <>
            <TicketTable items={state.items} caption="Tickets" className="table tickets-table" now={now} showTenant detail />
            <div className="list-footer">
              <span className="muted">
                {state.items.length} {state.items.length === 1 ? 'ticket' : 'tickets'} shown
              </span>
              {typeof state.more === 'object' ? <ErrorMessage error={state.more.error} /> : null}
              <span className="spacer" />
              <label className="inline-field">
                Per page{' '}
                <select
                  value={pageSize}
                  onChange={(e) =>
                    setParams((previous) => {
                      const next = new URLSearchParams(previous);
                      if (e.target.value === DEFAULT_PAGE_SIZE) next.delete('limit');
                      else next.set('limit', e.target.value);
                      return next;
                    })
                  }
                >
                  {PAGE_SIZES.map((size) => (
                    <option key={size} value={size}>
                      {size}
                    </option>
                  ))}
                </select>
              </label>
              {state.nextCursor ? (
                <button type="button" className="button button-quiet" onClick={() => void loadMore()} disabled={state.more === 'loading'}>
                  {state.more === 'loading' ? 'Loading…' : 'Load more'}
                </button>
              ) : null}
            </div>
          </>
        ) : null}
      </div>
    </section>
  );
}

function TicketFilters(props: { filters: Record<Filter, string>; onChange(changes: Partial<Record<Filter, string>>): void; onClear(): void; active: boolean }) {
  const { filters, onChange, onClear, active } = props;
  const me = useMe();
  const id = useId();
  const tenants = filters.tenant ? [filters.tenant] : me.tenants;
  const lookups = useTenantLookups(tenants);
  const [search, setSearch] = useState({ for: filters.q, value: filters.q });
  const [tag, setTag] = useState({ for: filters.tag, value: filters.tag });
  // The URL wins when it changes (back button, clear): the text boxes follow it.
  const searchValue = search.for === filters.q ? search.value : filters.q;
  const tagValue = tag.for === filters.tag ? tag.value : filters.tag;

  function submit(event: FormEvent) {
    event.preventDefault();
    onChange({ q: searchValue.trim(), tag: tagValue.trim().toLowerCase() });
  }

  const multi = tenants.length > 1;
  // Named with their tenant when they are of several.
  const queueOptions = tenants.flatMap((t) => (lookups.byTenant[t]?.queues ?? []).map((q) => ({ tenant: multi ? t : undefined, id: q.id, name: q.name })));
  // Labels and order of the selected tenant's Settings → Priorities / Sources (the first tenant's across all).
  const display = useTenantDisplay(filters.tenant || me.tenants[0]);
  const agents = new Map<string, string>();
  for (const t of tenants) for (const a of lookups.byTenant[t]?.agents ?? []) agents.set(a.id, a.name);

  return (
    <form className="filters panel" role="search" aria-label="Filter tickets" onSubmit={submit}>
      <div className="filters-search">
        <label htmlFor={`${id}-q`}>Search</label>
        <input
          id={`${id}-q`}
          type="search"
          placeholder="Number (SD-00012, 12) or words of the subject"
          value={searchValue}
          onChange={(e) => setSearch({ for: filters.q, value: e.target.value })}
        />
        <button type="submit" className="button">
          Search
        </button>
      </div>
      <div className="filters-grid">
        <TenantSelect id={`${id}-tenant`} value={filters.tenant} onChange={(tenant) => onChange({ tenant })} allLabel="All tenants" />
        <div className="field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={filters.status} onChange={(e) => onChange({ status: e.target.value })}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabels[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-priority`}>Priority</label>
          <select id={`${id}-priority`} value={filters.priority} onChange={(e) => onChange({ priority: e.target.value })}>
            <option value="">Any priority</option>
            <ConfiguredOptions items={display.priorities} />
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-queue`}>Queue</label>
          <select id={`${id}-queue`} value={filters.queue} onChange={(e) => onChange({ queue: e.target.value })}>
            <QueueFilterOptions value={filters.queue} queues={queueOptions} anyLabel="Any queue" />
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-assignee`}>Assignee</label>
          <select id={`${id}-assignee`} value={filters.assignee} onChange={(e) => onChange({ assignee: e.target.value })}>
            <option value="">Anyone</option>
            <option value="me">Me</option>
            <option value="none">Unassigned</option>
            {filters.assignee && !['me', 'none'].includes(filters.assignee) && !agents.has(filters.assignee) ? (
              <option value={filters.assignee}>{filters.assignee}</option>
            ) : null}
            {[...agents]
              .filter(([agentId]) => agentId !== me.id)
              .map(([agentId, name]) => (
                <option key={agentId} value={agentId}>
                  {name}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-source`}>Source</label>
          <select id={`${id}-source`} value={filters.source} onChange={(e) => onChange({ source: e.target.value })}>
            <option value="">Any source</option>
            <ConfiguredOptions items={display.sources} />
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-breached`}>SLA</label>
          <select id={`${id}-breached`} value={filters.breached} onChange={(e) => onChange({ breached: e.target.value })}>
            <option value="">Any</option>
            <option value="true">Breached</option>
            <option value="false">Not breached</option>
            <option value="first_response">First response breached</option>
            <option value="resolution">Resolution breached</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-tag`}>Tag</label>
          <input
            id={`${id}-tag`}
            type="text"
            placeholder="e.g. vip"
            value={tagValue}
            onChange={(e) => setTag({ for: filters.tag, value: e.target.value })}
            onBlur={() => {
              if (tagValue.trim().toLowerCase() !== filters.tag) onChange({ tag: tagValue.trim().toLowerCase() });
            }}
          />
        </div>
      </div>
      {lookups.error ? <p className="hint">Queue and assignee names could not be loaded; those filters may be incomplete.</p> : null}
      {active ? (
        <button type="button" className="button button-quiet button-small" onClick={onClear}>
          Clear filters
        </button>
      ) : null}
    </form>
  );
}
