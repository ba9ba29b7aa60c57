// Attachments: checked in the browser first (size, type), then `POST …/attachments` for a signed URL
// and a `PUT` of the file to it (XMLHttpRequest, for the progress bar).
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api, errorMessage } from './api.ts';
import { formatSize } from './format.ts';
import type { UploadTicket } from './types.ts';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export const ALLOWED_TYPES = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
  'text/csv',
  'application/zip',
  'application/msword',
];
const ALLOWED_PREFIXES = ['application/vnd.openxmlformats-officedocument.'];

/** For the file input's `accept`: the same list. */
export const ACCEPT = [...ALLOWED_TYPES, '.docx', '.xlsx', '.pptx'].join(',');

export function checkFile(file: { name: string; size: number; type: string }): string | null {
  const problems: string[] = [];
  if (file.size > MAX_ATTACHMENT_BYTES) {
    problems.push(`${file.name} is ${formatSize(file.size)}; the limit is ${formatSize(MAX_ATTACHMENT_BYTES)}.`);
  }
  const type = file.type.toLowerCase();
  if (!ALLOWED_TYPES.includes(type) && !ALLOWED_PREFIXES.some((prefix) => type.startsWith(prefix))) {
    problems.push(`${file.name}: files of type ${type || 'unknown'} cannot be attached (images, PDF, text, CSV, ZIP and Office documents can).`);
  }
  return problems.length ? problems.join(' ') : null;
}

export type Upload = {
  key: string;
  file: File;
  status: 'invalid' | 'uploading' | 'done' | 'error';
  /** 0–100 */
  progress: number;
  error?: string;
  attachmentId?: string;
};

function putFile(url: string, file: File, onProgress: (percent: number) => void, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    xhr.setRequestHeader('Content-Type', file.type);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve();
      let message = `The upload failed (HTTP ${xhr.status}).`;
      try {
        const body = JSON.parse(xhr.responseText) as { error?: { message?: string } };
        if (body.error?.message) message = body.error.message;
      } catch {
        // not JSON (S3 answers XML): keep the status line
      }
      reject(new ApiError(xhr.status, 'upload_failed', message));
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'The upload was interrupted. Check your connection and try again.'));
    xhr.onabort = () => reject(new DOMException('Upload cancelled', 'AbortError'));
    signal.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

let sequence = 0;

/**
 * The attachments of one form. `endpoint` is where upload URLs come from
 * (`/api/tenants/{t}/attachments` or `/api/my/attachments`); null while there is none (no tenant yet).
 */
export function useUploads(endpoint: string | null) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const controllers = useRef(new Map<string, AbortController>());

  const update = useCallback((key: string, change: Partial<Upload>) => {
    setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));
  }, []);

  const start = useCallback(
    async (key: string, file: File) => {
      if (!endpoint) return;
      const controller = new AbortController();
      controllers.current.set(key, controller);
      try {
        const ticket = await api.post<UploadTicket>(endpoint, { fileName: file.name, contentType: file.type, size: file.size }, { signal: controller.signal });
        await putFile(ticket.uploadUrl, file, (progress) => update(key, { progress }), controller.signal);
        update(key, { status: 'done', progress: 100, attachmentId: ticket.attachmentId });
      } catch (err) {
        if (controller.signal.aborted) return;
        update(key, { status: 'error', error: errorMessage(err) });
      } finally {
        controllers.current.delete(key);
      }
    },
    [endpoint, update],
  );

  const add = useCallback(
    (files: FileList | File[]) => {
      const added: Upload[] = [...files].map((file) => {
        const problem = checkFile(file);
        sequence += 1;
        return problem
          ? { key: `u${sequence}`, file, status: 'invalid', progress: 0, error: problem }
          : { key: `u${sequence}`, file, status: 'uploading', progress: 0 };
      });
      setUploads((list) => [...list, ...added]);
      for (const upload of added) if (upload.status === 'uploading') void start(upload.key, upload.file);
    },
    [start],
  );

  const retry = useCallback(
    (key: string) => {
      const upload = uploads.find((u) => u.key === key);
      if (!upload || upload.status !== 'error') return;
      update(key, { status: 'uploading', progress: 0, error: undefined });
      void start(key, upload.file);
    },
    [uploads, start, update],
  );

  const remove = useCallback((key: string) => {
    controllers.current.get(key)?.abort();
    setUploads((list) => list.filter((u) => u.key !== key));
  }, []);

  const clear = useCallback(() => {
    for (const controller of controllers.current.values()) controller.abort();
    setUploads([]);
  }, []);

  // Leaving the page cancels uploads in flight.
  useEffect(() => {
    const inFlight = controllers.current;
    return () => {
      for (const controller of inFlight.values()) controller.abort();
    };
  }, []);

  const attachmentIds = uploads.flatMap((u) => (u.status === 'done' && u.attachmentId ? [u.attachmentId] : []));
  const busy = uploads.some((u) => u.status === 'uploading');
  return { uploads, add, remove, retry, clear, attachmentIds, busy };
}

export type UploadsState = ReturnType<typeof useUploads>;
