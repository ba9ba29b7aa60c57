// The SLA dashboard (`GET /api/dashboard/sla`): open / breached / escalated tiles, the 7-day trend
// as a chart with a table of the same figures, and the recently updated tickets. Filters (tenant,
// queue) live in the URL; the figures refresh on their own every 30 s.
import { useCallback, useEffect, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Symbols, Tooltip, XAxis, YAxis } from 'recharts';
import type { SlaDashboard, TrendDay } from '../../../shared/dashboard/dashboard.schema.ts';
import { api } from '../common/api.ts';
import { Empty, ErrorMessage, Loading } from '../common/feedback.tsx';
import { useNow } from '../common/format.ts';
import { useTenantQueues } from '../common/lookups.ts';
import { PageHeader } from '../common/page.tsx';
import { useMe } from '../common/session.tsx';
import { QueueFilterOptions, TenantSelect } from '../common/tenant-select.tsx';
import { TicketTable } from '../common/ticket-table.tsx';
import './dashboard.css';

const REFRESH_MS = 30_000;

/**
 * The series of the trend: Okabe–Ito hues darkened to at least 5:1 against white, and each with its
 * own dash and marker shape, so no series depends on colour alone.
 */
const SERIES = [
  { key: 'created', label: 'Created', color: '#0072B2', dash: undefined, shape: 'circle' },
  { key: 'resolved', label: 'Resolved', color: '#00775A', dash: '8 4', shape: 'square' },
  { key: 'breached', label: 'Breached', color: '#B34700', dash: '2 3', shape: 'triangle' },
] as const;

const TILES = [
  { key: 'open', label: 'Open', hint: 'open or pending' },
  { key: 'breached', label: 'Breached', hint: 'open tickets past an SLA target' },
  { key: 'escalated', label: 'Escalated', hint: 'open tickets escalated at least once' },
] as const;

/** A `YYYY-MM-DD` day as "Mon 9 Mar" (the date itself, whatever the viewer's zone). */
const dayLabel = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const formatDay = (date: string) => dayLabel.format(new Date(`${date}T00:00:00Z`));

/** A resource read now and every `intervalMs` while the page is visible; the last figures stay up during a refresh. */
function usePolled<T>(path: string, intervalMs: number) {
  const [tick, setTick] = useState(0);
  const [state, setState] = useState<{ path: string; data?: T; error?: unknown; at?: number }>({ path });
  const refresh = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    const controller = new AbortController();
    api.get<T>(path, { signal: controller.signal }).then(
      (data) => setState({ path, data, at: Date.now() }),
      (error: unknown) => {
        if (!controller.signal.aborted) setState((prev) => ({ ...(prev.path === path ? prev : { path }), error }));
      },
    );
    return () => controller.abort();
  }, [path, tick]);

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (!document.hidden) refresh();
    }, intervalMs);
    const onVisible = () => {
      if (!document.hidden) refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [intervalMs, refresh]);

  const current = state.path === path ? state : { path };
  return { data: current.data, error: current.error, updatedAt: current.at, refresh };
}

export function DashboardPage() {
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const tenant = params.get('tenant') ?? '';
  const queue = params.get('queue') ?? '';
  // A queue belongs to one tenant: with a single tenant, that one is implied.
  const queueTenant = tenant || (me.tenants.length === 1 ? me.tenants[0]! : '');
  const query = new URLSearchParams();
  if (queueTenant && (tenant || queue)) query.set('tenant', queueTenant);
  if (queue && queueTenant) query.set('queue', queue);
  const { data, error, updatedAt, refresh } = usePolled<SlaDashboard>(`/api/dashboard/sla${query.toString() ? `?${query.toString()}` : ''}`, REFRESH_MS);

  function setFilters(changes: { tenant?: string; queue?: string }) {
    setParams((previous) => {
      const next = new URLSearchParams(previous);
      for (const [name, value] of Object.entries(changes)) {
        if (value) next.set(name, value);
        else next.delete(name);
      }
      if ('tenant' in changes && changes.tenant !== tenant) next.delete('queue');
      return next;
    });
  }

  return (
    <section className="dashboard">
      <div className="page-title-row">
        <PageHeader title="SLA dashboard">
          {tenant ? `Tenant ${tenant}` : me.tenants.length > 1 ? `All your tenants: ${me.tenants.join(', ')}` : 'Your tickets at a glance'}
          {queue ? ' · one queue' : ''}. Refreshes every 30 seconds.
        </PageHeader>
        <div className="dashboard-refresh">
          {updatedAt ? (
            <span className="muted small">
              Updated <time dateTime={new Date(updatedAt).toISOString()}>{new Date(updatedAt).toLocaleTimeString()}</time>
            </span>
          ) : null}
          <button type="button" className="button button-quiet button-small" onClick={refresh}>
            Refresh now
          </button>
        </div>
      </div>

      <DashboardFilters tenant={tenant} queue={queue} queueTenant={queueTenant} onChange={setFilters} />

      {error ? <ErrorMessage error={error} onRetry={refresh} /> : null}
      {!data && !error ? <Loading>Loading the dashboard…</Loading> : null}
      {data ? (
        <>
          <Tiles tiles={data.tiles} />
          <Trend trend={data.trend} />
          <RecentTickets items={data.recent} showTenant={!tenant && me.tenants.length > 1} />
        </>
      ) : null}
    </section>
  );
}

function DashboardFilters(props: { tenant: string; queue: string; queueTenant: string; onChange(changes: { tenant?: string; queue?: string }): void }) {
  const { tenant, queue, queueTenant, onChange } = props;
  const id = useId();
  const queues = useTenantQueues(queueTenant || null);
  return (
    <form className="filters panel dashboard-filters" aria-label="Dashboard filters" onSubmit={(e) => e.preventDefault()}>
      <TenantSelect id={`${id}-tenant`} value={tenant} onChange={(t) => onChange({ tenant: t })} allLabel="All tenants" />
      <div className="field">
        <label htmlFor={`${id}-queue`}>Queue</label>
        <select
          id={`${id}-queue`}
          value={queue}
          disabled={!queueTenant}
          aria-describedby={!queueTenant ? `${id}-queue-hint` : undefined}
          onChange={(e) => onChange({ queue: e.target.value })}
        >
          <QueueFilterOptions value={queue} queues={queues.queues} anyLabel="All queues" />
        </select>
        {!queueTenant ? (
          <p id={`${id}-queue-hint`} className="hint">
            Choose a tenant to filter by queue.
          </p>
        ) : null}
      </div>
      {queues.error ? <p className="hint">The queues could not be loaded.</p> : null}
    </form>
  );
}

function Tiles({ tiles }: { tiles: SlaDashboard['tiles'] }) {
  return (
    <dl className="dashboard-tiles" aria-label="Open tickets">
      {TILES.map((tile) => (
        <div key={tile.key} className={`panel dashboard-tile dashboard-tile-${tile.key}`}>
          <dt>
            <span className="dashboard-tile-label">{tile.label}</span>
            <span className="dashboard-tile-hint">{tile.hint}</span>
          </dt>
          <dd className="dashboard-tile-value">{tiles[tile.key]}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A series' marker, the same in the chart and in the legend. */
function Marker({ shape, color, cx, cy, size = 48 }: { shape: (typeof SERIES)[number]['shape']; color: string; cx: number; cy: number; size?: number }) {
  return <Symbols type={shape} size={size} cx={cx} cy={cy} fill={color} stroke="#fff" strokeWidth={1} />;
}

function Trend({ trend }: { trend: SlaDashboard['trend'] }) {
  const [asTable, setAsTable] = useState(false);
  const id = useId();
  const data = trend.days.map((d) => ({ ...d, label: formatDay(d.date) }));
  const zone = trend.timeZone === 'UTC' ? 'UTC' : `${trend.timeZone} time`;
  return (
    <section className="panel dashboard-trend" aria-labelledby={`${id}-title`}>
      <div className="panel-head">
        <h2 id={`${id}-title`}>Last 7 days</h2>
        <span className="muted small">Days in {zone}</span>
        <span className="spacer" />
        <button type="button" className="button button-quiet button-small" aria-pressed={asTable} onClick={() => setAsTable((v) => !v)}>
          Show as table
        </button>
      </div>
      <ul className="dashboard-legend" aria-label="Legend">
        {SERIES.map((s) => (
          <li key={s.key}>
            <svg width="36" height="14" aria-hidden="true" focusable="false">
              <line x1="2" y1="7" x2="34" y2="7" stroke={s.color} strokeWidth="2.5" strokeDasharray={s.dash} />
              <Marker shape={s.shape} color={s.color} cx={18} cy={7} size={40} />
            </svg>
            {s.label}
          </li>
        ))}
      </ul>
      <figure className="dashboard-chart">
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={data} margin={{ top: 10, right: 16, bottom: 0, left: -16 }} title="Tickets created, resolved and breached per day" desc={`The last 7 days in ${zone}; the same figures are in the table.`}>
            <CartesianGrid stroke="#e3e6ea" strokeDasharray="3 3" />
            <XAxis dataKey="label" tick={{ fill: '#4a5260', fontSize: 12 }} tickLine={false} />
            <YAxis allowDecimals={false} tick={{ fill: '#4a5260', fontSize: 12 }} tickLine={false} axisLine={false} />
            <Tooltip />
            {SERIES.map((s) => (
              <Line
                key={s.key}
                type="linear"
                dataKey={s.key}
                name={s.label}
                stroke={s.color}
                strokeWidth={2.5}
                strokeDasharray={s.dash}
                isAnimationActive={false}
                dot={({ cx, cy, index }) => (typeof cx === 'number' && typeof cy === 'number' ? <Marker key={`${s.key}-${index}`} shape={s.shape} color={s.color} cx={cx} cy={cy} /> : null)}
                activeDot={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
        <figcaption className="visually-hidden">Tickets created, resolved and breached per day over the last 7 days; the table below has the same figures.</figcaption>
      </figure>
      <div className={asTable ? 'table-scroll' : 'visually-hidden'}>
        <TrendTable days={trend.days} zone={zone} />
      </div>
    </section>
  );
}

function TrendTable({ days, zone }: { days: TrendDay[]; zone: string }) {
  return (
    <table className="table dashboard-trend-table">
      <caption className="visually-hidden">Tickets per day, last 7 days ({zone})</caption>
      <thead>
        <tr>
          <th scope="col">Day</th>
          {SERIES.map((s) => (
            <th key={s.key} scope="col">
              {s.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {days.map((d) => (
          <tr key={d.date}>
            <th scope="row">
              <time dateTime={d.date}>{formatDay(d.date)}</time>
            </th>
            {SERIES.map((s) => (
              <td key={s.key}>{d[s.key]}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RecentTickets({ items, showTenant }: { items: SlaDashboard['recent']; showTenant: boolean }) {
  const now = useNow(REFRESH_MS);
  const id = useId();
  return (
    <section className="panel panel-flush dashboard-recent" aria-labelledby={`${id}-title`}>
      <div className="panel-head">
        <h2 id={`${id}-title`}>Recently updated</h2>
        <span className="spacer" />
        <Link to="/" className="small">
          All tickets
        </Link>
      </div>
      {items.length === 0 ? (
        <Empty>No tickets yet.</Empty>
      ) : (
        <TicketTable items={items} caption="The 10 most recently updated tickets" now={now} showTenant={showTenant} detail={false} />
      )}
    </section>
  );
}
