// Tags as chips: type and press Enter or a comma; Backspace in the empty box removes the last one.
import { useId, useState, type KeyboardEvent } from 'react';

const TAG = /^[a-z0-9_-]{1,40}$/;
export const MAX_TAGS = 20;

export function TagsInput(props: { label: string; value: string[]; onChange(tags: string[]): void; errors?: string[]; disabled?: boolean; id?: string }) {
  const { label, value, onChange, errors = [], disabled = false } = props;
  const generated = useId();
  const id = props.id ?? generated;
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  /** Adds what is typed; answers false (and says why) when it can't. */
  function commit(text: string): boolean {
    const candidates = text
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean);
    if (candidates.length === 0) return true;
    const next = [...value];
    for (const tag of candidates) {
      if (!TAG.test(tag)) {
        setProblem(`"${tag}" is not a valid tag: use 1–40 letters, digits, "-" or "_".`);
        return false;
      }
      if (next.includes(tag)) continue;
      if (next.length >= MAX_TAGS) {
        setProblem(`At most ${MAX_TAGS} tags.`);
        return false;
      }
      next.push(tag);
    }
    setProblem(null);
    onChange(next);
    return true;
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      if (commit(draft)) setDraft('');
    } else if (event.key === 'Backspace' && draft === '' && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  }

  const messages = [...(problem ? [problem] : []), ...errors];
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className={`tags-input ${disabled ? 'is-disabled' : ''}`}>
        {value.map((tag) => (
          <span key={tag} className="tag tag-removable">
            {tag}
            <button type="button" className="tag-remove" aria-label={`Remove tag ${tag}`} disabled={disabled} onClick={() => onChange(value.filter((t) => t !== tag))}>
              ×
            </button>
          </span>
        ))}
        <input
          id={id}
          type="text"
          value={draft}
          disabled={disabled}
          placeholder={value.length ? '' : 'Type a tag, then Enter or comma'}
          aria-describedby={messages.length ? `${id}-error` : `${id}-hint`}
          aria-invalid={messages.length > 0 || undefined}
          onChange={(e) => {
            const text = e.target.value;
            if (text.includes(',')) {
              const parts = text.split(',');
              const rest = parts.pop() ?? '';
              if (commit(parts.join(','))) setDraft(rest);
              else setDraft(text);
            } else setDraft(text);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => {
            if (draft && commit(draft)) setDraft('');
          }}
        />
      </div>
      {messages.length ? (
        <p id={`${id}-error`} className="field-error">
          {messages.join(' ')}
        </p>
      ) : (
        <p id={`${id}-hint`} className="hint">
          Lower-case letters, digits, "-" and "_"; up to {MAX_TAGS}.
        </p>
      )}
    </div>
  );
}
