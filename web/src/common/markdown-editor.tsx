// A markdown text area with a preview (rendered exactly as the thread will show it).
import { useId, useState } from 'react';
import { FieldLabel } from './feedback.tsx';
import { MarkdownView } from './markdown.tsx';

export function MarkdownEditor(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  errors?: string[];
  rows?: number;
  required?: boolean;
  disabled?: boolean;
  placeholder?: string;
  id?: string;
}) {
  const { label, value, onChange, errors = [], rows = 6, required = false, disabled = false, placeholder } = props;
  const generated = useId();
  const id = props.id ?? generated;
  const [preview, setPreview] = useState(false);
  return (
    <div className="field">
      <div className="field-label-row">
        <FieldLabel htmlFor={id} required={required}>
          {label}
        </FieldLabel>
        <button type="button" className="link-button" aria-pressed={preview} onClick={() => setPreview((p) => !p)}>
          {preview ? 'Edit' : 'Preview'}
        </button>
      </div>
      {preview ? (
        <div className="markdown-preview" aria-label={`${label} preview`} role="region">
          {value.trim() ? <MarkdownView>{value}</MarkdownView> : <p className="muted">Nothing to preview.</p>}
        </div>
      ) : (
        <textarea
          id={id}
          rows={rows}
          value={value}
          required={required}
          disabled={disabled}
          placeholder={placeholder}
          aria-invalid={errors.length > 0 || undefined}
          aria-describedby={errors.length ? `${id}-error` : `${id}-hint`}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      {errors.length ? (
        <p id={`${id}-error`} className="field-error">
          {errors.join(' ')}
        </p>
      ) : (
        <p id={`${id}-hint`} className="hint">
          Markdown: **bold**, _italic_, `code`, lists, [links](https://example.com).
        </p>
      )}
    </div>
  );
}
