// Building blocks of the admin screens: the tenant being configured, labelled controls that show
// the API's field errors, zod validation like the API's, the 409 "reload" notice, confirmations.
import { createContext, useContext, useEffect, useId, useRef, type ReactNode } from 'react';
import type * as z from 'zod';
import { ApiError } from '../common/api.ts';
import { ErrorMessage, FieldError, FieldLabel, fieldErrorsOf, messagesFor, type FieldErrors } from '../common/feedback.tsx';

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

function Hint({ id, hint, errors }: { id: string; hint: ReactNode; errors: string[] }) {
  if (errors.length) return <FieldError id={`${id}-error`} messages={errors} />;
  return hint ? (
    <p id={`${id}-hint`} className="hint">
      {hint}
    </p>
  ) : null;
}

export function TextField(props: Base & { value: string; onChange(value: string): void; type?: 'text' | 'email' | 'tel' | 'search' | 'date' | 'time'; maxLength?: number; placeholder?: string; counter?: boolean }) {
  const { label, errors = [], hint, required, disabled, value, onChange, type = 'text', maxLength, placeholder, counter, className } = props;
  const { id, describedBy } = useFieldIds(errors, hint);
  return (
    <div className={`field ${className ?? ''}`}>
      <FieldLabel htmlFor={id} required={required}>
        {label}
      </FieldLabel>
      <input
        id={id}
        type={type}
        value={value}
        required={required}
        disabled={disabled}
        maxLength={maxLength}
        placeholder={placeholder}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
      {counter && maxLength ? (
        <span className="hint counter" aria-hidden="true">
          {value.length}/{maxLength}
        </span>
      ) : null}
      <Hint id={id} hint={hint} errors={errors} />
    </div>
  );
}

export function TextAreaField(props: Base & { value: string; onChange(value: string): void; rows?: number; maxLength?: number; counter?: boolean }) {
  const { label, errors = [], hint, required, disabled, value, onChange, rows = 4, maxLength, counter, className } = props;
  const { id, describedBy } = useFieldIds(errors, hint);
  return (
    <div className={`field ${className ?? ''}`}>
      <FieldLabel htmlFor={id} required={required}>
        {label}
      </FieldLabel>
      <textarea
        id={id}
        rows={rows}
        value={value}
        required={required}
        disabled={disabled}
        maxLength={maxLength}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      />
      {counter && maxLength ? (
        <span className="hint counter" aria-hidden="true">
          {value.length}/{maxLength}
        </span>
      ) : null}
      <Hint id={id} hint={hint} errors={errors} />
    </div>
  );
}

/** A number input; an empty box is `null`. */
export function NumberField(props: Base & { value: number | null; onChange(value: number | null): void; min?: number; max?: number; step?: number }) {
  const { label, errors = [], hint, required, disabled, value, onChange, min, max, step = 1, className } = props;
  const { id, describedBy } = useFieldIds(errors, hint);
  return (
    <div className={`field field-number ${className ?? ''}`}>
      <FieldLabel htmlFor={id} required={required}>
        {label}
      </FieldLabel>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        value={value ?? ''}
        min={min}
        max={max}
        step={step}
        required={required}
        disabled={disabled}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
      />
      <Hint id={id} hint={hint} errors={errors} />
    </div>
  );
}

export type Option = { value: string; label: string };

export function SelectField(props: Base & { value: string; onChange(value: string): void; options: Option[]; empty?: string }) {
  const { label, errors = [], hint, required, disabled, value, onChange, options, empty, className } = props;
  const { id, describedBy } = useFieldIds(errors, hint);
  const known = value === '' || options.some((o) => o.value === value);
  return (
    <div className={`field ${className ?? ''}`}>
      <FieldLabel htmlFor={id} required={required}>
        {label}
      </FieldLabel>
      <select
        id={id}
        value={value}
        required={required}
        disabled={disabled}
        aria-invalid={errors.length > 0 || undefined}
        aria-describedby={describedBy}
        onChange={(e) => onChange(e.target.value)}
      >
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {known ? null : <option value={value}>{value} (missing)</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Hint id={id} hint={hint} errors={errors} />
    </div>
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
