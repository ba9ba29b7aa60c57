// Scheduled jobs (EventBridge Scheduler on AWS, a timer locally), read by both runtimes.
import type { Grants } from './grants.ts';

export type ScheduleDecl = {
  name: string;
  /** Handler module, relative to the repository root, without extension; exports `handler`. */
  handler: string;
  everyMinutes: number;
  grants: Grants;
  memoryMb: number;
  timeoutSeconds: number;
};

export const schedules: ScheduleDecl[] = [
  {
    // Republishes outbox events still owed after a minute; deletes expired idempotency records;
    // runs the data's backfills once after a deploy that needs them.
    name: 'housekeeping',
    handler: 'functions/schedules/housekeeping',
    everyMinutes: 1,
    grants: { table: 'backfill', bus: true },
    memoryMb: 256,
    timeoutSeconds: 60,
  },
  {
    // Marks and escalates SLA breaches; closes resolved tickets after the auto-close period.
    name: 'sla-sweep',
    handler: 'functions/schedules/sla-sweep',
    everyMinutes: 1,
    grants: { table: 'readwrite', bus: true },
    memoryMb: 256,
    timeoutSeconds: 60,
  },
];
