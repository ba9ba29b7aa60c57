// The runtime serving this process, for the local-only dev handlers (one runtime per process, as
// the clock is process-wide).
import type { LocalRuntime } from './runtime.ts';

let current: LocalRuntime | undefined;

export function setCurrentRuntime(runtime: LocalRuntime | undefined): void {
  current = runtime;
}

export function currentRuntime(): LocalRuntime {
  if (!current) throw new Error('No local runtime is running in this process');
  return current;
}

export const hasCurrentRuntime = (): boolean => current !== undefined;
