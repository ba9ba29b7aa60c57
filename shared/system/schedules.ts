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
    // Republishes outbox events still owed after a minute; deletes expired idempotency records.
    name: 'housekeeping',
    handler: 'functions/schedules/housekeeping',
    everyMinutes: 1,
    grants: { table: 'readwrite', bus: true },
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
  {
    // Brings stored data up to the code's schema version once after a deploy that needs it (one
    // GetItem otherwise); the only function allowed to Scan, with Lambda's longest timeout.
    name: 'backfill',
    handler: 'functions/schedules/backfill',
    everyMinutes: 5,
    grants: { table: 'backfill' },
    memoryMb: 512,
    timeoutSeconds: 900,
  },
];
