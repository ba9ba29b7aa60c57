import * as z from 'zod';
import { httpHandler } from '../../../functions/lib/http.ts';
import { currentRuntime } from '../current.ts';

const body = z.strictObject({ advanceMinutes: z.number().int().min(0).max(525_600) });

// Moves product time forward (never token expiry, which is wall time).
export const handler = httpHandler({ body }, async ({ body }) => {
  const now = currentRuntime().clock.advance(body.advanceMinutes);
  return { status: 200, body: { now: now.toISOString() } };
});
