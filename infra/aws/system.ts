// What the AWS app deploys: the declarations of shared/system, as a parameter. The product passes
// its own (`productApp`); the infra tests pass fixtures (an event rule, a queue) to prove the loops
// work before the product declares any.
//
// From the declarations this module derives the Lambda functions to build — one per function group
// of routes, one per event rule, schedule and queue — each with its handler modules and grants.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventRule } from '../../shared/system/events.ts';
import type { FunctionGroup, Grants } from '../../shared/system/grants.ts';
import type { QueueDecl } from '../../shared/system/queues.ts';
import { functionGroups, notFoundGroup } from '../../shared/system/routes.ts';
import type { ScheduleDecl } from '../../shared/system/schedules.ts';
import { productSystem, type SystemDecl } from '../local/system.ts';

export const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');

export type AppSystem = SystemDecl & {
  functionGroups: Readonly<Record<string, FunctionGroup>>;
  /** The function group whose Lambda answers API Gateway's `$default` route with `notFoundHandler`. */
  notFoundGroup: string;
};

export const productApp: AppSystem = { ...productSystem, functionGroups, notFoundGroup };

/** One handler module reached by an API Gateway route key (`GET /api/me`, `$default`). */
export type RoutedHandler = { routeKey: string; handler: string };

/** One Lambda function to build. */
export type FunctionSpec = {
  kind: 'http' | 'event' | 'schedule' | 'queue' | 'trigger';
  /** Unique among functions of its kind; used in construct ids and the generated entry's name. */
  name: string;
  /** HTTP groups: every route the function answers. Other kinds: one entry with the handler. */
  routes: RoutedHandler[];
  grants: Grants;
  memoryMb: number;
  timeoutSeconds: number;
};

export const DEFAULT_ROUTE_KEY = '$default';

/** The HTTP functions: one per function group that has deployed routes (or answers `$default`). */
export function httpFunctions(system: AppSystem): FunctionSpec[] {
  const byGroup = new Map<string, RoutedHandler[]>();
  for (const route of system.routes) {
    if (route.localOnly) continue;
    if (!system.functionGroups[route.group]) {
      throw new Error(`Route ${route.method} ${route.path} names function group "${route.group}", which functionGroups does not declare`);
    }
    const list = byGroup.get(route.group) ?? [];
    list.push({ routeKey: `${route.method} ${route.path}`, handler: route.handler });
    byGroup.set(route.group, list);
  }
  if (!system.functionGroups[system.notFoundGroup]) {
    throw new Error(`The not-found group "${system.notFoundGroup}" is not declared in functionGroups`);
  }
  const notFound = byGroup.get(system.notFoundGroup) ?? [];
  notFound.push({ routeKey: DEFAULT_ROUTE_KEY, handler: system.notFoundHandler });
  byGroup.set(system.notFoundGroup, notFound);

  const specs: FunctionSpec[] = [];
  for (const [name, group] of Object.entries(system.functionGroups)) {
    const routes = byGroup.get(name);
    if (!routes) continue; // a group with no deployed route has nothing to run
    specs.push({ kind: 'http', name, routes, grants: group.grants, memoryMb: group.memoryMb, timeoutSeconds: group.timeoutSeconds });
  }
  return specs;
}

export const eventFunction = (rule: EventRule): FunctionSpec => single('event', rule.name, rule.target, rule);
export const scheduleFunction = (s: ScheduleDecl): FunctionSpec => single('schedule', s.name, s.handler, s);
export const queueFunction = (q: QueueDecl): FunctionSpec => single('queue', q.name, q.handler, q);

function single(kind: FunctionSpec['kind'], name: string, handler: string, decl: { grants: Grants; memoryMb: number; timeoutSeconds: number }): FunctionSpec {
  return { kind, name, routes: [{ routeKey: '*', handler }], grants: decl.grants, memoryMb: decl.memoryMb, timeoutSeconds: decl.timeoutSeconds };
}

/** Every function the app builds, in a stable order. */
export function allFunctions(system: AppSystem): FunctionSpec[] {
  return [
    ...httpFunctions(system),
    ...system.eventRules.map(eventFunction),
    ...system.schedules.map(scheduleFunction),
    ...system.queues.map(queueFunction),
  ];
}

/** Fails at synth (not at the first request) when a declaration names a module that is not there. */
export function assertHandlersExist(system: AppSystem): void {
  const missing = allFunctions(system)
    .flatMap((f) => f.routes.map((r) => r.handler))
    .filter((h) => !existsSync(resolve(repoRoot, `${h}.ts`)));
  if (missing.length) throw new Error(`Handler modules not found: ${[...new Set(missing)].join(', ')}`);
  const names = new Set<string>();
  for (const f of allFunctions(system)) {
    const key = `${f.kind}:${f.name}`;
    if (names.has(key)) throw new Error(`Two ${f.kind} declarations are named "${f.name}"`);
    names.add(key);
  }
}
