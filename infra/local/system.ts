// What a runtime runs: the declarations of shared/system. The product passes its own; the
// runtime's tests pass fixtures.
import { eventRules, type EventRule } from '../../shared/system/events.ts';
import { queues, type QueueDecl } from '../../shared/system/queues.ts';
import { notFoundHandler, routes, type RouteDecl } from '../../shared/system/routes.ts';
import { schedules, type ScheduleDecl } from '../../shared/system/schedules.ts';

export type SystemDecl = {
  routes: readonly RouteDecl[];
  notFoundHandler: string;
  eventRules: readonly EventRule[];
  schedules: readonly ScheduleDecl[];
  queues: readonly QueueDecl[];
};

export const productSystem: SystemDecl = { routes, notFoundHandler, eventRules, schedules, queues };
