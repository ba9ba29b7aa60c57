// Writes of configuration (SPEC §4): a PUT takes what the GET returned, edited — read-only fields
// are dropped, unknown ones refused by the strict schema — and If-Match, when sent, must match.
import * as z from 'zod';
import { AppError } from './errors.ts';

export const READ_ONLY_FIELDS = ['id', 'version', 'createdAt', 'updatedAt'] as const;

/** The schema of a PUT body: `schema` after dropping the read-only fields (and `alsoIgnored`). */
export function putBody<S extends z.ZodType>(schema: S, alsoIgnored: readonly string[] = []) {
  const ignored = new Set<string>([...READ_ONLY_FIELDS, ...alsoIgnored]);
  return z.preprocess((value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    return Object.fromEntries(Object.entries(value).filter(([k]) => !ignored.has(k)));
  }, schema);
}

/** SPEC's 409 on a version: `details` name the current one. */
export const versionConflict = (current: number, what = 'It'): AppError =>
  new AppError('conflict', `${what} was changed by someone else meanwhile`, [{ field: 'version', current }]);

/** Configuration honours If-Match when sent: a stale version is a 409 naming the current one. */
export function checkVersion(ifMatch: number | undefined, current: number): void {
  if (ifMatch !== undefined && ifMatch !== current) throw versionConflict(current);
}
