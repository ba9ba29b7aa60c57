// The attachment field of a form (pick, check, upload with progress) and the list of a ticket's files.
import { useId, useRef } from 'react';
import { formatSize } from './format.ts';
import type { Attachment } from './types.ts';
import { ACCEPT, MAX_ATTACHMENT_BYTES, type UploadsState } from './uploads.ts';

export function AttachmentField({ uploads, label = 'Attachments', disabled = false, errors = [] }: { uploads: UploadsState; label?: string; disabled?: boolean; errors?: string[] }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        ref={input}
        id={id}
        type="file"
        multiple
        accept={ACCEPT}
        disabled={disabled}
        aria-describedby={`${id}-hint${errors.length ? ` ${id}-error` : ''}`}
        onChange={(event) => {
          if (event.target.files?.length) uploads.add(event.target.files);
          event.target.value = ''; // choosing the same file again adds it again
        }}
      />
      <p id={`${id}-hint`} className="hint">
        Up to {formatSize(MAX_ATTACHMENT_BYTES)} each: images, PDF, text, CSV, ZIP, Word and other Office documents.
      </p>
      {errors.length ? (
        <p id={`${id}-error`} className="field-error">
          {errors.join(' ')}
        </p>
      ) : null}
      {uploads.uploads.length ? (
        <ul className="upload-list" aria-label="Files to attach">
          {uploads.uploads.map((upload) => (
            <li key={upload.key} className={`upload upload-${upload.status}`}>
              <span className="upload-name">
                {upload.file.name} <span className="muted">({formatSize(upload.file.size)})</span>
              </span>
              {upload.status === 'uploading' ? (
                <progress max={100} value={upload.progress} aria-label={`Uploading ${upload.file.name}`}>
                  {upload.progress}%
                </progress>
              ) : null}
              {upload.status === 'done' ? <span className="upload-state">Uploaded</span> : null}
              {upload.error ? (
                <span className="field-error" role="alert">
                  {upload.error}
                </span>
              ) : null}
              <span className="upload-actions">
                {upload.status === 'error' ? (
                  <button type="button" className="button button-small button-quiet" onClick={() => uploads.retry(upload.key)}>
                    Retry
                  </button>
                ) : null}
                <button type="button" className="button button-small button-quiet" onClick={() => uploads.remove(upload.key)} aria-label={`Remove ${upload.file.name}`}>
                  Remove
                </button>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function AttachmentList({ attachments, label = 'Attachments' }: { attachments: Attachment[]; label?: string }) {
  if (attachments.length === 0) return null;
  return (
    <ul className="attachment-list" aria-label={label}>
      {attachments.map((a) => (
        <li key={a.id}>
          <a href={a.downloadUrl} target="_blank" rel="noreferrer" download={a.fileName}>
            {a.fileName}
          </a>{' '}
          <span className="muted">{formatSize(a.size)}</span>
        </li>
      ))}
    </ul>
  );
}
