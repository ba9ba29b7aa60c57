// Runs the declared schedules on a wall-clock timer, and on demand for POST /dev/schedules/{name}/run.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ScheduledEvent } from 'aws-lambda';
import type { ScheduleDecl } from '../../shared/system/schedules.ts';
import type { Activity } from './activity.ts';

export type LocalScheduler = {
  has(name: string): boolean;
  /** Runs the job now and answers once it, and everything it caused, is handled. */
  run(name: string, now: Date): Promise<unknown>;
  start(now: () => Date): void;
  stop(): void;
};

export function scheduledEvent(name: string, now: Date): ScheduledEvent {
  return {
    version: '0',
    id: `${name}-${now.getTime()}`,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '000000000000',
    time: now.toISOString(),
    region: 'local',
    resources: [`arn:aws:events:local:000000000000:rule/${name}`],
    detail: {},
  };
}

export function createScheduler(options: {
  schedules: readonly ScheduleDecl[];
  invoke: (module: string, event: unknown) => Promise<unknown>;
  activity: Activity;
  logger: Logger;
}): LocalScheduler {
  const byName = new Map(options.schedules.map((s) => [s.name, s]));
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<string>();

  async function runOnce(schedule: ScheduleDecl, now: Date): Promise<unknown> {
    return options.activity.track(() => options.invoke(schedule.handler, scheduledEvent(schedule.name, now)));
  }

  return {
    has: (name) => byName.has(name),
    async run(name, now) {
      const schedule = byName.get(name);
      if (!schedule) throw new Error(`No schedule named ${name}`);
      const result = await runOnce(schedule, now);
      await options.activity.idle();
      return result;
    },
    start(now) {
      for (const schedule of options.schedules) {
        const timer = setInterval(() => {
          // One run at a time per schedule, as a Lambda with reserved concurrency 1 would.
          if (running.has(schedule.name)) return;
          running.add(schedule.name);
          runOnce(schedule, now())
            .catch((err: unknown) => options.logger.error('Scheduled job failed', { schedule: schedule.name, error: err as Error }))
            .finally(() => running.delete(schedule.name));
        }, schedule.everyMinutes * 60_000);
        timer.unref();
        timers.push(timer);
      }
    },
    stop() {
      timers.splice(0).forEach(clearInterval);
    },
  };
}
