// Loading, empty and error states, and field errors from a 400's `details`.
import type { ReactNode } from 'react';
import { ApiError, errorMessage } from './api.ts';

export function Loading({ children = 'Loading…' }: { children?: ReactNode }) {
  return (
    <p role="status" className="state state-loading">
      <span className="spinner" aria-hidden="true" /> {children}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state state-empty">{children}</p>;
}

/** An API error's `error.message` (or any error's message), with an optional retry. */
export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null;
  return (
    <div role="alert" className="notice notice-error">
      <span>{typeof error === 'string' ? error : errorMessage(error)}</span>
      {onRetry ? (
        <button type="button" className="button button-small button-quiet" onClick={onRetry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export type FieldErrors = Record<string, string[]>;

/** `details` of a 400/422 keyed by field path (`requester.email`, `tags.2`). */
export function fieldErrorsOf(err: unknown): FieldErrors {
  const errors: FieldErrors = {};
  if (!(err instanceof ApiError)) return errors;
  for (const detail of err.details) {
    if (!detail.field) continue;
    const message = detail.message ?? detail.code ?? 'Invalid value';
    (errors[detail.field] ??= []).push(message);
  }
  return errors;
}

/** The messages for a field and its sub-paths (`tags` also collects `tags.3`). */
export function messagesFor(errors: FieldErrors, field: string): string[] {
  return Object.entries(errors)
    .filter(([key]) => key === field || key.startsWith(`${field}.`))
    .flatMap(([, messages]) => messages);
}

export function FieldError({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <p id={id} className="field-error">
      {messages.join(' ')}
    </p>
  );
}

/**
 * A control's label, with the required mark beside it rather than inside it, so the label (and the
 * control's accessible name) is the plain field name; `required` on the control says the rest.
 */
export function FieldLabel({ htmlFor, required = false, children }: { htmlFor: string; required?: boolean; children: ReactNode }) {
  return (
    <span className="label-line">
      <label htmlFor={htmlFor}>{children}</label>
      {required ? (
        <span className="required" aria-hidden="true">
          *
        </span>
      ) : null}
    </span>
  );
}
