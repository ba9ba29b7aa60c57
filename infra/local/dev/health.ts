import { httpHandler } from '../../../functions/lib/http.ts';
import { hasCurrentRuntime } from '../current.ts';

// 200 once the runtime is seeded and serving; 503 while it is still starting.
export const handler = httpHandler({}, async () =>
  hasCurrentRuntime() ? { status: 200, body: { status: 'ok' } } : { status: 503, body: { status: 'starting' } },
);
