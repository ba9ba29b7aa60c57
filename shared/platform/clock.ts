import { monotonicFactory } from 'ulid';
import type { Clock, Ids } from './ports.ts';

export const systemClock: Clock = { now: () => new Date() };

/** ULIDs: unique and sortable by creation. */
export function createIds(): Ids {
  const next = monotonicFactory();
  return { next: () => next() };
}
