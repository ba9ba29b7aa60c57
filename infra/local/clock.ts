import type { Clock } from '../../shared/platform/ports.ts';

/** Product time: wall time plus an offset that POST /dev/clock moves forward. */
export type MovableClock = Clock & { advance(minutes: number): Date; offsetMs(): number };

export function createMovableClock(initialOffsetMs = 0): MovableClock {
  let offset = initialOffsetMs;
  return {
    now: () => new Date(Date.now() + offset),
    advance(minutes) {
      offset += minutes * 60_000;
      return new Date(Date.now() + offset);
    },
    offsetMs: () => offset,
  };
}
