// The one HTTP client of the web app: JSON in and out, the bearer token, the SPEC §4 error shape,
// and the rule that a 401 ends the session.
import type { ErrorBody, ErrorDetail } from '../../../shared/platform/errors.ts';
import { clearToken, readToken } from './token.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];

  constructor(status: number, code: string, message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export const errorMessage = (err: unknown): string =>
  err instanceof Error && err.message ? err.message : 'Something went wrong. Please try again.';

const expiredListeners = new Set<() => void>();

/** Called whenever an authenticated request answers 401 (the token is already dropped by then). */
export function onSessionExpired(listener: () => void): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Send the stored token, and treat a 401 as the end of the session (default true). */
  auth?: boolean;
};

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, signal, auth = true } = options;
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = auth ? readToken() : null;
  if (token) headers.Authorization = `Bearer ${token}`;

  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, 'network_error', 'Cannot reach the Service Desk server. Check your connection and try again.');
  }

  const isJson = (response.headers.get('content-type') ?? '').includes('json');
  const payload: unknown = isJson ? await response.json().catch(() => undefined) : undefined;
  // Aborted while the body was being read: the caller gave up, it must not see a half answer.
  if (signal?.aborted) throw signal.reason ?? new DOMException('The request was aborted', 'AbortError');

  if (response.ok) {
    if (response.status === 204) return undefined as T;
    if (!isJson || payload === undefined) {
      throw new ApiError(response.status, 'unexpected_response', `The server answered ${path} with something other than JSON.`);
    }
    return payload as T;
  }

  if (response.status === 401 && auth) {
    clearToken();
    for (const listener of [...expiredListeners]) listener();
  }
  throw toApiError(response.status, payload);
}

function toApiError(status: number, payload: unknown): ApiError {
  const error = (payload as Partial<ErrorBody> | undefined)?.error;
  if (error && typeof error.message === 'string') {
    return new ApiError(status, String(error.code), error.message, Array.isArray(error.details) ? error.details : []);
  }
  return new ApiError(status, `http_${status}`, `The server answered with an error (HTTP ${status}).`);
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) => request<T>(path, options),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'POST', body }),
  put: <T>(path: string, body: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'PUT', body }),
  patch: <T>(path: string, body: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'PATCH', body }),
  delete: <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    request<T>(path, { ...options, method: 'DELETE' }),
};
