// Opaque list cursors: the position as base64url JSON with a digest over it, so a cursor that was
// edited (or cut, or made up) is refused rather than followed. The position is only ever checked
// against the caller's own scope, so the digest guards integrity, not secrecy.
import { createHash } from 'node:crypto';

const digest = (body: string): string => createHash('sha256').update(`sd-cursor:${body}`).digest('base64url').slice(0, 16);

export function sealCursor(position: unknown): string {
  const body = Buffer.from(JSON.stringify(position)).toString('base64url');
  return `${body}.${digest(body)}`;
}

/** The position sealed in the cursor, or undefined when it is not one this service made intact. */
export function openCursor(cursor: string): unknown {
  const [body, mac, ...rest] = cursor.split('.');
  if (!body || !mac || rest.length || digest(body) !== mac) return undefined;
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
