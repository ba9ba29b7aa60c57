// Building blocks of the admin screens: the tenant being configured, labelled controls that show
// the API's field errors, zod validation like the API's, the 409 "reload" notice, confirmations.
import { createContext, useCallback, useContext, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type * as z from 'zod';
import { ApiError, api } from '../common/api.ts';
import { ErrorMessage, FieldError, FieldLabel, fieldErrorsOf, messagesFor, type FieldErrors } from '../common/feedback.tsx';
import type { Page } from '../common/types.ts';

export const AdminTenantContext = createContext<string | null>(null);

/** The tenant the admin screens configure (the switcher in the admin header). */
export function useAdminTenant(): { tenantId: string; base: string } {
  const tenantId = useContext(AdminTenantContext);
  if (!tenantId) throw new Error('useAdminTenant() needs the admin layout above it');
  return { tenantId, base: `/api/tenants/${encodeURIComponent(tenantId)}` };
}

/** Issues of a zod schema as field errors, with the API's paths (`members.0.priorityWeight`). */
export function zodFieldErrors(schema: z.ZodType, value: unknown, prefix = ''): FieldErrors {
  const result = schema.safeParse(value);
  if (result.success) return {};
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || 'body';
    (errors[field] ??= []).push(issue.message);
  }
  return errors;
}

/** What a failed save means for the form: field errors, a version conflict, or a plain error. */
export type SaveProblem = { fields: FieldErrors; conflict: boolean; error: unknown } | null;

export function problemOf(err: unknown, prefixes: string[] = []): SaveProblem {
  const fields = fieldErrorsOf(err);
  // A body that is a list (members) may come back as `0.role` or `body.0.role`: name them as the form does.
  for (const [key, messages] of Object.entries(fields)) {
    for (const prefix of prefixes) {
      if (/^\d/.test(key)) (fields[`${prefix}.${key}`] ??= []).push(...messages);
      if (key.startsWith('body.')) (fields[`${prefix}.${key.slice(5)}`] ??= []).push(...messages);
    }
  }
  const conflict = err instanceof ApiError && err.status === 409 && err.details.some((d) => d.field === 'version' || 'current' in d);
  return { fields, conflict, error: err };
}

export const errorsFor = (problem: SaveProblem, field: string): string[] => (problem ? messagesFor(problem.fields, field) : []);

/** A 409 on a version: say so and offer the fresh copy; any other failure: its message. */
export function SaveFailure({ problem, onReload, what = 'this item' }: { problem: SaveProblem; onReload?: () => void; what?: string }) {
  if (!problem) return null;
  if (problem.conflict) {
    return (
      <div role="alert" className="notice notice-warning">
        <span>Someone else changed {what} since you opened it. Reload to see the latest version, then make your change again.</span>
        {onReload ? (
          <button type="button" className="button button-small" onClick={onReload}>
            Reload
          </button>
        ) : null}
      </div>
    );
  }
  const unnamed = problem.error instanceof ApiError && problem.error.details.length > 0 && Object.keys(problem.fields).length > 0;
  return <ErrorMessage error={unnamed ? `${(problem.error as ApiError).message} (see the marked fields)` : problem.error} />;
}

type Base = { label: string; errors?: string[]; hint?: ReactNode; required?: boolean; disabled?: boolean; className?: string };

function useFieldIds(errors: string[], hint: ReactNode) {
  const id = useId();
  const describedBy = errors.length ? `${id}-error` : hint ? `${id}-hint` : undefined;
  return { id, describedBy };
}

/** The id of a labelled control and the attributes every one of them carries. */
function useControl(errors: string[], hint: ReactNode, required?: boolean, disabled?: boolean) {
  const { id, describedBy } = useFieldIds(errors, hint);
  return { id, required, disabled, 'aria-invalid': errors.length > 0 || undefined, 'aria-describedby': describedBy };
}

function Hint({ id, hint, errors }: { id: string; hint: ReactNode; errors: string[] }) {
  if (errors.length) return <FieldError id={`${id}-error`} messages={errors} />;
  return hint ? (
    <p id={`${id}-hint`} className="hint">
      {hint}
    </p>
  ) : null;
}

/** What surrounds a labelled control: the label, an optional length counter, then its errors or hint. */
function FieldFrame(props: { id: string; label: string; required?: boolean; className?: string; hint: ReactNode; errors: string[]; count?: { length: number; max?: number; show?: boolean }; children: ReactNode }) {
  const { id, label, required, className, hint, errors, count, children } = props;
  return (
    <div className={`field ${className ?? ''}`}>
      <FieldLabel htmlFor={id} required={required}>
        {label}
      </FieldLabel>
      {children}
      {count?.show && count.max ? (
        <span className="hint counter" aria-hidden="true">
          {count.length}/{count.max}
        </span>
      ) : null}
      <Hint id={id} hint={hint} errors={errors} />
    </div>
  );
}

export function TextField(props: Base & { value: string; onChange(value: string): void; type?: 'text' | 'email' | 'tel' | 'search' | 'date' | 'time'; maxLength?: number; placeholder?: string; counter?: boolean }) {
  const { label, errors = [], hint, required, disabled, value, onChange, type = 'text', maxLength, placeholder, counter, className } = props;
  const control = useControl(errors, hint, required, disabled);
  return (
    <FieldFrame id={control.id} label={label} required={required} className={className} hint={hint} errors={errors} count={{ length: value.length, max: maxLength, show: counter }}>
      <input {...control} type={type} value={value} maxLength={maxLength} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
    </FieldFrame>
  );
}

export function TextAreaField(props: Base & { value: string; onChange(value: string): void; rows?: number; maxLength?: number; counter?: boolean }) {
  const { label, errors = [], hint, required, disabled, value, onChange, rows = 4, maxLength, counter, className } = props;
  const control = useControl(errors, hint, required, disabled);
  return (
    <FieldFrame id={control.id} label={label} required={required} className={className} hint={hint} errors={errors} count={{ length: value.length, max: maxLength, show: counter }}>
      <textarea {...control} rows={rows} value={value} maxLength={maxLength} onChange={(e) => onChange(e.target.value)} />
    </FieldFrame>
  );
}

/** A number input; an empty box is `null`. */
export function NumberField(props: Base & { value: number | null; onChange(value: number | null): void; min?: number; max?: number; step?: number }) {
  const { label, errors = [], hint, required, disabled, value, onChange, min, max, step = 1, className } = props;
  const control = useControl(errors, hint, required, disabled);
  return (
    <FieldFrame id={control.id} label={label} required={required} className={`field-number ${className ?? ''}`} hint={hint} errors={errors}>
      <input
        {...control}
        type="number"
        inputMode="numeric"
        value={value ?? ''}
        min={min}
        max={max}
        step={step}
        onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
      />
    </FieldFrame>
  );
}

export type Option = { value: string; label: string };

export function SelectField(props: Base & { value: string; onChange(value: string): void; options: Option[]; empty?: string }) {
  const { label, errors = [], hint, required, disabled, value, onChange, options, empty, className } = props;
  const control = useControl(errors, hint, required, disabled);
  const known = value === '' || options.some((o) => o.value === value);
  return (
    <FieldFrame id={control.id} label={label} required={required} className={className} hint={hint} errors={errors}>
      <select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {known ? null : <option value={value}>{value} (missing)</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

/** A checkbox drawn as a switch; the label is its accessible name. */
export function Toggle(props: { label: string; checked: boolean; onChange(checked: boolean): void; disabled?: boolean; hint?: ReactNode; errors?: string[] }) {
  const { label, checked, onChange, disabled, hint, errors = [] } = props;
  const { id, describedBy } = useFieldIds(errors, hint);
  return (
    <div className="field field-toggle">
      <label className="toggle" htmlFor={id}>
        <input id={id} type="checkbox" role="switch" checked={checked} disabled={disabled} aria-describedby={describedBy} onChange={(e) => onChange(e.target.checked)} />
        <span className="toggle-track" aria-hidden="true" />
        <span>{label}</span>
      </label>
      <Hint id={id} hint={hint} errors={errors} />
    </div>
  );
}

/**
 * A modal confirmation (native <dialog>: focus moves in, Escape cancels). `children` explain what
 * will happen; `busy` keeps it open while the action runs.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  error?: unknown;
  onConfirm(): void;
  onCancel(): void;
  children?: ReactNode;
}) {
  const { open, title, confirmLabel, danger, busy, error, onConfirm, onCancel, children } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onCancel();
      }}
    >
      {open ? (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            onConfirm();
          }}
        >
          <h2 id={`${id}-title`} className="dialog-title">
            {title}
          </h2>
          <div className="dialog-body">{children}</div>
          {error ? <ErrorMessage error={error} /> : null}
          <div className="actions">
            <button type="submit" className={`button ${danger ? 'button-danger' : ''}`} disabled={busy}>
              {busy ? 'Working…' : confirmLabel}
            </button>
            <button type="button" className="button button-quiet" onClick={onCancel} disabled={busy} autoFocus>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
    </dialog>
  );
}

/** `If-Match` for a versioned write. */
export const ifMatch = (version: number | undefined) => (version === undefined ? undefined : { 'If-Match': String(version) });

/** POST a new item, or PUT over an existing one with its version as `If-Match`. */
export const upsert = <T,>(path: string, existing: { version: number } | undefined, body: unknown): Promise<T> =>
  existing ? api.put<T>(path, body, { headers: ifMatch(existing.version) }) : api.post<T>(path, body);

/**
 * An editor's save: the local (zod) errors stop it with "Some fields need your attention."; else
 * `write` runs and its answer goes to `done`, a failure becomes the `problem`; `saving` meanwhile.
 */
export function useSave() {
  const [problem, setProblem] = useState<SaveProblem>(null);
  const [saving, setSaving] = useState(false);
  async function save<T>(local: FieldErrors, write: () => Promise<T>, done: (saved: T) => void) {
    if (Object.keys(local).length) {
      setProblem({ fields: local, conflict: false, error: 'Some fields need your attention.' });
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      done(await write());
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setSaving(false);
    }
  }
  return { problem, setProblem, saving, save };
}

/**
 * Deleting a versioned item after a confirmation: `ask(item)` opens the dialog, `dialog` is what
 * <ConfirmDialog> needs (DELETE `pathOf(item)` with `If-Match`, busy, the error, cancel).
 * `done(item)` runs once it is gone.
 */
export function useDelete<T extends { version: number }>(pathOf: (item: T) => string, done: (item: T) => void) {
  const [target, setTarget] = useState<T | null>(null);
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  async function remove() {
    if (!target) return;
    setState({ busy: true, error: null });
    try {
      await api.delete(pathOf(target), { headers: ifMatch(target.version) });
      setTarget(null);
      setState({ busy: false, error: null });
      done(target);
    } catch (error) {
      setState({ busy: false, error });
    }
  }
  const dialog = {
    open: target !== null,
    busy: state.busy,
    error: state.error,
    onConfirm: () => void remove(),
    onCancel: () => {
      setTarget(null);
      setState({ busy: false, error: null });
    },
  };
  return { target, ask: setTarget, dialog };
}

type CursorListState<T> = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'ready'; items: T[]; nextCursor?: string | null; more: 'idle' | 'loading' | { error: unknown } };

/**
 * A list read 25 at a time (`?limit=25&…&cursor=`): the first page for `path` and `filters` (empty
 * ones left out), then "load more"; `refresh` starts again.
 */
export function useCursorList<T>(path: string, filters: Record<string, string> = {}) {
  const [attempt, setAttempt] = useState(0);
  const [list, setList] = useState<{ key: string; state: CursorListState<T> } | null>(null);
  const pagePath = (cursor?: string) => {
    const params = new URLSearchParams({ limit: '25' });
    for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
    if (cursor) params.set('cursor', cursor);
    return `${path}?${params.toString()}`;
  };
  const first = pagePath();
  const key = `${first}#${attempt}`;

  useEffect(() => {
    const controller = new AbortController();
    api.get<Page<T>>(first, { signal: controller.signal }).then(
      (page) => setList({ key, state: { status: 'ready', items: page.items, nextCursor: page.nextCursor, more: 'idle' } }),
      (error: unknown) => {
        if (!controller.signal.aborted) setList({ key, state: { status: 'error', error } });
      },
    );
    return () => controller.abort();
  }, [first, key]);

  const state: CursorListState<T> = list?.key === key ? list.state : { status: 'loading' };

  async function loadMore() {
    if (state.status !== 'ready' || !state.nextCursor) return;
    setList({ key, state: { ...state, more: 'loading' } });
    try {
      const page = await api.get<Page<T>>(pagePath(state.nextCursor));
      setList((current) =>
        current?.key === key && current.state.status === 'ready'
          ? { key, state: { status: 'ready', items: [...current.state.items, ...page.items], nextCursor: page.nextCursor, more: 'idle' } }
          : current,
      );
    } catch (error) {
      setList((current) => (current?.key === key && current.state.status === 'ready' ? { key, state: { ...current.state, more: { error } } } : current));
    }
  }

  const refresh = useCallback(() => setAttempt((n) => n + 1), []);
  return { state, loadMore, refresh };
}

/** Under a cursor list: the "load more" failure, and the button while there is more (else `end`). */
export function LoadMoreFooter({ state, loadMore, end = null }: { state: CursorListState<unknown>; loadMore(): Promise<void>; end?: ReactNode }) {
  if (state.status !== 'ready') return null;
  return (
    <div className="list-footer">
      {state.more !== 'idle' && state.more !== 'loading' ? <ErrorMessage error={state.more.error} onRetry={() => void loadMore()} /> : null}
      {state.nextCursor ? (
        <button type="button" className="button button-quiet" onClick={() => void loadMore()} disabled={state.more === 'loading'}>
          {state.more === 'loading' ? 'Loading…' : 'Load more'}
        </button>
      ) : (
        end
      )}
    </div>
  );
}

/** Drops the read-only fields a response carries (SPEC §4: a PUT ignores them anyway). */
export function writable<T extends object>(value: T): Omit<T, 'version' | 'createdAt' | 'updatedAt'> {
  const { version: _v, createdAt: _c, updatedAt: _u, ...rest } = value as T & { version?: unknown; createdAt?: unknown; updatedAt?: unknown };
  return rest;
}

export const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);

/** An error's `details` messages for one field (and its sub-paths). */
export const fieldsOnly = (err: unknown, field: string): string[] => messagesFor(fieldErrorsOf(err), field);
