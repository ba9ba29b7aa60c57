// Domain errors and their one mapping to HTTP (SPEC §4 error shape).
export const errorStatus = {
  bad_request: 400,
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  precondition_required: 428,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export type ErrorDetail = { field: string; code?: string; message?: string; [extra: string]: unknown };

export type ErrorBody = { error: { code: ErrorCode; message: string; details?: ErrorDetail[] } };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: ErrorDetail[];

  constructor(code: ErrorCode, message: string, details?: ErrorDetail[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }
}

export const isAppError = (err: unknown): err is AppError => err instanceof AppError;

/** Zod issues → SPEC details, one per bad field (`requester.email`). */
export function detailsFromIssues(
  issues: readonly { path: readonly PropertyKey[]; code: string; message: string; keys?: readonly string[] }[],
  prefix?: string,
): ErrorDetail[] {
  const name = (path: readonly PropertyKey[]) => [prefix, path.map(String).join('.')].filter(Boolean).join('.') || 'body';
  return issues.flatMap((issue) =>
    // Unknown fields are named one by one, so the caller sees which to drop.
    issue.code === 'unrecognized_keys' && issue.keys?.length
      ? issue.keys.map((key) => ({ field: name([...issue.path, key]), code: 'unrecognized_key', message: 'Unknown field' }))
      : [{ field: name(issue.path), code: issue.code, message: issue.message }],
  );
}

/**
 * The HTTP answer for any thrown value. Unknown errors become a 500 that reveals nothing but the
 * correlation id, which the caller can quote and the logs carry.
 */
export function toHttpError(err: unknown, correlationId: string): { status: number; body: ErrorBody } {
  if (isAppError(err)) {
    const body: ErrorBody = { error: { code: err.code, message: err.message } };
    if (err.details?.length) body.error.details = err.details;
    return { status: errorStatus[err.code], body };
  }
  return {
    status: 500,
    body: { error: { code: 'internal', message: `Internal error (correlation id ${correlationId})` } },
  };
}
