import { httpHandler } from '../../../functions/lib/http.ts';
import { AppError } from '../../../shared/platform/errors.ts';
import { currentRuntime } from '../current.ts';

// Runs a scheduled job now; answers once it and the events it caused are handled.
export const handler = httpHandler({}, async ({ params }) => {
  const runtime = currentRuntime();
  const name = params.name ?? '';
  if (!runtime.scheduler.has(name)) throw new AppError('not_found', `No schedule named ${name}`);
  const result = await runtime.scheduler.run(name, runtime.clock.now());
  return { status: 200, body: { name, result: result ?? null } };
});
