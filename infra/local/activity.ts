// Counts work in flight (event deliveries, queue messages, scheduled runs) so /dev/idle can answer
// once everything a request caused has been handled.
export type Activity = {
  track<T>(work: () => Promise<T>): Promise<T>;
  /** Resolves once nothing is in flight, including work started by work in flight. */
  idle(): Promise<void>;
  readonly inFlight: number;
};

export function createActivity(): Activity {
  let inFlight = 0;
  let waiters: (() => void)[] = [];
  const settle = () => {
    // A macrotask later, so work scheduled by the work that just ended is counted first.
    setTimeout(() => {
      if (inFlight !== 0) return;
      const ready = waiters;
      waiters = [];
      ready.forEach((resolve) => resolve());
    }, 0);
  };
  return {
    async track(work) {
      inFlight++;
      try {
        return await work();
      } finally {
        inFlight--;
        if (inFlight === 0) settle();
      }
    },
    idle() {
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        if (inFlight === 0) settle();
      });
    },
    get inFlight() {
      return inFlight;
    },
  };
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
