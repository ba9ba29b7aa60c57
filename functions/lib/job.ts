// Scheduled jobs and event targets share the runtime's deps and log failures with context.
import middy from '@middy/core';
import type { Deps } from './deps.ts';
import { getDeps } from './deps.ts';

export function jobHandler<E, R>(name: string, fn: (event: E, deps: Deps) => Promise<R>) {
  return middy<E, R>().handler(async (event) => {
    const deps = await getDeps();
    try {
      return await fn(event, deps);
    } catch (err) {
      deps.logger.error(`${name} failed`, { error: err as Error });
      throw err;
    }
  });
}
