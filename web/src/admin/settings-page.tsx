// Admin → Settings: five tabs (SPEC §3 Settings), each `GET/PUT …/settings/{tab}` with If-Match,
// validated with the API's own zod schemas before the round trip.
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { NavLink, useParams } from 'react-router-dom';
import { settingsTabSchemas, skills, type Priority } from '../../../shared/settings/settings.schema.ts';
import { api } from '../common/api.ts';
import { updateTenantDisplay, useTenantDisplay } from '../common/display-settings.ts';
import { ErrorMessage, FieldError, Loading } from '../common/feedback.tsx';
import { useTenantQueues } from '../common/lookups.ts';
import { NotFoundPage } from '../common/not-found-page.tsx';
import { PageHeader } from '../common/page.tsx';
import { useApi } from '../common/use-api.ts';
import { NumberField, SaveFailure, SelectField, TextAreaField, TextField, Toggle, errorsFor, ifMatch, useAdminTenant, useSave, zodFieldErrors, type SaveProblem } from './admin-kit.tsx';
import type { SettingsResponse, SettingsTab, SettingsValue } from './admin-types.ts';

const TABS: { key: SettingsTab; label: string; intro: string }[] = [
  { key: 'priorities', label: 'Priorities', intro: 'How priorities are named, coloured and ordered on every ticket screen.' },
  { key: 'sources', label: 'Sources', intro: 'Which sources agents may pick for a new ticket, and their names.' },
  { key: 'routing', label: 'Routing', intro: 'Automatic assignment, re-routing on updates, and the default queue.' },
  { key: 'policies', label: 'Policies', intro: 'SLA targets, business hours, holidays, pausing and the reopen and auto-close periods.' },
  { key: 'whatsapp', label: 'WhatsApp', intro: 'The tenant’s WhatsApp phone number ids and the conversation menu.' },
];

export function SettingsPage() {
  const { tab = '' } = useParams();
  const current = TABS.find((t) => t.key === tab);
  if (!current) return <NotFoundPage />;
  return (
    <section>
      <PageHeader title={`Settings · ${current.label}`}>{current.intro}</PageHeader>
      <nav className="tabs" aria-label="Settings tabs">
        {TABS.map((t) => (
          <NavLink key={t.key} to={`/admin/settings/${t.key}`} className={({ isActive }) => `tab ${isActive ? 'tab-active' : ''}`}>
            {t.label}
          </NavLink>
        ))}
      </nav>
      <div className="panel tab-panel">
        <TabLoader key={current.key} tab={current.key} />
      </div>
    </section>
  );
}

type EditorProps<T extends SettingsTab> = { value: SettingsValue<T>; onChange(value: SettingsValue<T>): void; problem: SaveProblem };

function TabLoader({ tab }: { tab: SettingsTab }) {
  const { base } = useAdminTenant();
  const { state, reload } = useApi<SettingsResponse<SettingsTab>>(`${base}/settings/${tab}`);
  if (state.status === 'loading') return <Loading>Loading settings…</Loading>;
  if (state.status === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;
  return <TabForm key={state.data.version ?? 0} tab={tab} loaded={state.data} onReload={reload} />;
}

function strip<T extends SettingsTab>(response: SettingsResponse<T>): SettingsValue<T> {
  const { version: _v, updatedAt: _u, ...value } = response as SettingsResponse<T> & { createdAt?: string };
  delete (value as { createdAt?: string }).createdAt;
  return value as unknown as SettingsValue<T>;
}

function TabForm({ tab, loaded, onReload }: { tab: SettingsTab; loaded: SettingsResponse<SettingsTab>; onReload(): void }) {
  const { base, tenantId } = useAdminTenant();
  const [value, setValue] = useState(() => strip(loaded));
  const [version, setVersion] = useState(loaded.version);
  const { problem, saving, save } = useSave();
  const [saved, setSaved] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const local = zodFieldErrors(settingsTabSchemas[tab], value);
    void save(
      local,
      () => api.put<SettingsResponse<SettingsTab>>(`${base}/settings/${tab}`, value, { headers: ifMatch(version) }),
      (answer) => {
        setValue(strip(answer));
        setVersion(answer.version);
        setSaved(true);
        if (tab === 'priorities') updateTenantDisplay(tenantId, { priorities: (answer as SettingsResponse<'priorities'>).items });
        if (tab === 'sources') updateTenantDisplay(tenantId, { sources: (answer as SettingsResponse<'sources'>).items });
      },
    );
  }

  const change = (next: typeof value) => {
    setSaved(false);
    setValue(next);
  };

  let editor: ReactNode;
  switch (tab) {
    case 'priorities':
      editor = <PrioritiesEditor value={value as SettingsValue<'priorities'>} onChange={change} problem={problem} />;
      break;
    case 'sources':
      editor = <SourcesEditor value={value as SettingsValue<'sources'>} onChange={change} problem={problem} />;
      break;
    case 'routing':
      editor = <RoutingEditor value={value as SettingsValue<'routing'>} onChange={change} problem={problem} />;
      break;
    case 'policies':
      editor = <PoliciesEditor value={value as SettingsValue<'policies'>} onChange={change} problem={problem} />;
      break;
    case 'whatsapp':
      editor = <WhatsAppEditor value={value as SettingsValue<'whatsapp'>} onChange={change} problem={problem} />;
      break;
  }

  return (
    <form onSubmit={submit} noValidate className="settings-form">
      <SaveFailure problem={problem} onReload={onReload} what="these settings" />
      {editor}
      <div className="form-footer">
        <button type="submit" className="button" disabled={saving}>
          {saving ? 'Saving…' : 'Save settings'}
        </button>
        <button type="button" className="button button-quiet" onClick={onReload} disabled={saving}>
          Discard changes
        </button>
        <p className="summary-line muted" role="status">
          {saved ? 'Saved.' : ''} {version ? `Version ${version}.` : 'Defaults (never saved).'}
        </p>
      </div>
    </form>
  );
}

function PrioritiesEditor({ value, onChange, problem }: EditorProps<'priorities'>) {
  const id = useId();
  const rows = value.items.map((item, index) => ({ item, index })).sort((a, b) => a.item.order - b.item.order);
  function move(from: number, to: number) {
    const order = rows.map((r) => r.index);
    const [moved] = order.splice(from, 1);
    order.splice(to, 0, moved!);
    onChange({ items: value.items.map((item, i) => ({ ...item, order: order.indexOf(i) })) });
  }
  const update = (index: number, change: Partial<(typeof value.items)[number]>) => onChange({ items: value.items.map((it, i) => (i === index ? { ...it, ...change } : it)) });
  return (
    <table className="table table-compact">
      <caption className="visually-hidden">Priorities, in order</caption>
      <thead>
        <tr>
          <th scope="col">Order</th>
          <th scope="col">Priority</th>
          <th scope="col">Label</th>
          <th scope="col">Colour</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ item, index }, position) => {
          const labelErrors = errorsFor(problem, `items.${index}.label`);
          const colorErrors = errorsFor(problem, `items.${index}.color`);
          return (
            <tr key={item.key}>
              <td className="nowrap">
                <button type="button" className="button button-small button-quiet" aria-label={`Move ${item.label} up`} disabled={position === 0} onClick={() => move(position, position - 1)}>
                  ↑
                </button>{' '}
                <button type="button" className="button button-small button-quiet" aria-label={`Move ${item.label} down`} disabled={position === rows.length - 1} onClick={() => move(position, position + 1)}>
                  ↓
                </button>
              </td>
              <td>
                <code>{item.key}</code>
              </td>
              <td>
                <label className="visually-hidden" htmlFor={`${id}-${item.key}-label`}>
                  Label of {item.key}
                </label>
                <input
                  id={`${id}-${item.key}-label`}
                  type="text"
                  maxLength={40}
                  value={item.label}
                  aria-invalid={labelErrors.length > 0 || undefined}
                  aria-describedby={labelErrors.length ? `${id}-${item.key}-label-error` : undefined}
                  onChange={(e) => update(index, { label: e.target.value })}
                />
                <FieldError id={`${id}-${item.key}-label-error`} messages={labelErrors} />
              </td>
              <td>
                <span className="color-field">
                  <label className="visually-hidden" htmlFor={`${id}-${item.key}-color`}>
                    Colour of {item.key}
                  </label>
                  <input id={`${id}-${item.key}-color`} type="color" value={item.color} onChange={(e) => update(index, { color: e.target.value })} aria-invalid={colorErrors.length > 0 || undefined} />
                  <span className="badge" style={{ background: item.color, color: '#fff' }}>
                    {item.label || item.key}
                  </span>
                </span>
                <FieldError id={`${id}-${item.key}-color-error`} messages={colorErrors} />
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function SourcesEditor({ value, onChange, problem }: EditorProps<'sources'>) {
  const id = useId();
  const update = (index: number, change: Partial<(typeof value.items)[number]>) => onChange({ items: value.items.map((it, i) => (i === index ? { ...it, ...change } : it)) });
  return (
    <>
      <table className="table table-compact">
        <caption className="visually-hidden">Sources</caption>
        <thead>
          <tr>
            <th scope="col">Source</th>
            <th scope="col">Enabled</th>
            <th scope="col">Label</th>
          </tr>
        </thead>
        <tbody>
          {value.items.map((item, index) => {
            const labelErrors = errorsFor(problem, `items.${index}.label`);
            return (
              <tr key={item.key}>
                <td>
                  <code>{item.key}</code>
                </td>
                <td>
                  <label className="toggle">
                    <input type="checkbox" role="switch" checked={item.enabled} onChange={(e) => update(index, { enabled: e.target.checked })} />
                    <span className="toggle-track" aria-hidden="true" />
                    <span className="visually-hidden">{item.key} enabled</span>
                  </label>
                </td>
                <td>
                  <label className="visually-hidden" htmlFor={`${id}-${item.key}`}>
                    Label of {item.key}
                  </label>
                  <input
                    id={`${id}-${item.key}`}
                    type="text"
                    maxLength={40}
                    value={item.label}
                    aria-invalid={labelErrors.length > 0 || undefined}
                    aria-describedby={labelErrors.length ? `${id}-${item.key}-error` : undefined}
                    onChange={(e) => update(index, { label: e.target.value })}
                  />
                  <FieldError id={`${id}-${item.key}-error`} messages={labelErrors} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="hint">A disabled source is not offered on the create form and is refused by the API; existing tickets keep theirs.</p>
    </>
  );
}

function RoutingEditor({ value, onChange, problem }: EditorProps<'routing'>) {
  const { tenantId } = useAdminTenant();
  const queues = useTenantQueues(tenantId);
  return (
    <>
      <Toggle
        label="Auto-assign tickets entering a queue"
        checked={value.autoAssign}
        onChange={(autoAssign) => onChange({ ...value, autoAssign })}
        hint="To the available member with the lowest load per weight, for queues that auto-assign."
        errors={errorsFor(problem, 'autoAssign')}
      />
      <Toggle
        label="Re-route when priority, source, tags or requester change"
        checked={value.rerouteOnUpdate}
        onChange={(rerouteOnUpdate) => onChange({ ...value, rerouteOnUpdate })}
        errors={errorsFor(problem, 'rerouteOnUpdate')}
      />
      <SelectField
        label="Default queue"
        required
        value={value.defaultQueueId}
        empty={queues.loading ? 'Loading…' : 'Choose a queue…'}
        onChange={(defaultQueueId) => onChange({ ...value, defaultQueueId })}
        options={queues.queues.map((q) => ({ value: q.id, label: q.name }))}
        errors={errorsFor(problem, 'defaultQueueId')}
        hint="Tickets no rule or help topic places go here."
      />
    </>
  );
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

function timeZones(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

function PoliciesEditor({ value, onChange, problem }: EditorProps<'policies'>) {
  const id = useId();
  const [holiday, setHoliday] = useState('');
  const [zones] = useState(timeZones);
  const { tenantId } = useAdminTenant();
  const display = useTenantDisplay(tenantId);
  const aroundTheClock = value.businessHours.length === 0;
  const err = (field: string) => errorsFor(problem, field);

  function setDay(day: number, hours: { start: string; end: string } | null) {
    const others = value.businessHours.filter((h) => h.day !== day);
    const next = hours ? [...others, { day, ...hours }] : others;
    onChange({ ...value, businessHours: next.sort((a, b) => a.day - b.day || a.start.localeCompare(b.start)) });
  }

  const priorityKeys: Priority[] = ['urgent', 'high', 'medium', 'low'];
  return (
    <>
      <div className="form-grid">
        <SelectField label="Time zone" value={value.timeZone} onChange={(timeZone) => onChange({ ...value, timeZone })} options={zones.map((z) => ({ value: z, label: z }))} errors={err('timeZone')} />
        <NumberField
          label="Customer reopen window (days)"
          value={value.reopenWindowDays}
          min={0}
          max={365}
          onChange={(n) => onChange({ ...value, reopenWindowDays: n ?? Number.NaN })}
          errors={err('reopenWindowDays')}
        />
        <NumberField
          label="Close resolved tickets after (days)"
          value={value.autoCloseResolvedAfterDays}
          min={1}
          max={365}
          onChange={(n) => onChange({ ...value, autoCloseResolvedAfterDays: n ?? Number.NaN })}
          errors={err('autoCloseResolvedAfterDays')}
        />
      </div>
      <Toggle label="Pause SLA clocks while a ticket is pending" checked={value.pauseOnPending} onChange={(pauseOnPending) => onChange({ ...value, pauseOnPending })} errors={err('pauseOnPending')} />

      <fieldset>
        <legend>Business hours</legend>
        <Toggle
          label="Around the clock"
          checked={aroundTheClock}
          onChange={(on) =>
            onChange({ ...value, businessHours: on ? [] : [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })) })
          }
          hint={aroundTheClock ? 'SLA targets count every minute.' : 'SLA targets count only the hours below.'}
        />
        {!aroundTheClock ? (
          <table className="table table-compact week">
            <caption className="visually-hidden">Business hours per weekday</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Open</th>
                <th scope="col">From</th>
                <th scope="col">Until</th>
              </tr>
            </thead>
            <tbody>
              {WEEK_ORDER.map((day) => {
                const index = value.businessHours.findIndex((h) => h.day === day);
                const hours = value.businessHours[index];
                const dayErrors = index >= 0 ? err(`businessHours.${index}`) : [];
                return (
                  <tr key={day}>
                    <th scope="row">{WEEKDAYS[day]}</th>
                    <td>
                      <label className="toggle">
                        <input type="checkbox" role="switch" checked={!!hours} onChange={(e) => setDay(day, e.target.checked ? { start: '09:00', end: '17:00' } : null)} />
                        <span className="toggle-track" aria-hidden="true" />
                        <span className="visually-hidden">Open on {WEEKDAYS[day]}</span>
                      </label>
                    </td>
                    <td>
                      {hours ? (
                        <>
                          <label className="visually-hidden" htmlFor={`${id}-${day}-start`}>
                            {WEEKDAYS[day]} from
                          </label>
                          <input id={`${id}-${day}-start`} type="time" value={hours.start} aria-invalid={dayErrors.length > 0 || undefined} onChange={(e) => setDay(day, { start: e.target.value, end: hours.end })} />
                        </>
                      ) : (
                        <span className="muted">Closed</span>
                      )}
                    </td>
                    <td>
                      {hours ? (
                        <>
                          <label className="visually-hidden" htmlFor={`${id}-${day}-end`}>
                            {WEEKDAYS[day]} until
                          </label>
                          <input
                            id={`${id}-${day}-end`}
                            type="time"
                            value={hours.end === '24:00' ? '23:59' : hours.end}
                            aria-invalid={dayErrors.length > 0 || undefined}
                            onChange={(e) => setDay(day, { start: hours.start, end: e.target.value })}
                          />
                          <FieldError id={`${id}-${day}-error`} messages={dayErrors} />
                        </>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
        <FieldError id={`${id}-hours-error`} messages={err('businessHours').filter(() => !Object.keys(problem?.fields ?? {}).some((k) => /^businessHours\.\d/.test(k)))} />
      </fieldset>

      <fieldset>
        <legend>Holidays</legend>
        {value.holidays.length ? (
          <ul className="chip-list">
            {value.holidays.map((day, i) => (
              <li key={day} className={err(`holidays.${i}`).length ? 'invalid' : undefined}>
                <span className="tag">
                  {day}
                  <button type="button" className="tag-remove" aria-label={`Remove holiday ${day}`} onClick={() => onChange({ ...value, holidays: value.holidays.filter((d) => d !== day) })}>
                    ×
                  </button>
                </span>
                <FieldError id={`${id}-holiday-${i}`} messages={err(`holidays.${i}`)} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No holidays.</p>
        )}
        <div className="inline-add">
          <div className="field">
            <label htmlFor={`${id}-holiday`}>Add a holiday</label>
            <input id={`${id}-holiday`} type="date" value={holiday} onChange={(e) => setHoliday(e.target.value)} />
          </div>
          <button
            type="button"
            className="button button-small"
            disabled={!holiday || value.holidays.includes(holiday)}
            onClick={() => {
              onChange({ ...value, holidays: [...value.holidays, holiday].sort() });
              setHoliday('');
            }}
          >
            Add holiday
          </button>
        </div>
      </fieldset>

      <fieldset>
        <legend>SLA targets (business minutes)</legend>
        <table className="table table-compact">
          <caption className="visually-hidden">SLA targets per priority</caption>
          <thead>
            <tr>
              <th scope="col">Priority</th>
              <th scope="col">First response</th>
              <th scope="col">Resolution</th>
            </tr>
          </thead>
          <tbody>
            {priorityKeys.map((p) => {
              const target = value.targets[p] ?? { firstResponseMinutes: 60, resolutionMinutes: 480 };
              const set = (change: Partial<typeof target>) => onChange({ ...value, targets: { ...value.targets, [p]: { ...target, ...change } } });
              return (
                <tr key={p}>
                  <th scope="row">{display.priorityLabel(p)}</th>
                  <td>
                    <NumberField label={`First response minutes for ${display.priorityLabel(p)}`} className="label-hidden" value={target.firstResponseMinutes} min={1} onChange={(n) => set({ firstResponseMinutes: n ?? Number.NaN })} errors={err(`targets.${p}.firstResponseMinutes`)} />
                  </td>
                  <td>
                    <NumberField label={`Resolution minutes for ${display.priorityLabel(p)}`} className="label-hidden" value={target.resolutionMinutes} min={1} onChange={(n) => set({ resolutionMinutes: n ?? Number.NaN })} errors={err(`targets.${p}.resolutionMinutes`)} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </fieldset>
    </>
  );
}

const skillLabels: Record<(typeof skills)[number], string> = {
  'support.create_ticket': 'Create a ticket',
  'support.get_ticket_status': 'Ticket status',
  'support.list_my_tickets': 'List my tickets',
};

function WhatsAppEditor({ value, onChange, problem }: EditorProps<'whatsapp'>) {
  const id = useId();
  const [phoneId, setPhoneId] = useState('');
  const err = (field: string) => errorsFor(problem, field);
  const menu = value.menu;
  const setMenu = (change: Partial<typeof menu>) => onChange({ ...value, menu: { ...menu, ...change } });
  // Rows: one per skill, in the skills' order.
  const rows = skills.map((skill) => ({ skill, index: menu.rows.findIndex((r) => r.skill === skill) }));
  useEffect(() => {
    if (rows.some((r) => r.index < 0)) setMenu({ rows: skills.map((skill) => menu.rows.find((r) => r.skill === skill) ?? { skill, title: skillLabels[skill].slice(0, 24) }) });
  }, []);
  const setRow = (index: number, change: { title?: string; description?: string }) =>
    setMenu({
      rows: menu.rows.map((r, i) => {
        if (i !== index) return r;
        const next = { ...r, ...change };
        if (next.description === '') delete next.description;
        return next;
      }),
    });

  return (
    <>
      <fieldset>
        <legend>Phone number ids</legend>
        <p className="hint">The WhatsApp Business phone number ids whose messages belong to this tenant. An id can belong to one tenant only.</p>
        {value.phoneNumberIds.length ? (
          <ul className="chip-list">
            {value.phoneNumberIds.map((pid, i) => (
              <li key={pid}>
                <span className="tag">
                  {pid}
                  <button type="button" className="tag-remove" aria-label={`Remove phone number id ${pid}`} onClick={() => onChange({ ...value, phoneNumberIds: value.phoneNumberIds.filter((p) => p !== pid) })}>
                    ×
                  </button>
                </span>
                <FieldError id={`${id}-pid-${i}`} messages={err(`phoneNumberIds.${i}`)} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">None: WhatsApp messages do not reach this tenant.</p>
        )}
        <div className="inline-add">
          <TextField label="Add a phone number id" value={phoneId} placeholder="100000001" onChange={(v) => setPhoneId(v.trim())} errors={phoneId && !/^\d{1,32}$/.test(phoneId) ? ['Digits only.'] : []} />
          <button
            type="button"
            className="button button-small"
            disabled={!/^\d{1,32}$/.test(phoneId) || value.phoneNumberIds.includes(phoneId)}
            onClick={() => {
              onChange({ ...value, phoneNumberIds: [...value.phoneNumberIds, phoneId] });
              setPhoneId('');
            }}
          >
            Add id
          </button>
        </div>
        <FieldError id={`${id}-pids`} messages={err('phoneNumberIds').filter(() => !Object.keys(problem?.fields ?? {}).some((k) => /^phoneNumberIds\.\d/.test(k)))} />
      </fieldset>

      <fieldset>
        <legend>Conversation menu</legend>
        <div className="form-grid">
          <TextField label="Header" value={menu.header ?? ''} maxLength={60} counter onChange={(header) => setMenu({ header: header || undefined })} errors={err('menu.header')} hint="Optional, up to 60 characters." />
          <TextField label="Button label" required value={menu.button} maxLength={20} counter onChange={(button) => setMenu({ button })} errors={err('menu.button')} />
        </div>
        <TextAreaField label="Body text" required rows={3} value={menu.body} maxLength={1024} counter onChange={(body) => setMenu({ body })} errors={err('menu.body')} />
        <table className="table table-compact">
          <caption>Menu rows, one per skill</caption>
          <thead>
            <tr>
              <th scope="col">Skill</th>
              <th scope="col">Row title (1–24)</th>
              <th scope="col">Description (up to 72)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ skill, index }) => {
              const row = menu.rows[index];
              if (!row) return null;
              return (
                <tr key={skill}>
                  <th scope="row">
                    {skillLabels[skill]}
                    <span className="muted small block">{skill}</span>
                  </th>
                  <td>
                    <TextField label={`Title of ${skillLabels[skill]}`} className="label-hidden" value={row.title} maxLength={24} counter onChange={(title) => setRow(index, { title })} errors={err(`menu.rows.${index}.title`)} />
                  </td>
                  <td>
                    <TextField
                      label={`Description of ${skillLabels[skill]}`}
                      className="label-hidden"
                      value={row.description ?? ''}
                      maxLength={72}
                      counter
                      onChange={(description) => setRow(index, { description })}
                      errors={err(`menu.rows.${index}.description`)}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </fieldset>
    </>
  );
}
