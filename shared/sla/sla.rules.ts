// The SLA lifecycle of a ticket (SPEC §3 SLA policies), as pure functions: due times at create, the
// pause while `pending`, a person's priority change, and what the sweep must record. Times come in as
// Date and go out as ISO strings; the caller supplies `now` from the clock port.
import type { Priority } from '../settings/settings.schema.ts';
import { addBusinessMinutes, businessMinutesBetween } from './business-time.ts';
import type { Calendar } from './business-time.ts';

export type { Priority };
export type Targets = Record<Priority, { firstResponseMinutes: number; resolutionMinutes: number }>;
export type Breach = 'none' | 'first_response' | 'resolution';
/** The ticket's SLA fields as the API shows them (ISO strings from Date.toISOString()). */
export type Sla = {
  firstResponseDueAt?: string;
  dueAt?: string;
  firstRespondedAt?: string;
  resolvedAt?: string;
  breached: Breach;
  breachedAt?: string;
  escalationLevel: number;
  escalatedAt?: string;
};
/** The SLA clock's internal state kept on the ticket item (not shown in the API). */
export type SlaClock = {
  /** Business minutes spent in a pause (pending) so far, summed over closed pauses. */
  pausedMinutes: number;
  /** Set while paused: when the pause began and the business minutes left on each unmet target at that moment. */
  pause?: { since: string; firstResponseLeft?: number; resolutionLeft?: number };
  /** Whether `dueAt` came from the request (explicit) or a help topic's due offset; a person's priority change then keeps it. */
  dueAtFixed?: boolean;
};
export type Policy = { calendar: Calendar; targets: Targets };

const order: readonly Priority[] = ['low', 'medium', 'high', 'urgent'];

const iso = (d: Date): string => d.toISOString();
const ms = (isoString: string): number => Date.parse(isoString);

// "Unmet" = the target exists and has not been met (a breached target is still unmet).
const firstResponseUnmet = (sla: Sla): boolean => !sla.firstRespondedAt && sla.firstResponseDueAt !== undefined;
const resolutionUnmet = (sla: Sla): boolean => !sla.resolvedAt && sla.dueAt !== undefined;
// Still to be watched by the sweep: unmet and not yet recorded as breached ('resolution' supersedes both).
const firstResponseOpen = (sla: Sla): boolean => firstResponseUnmet(sla) && sla.breached === 'none';
const resolutionOpen = (sla: Sla): boolean => resolutionUnmet(sla) && sla.breached !== 'resolution';

/** Due times of a new ticket. An explicit `dueAt` wins over a help topic's offset, which wins over the target. */
export function initialSla(
  createdAt: Date,
  priority: Priority,
  policy: Policy,
  opts: { dueAt?: Date; dueOffsetHours?: number } = {},
): { sla: Sla; clock: SlaClock } {
  const target = policy.targets[priority];
  const resolutionMinutes = opts.dueOffsetHours !== undefined ? opts.dueOffsetHours * 60 : target.resolutionMinutes;
  return {
    sla: {
      firstResponseDueAt: iso(addBusinessMinutes(createdAt, target.firstResponseMinutes, policy.calendar)),
      dueAt: iso(opts.dueAt ?? addBusinessMinutes(createdAt, resolutionMinutes, policy.calendar)),
      breached: 'none',
      escalationLevel: 0,
    },
    clock: { pausedMinutes: 0, dueAtFixed: opts.dueAt !== undefined || opts.dueOffsetHours !== undefined },
  };
}

/** Entering `pending`: remember the business minutes left on each unmet target. Already paused → unchanged. */
export function pauseSla(sla: Sla, clock: SlaClock, now: Date, calendar: Calendar): SlaClock {
  if (clock.pause) return clock;
  const pause: NonNullable<SlaClock['pause']> = { since: iso(now) };
  // businessMinutesBetween is 0 for a due time already passed, so an overdue target keeps 0 left.
  if (firstResponseUnmet(sla)) pause.firstResponseLeft = businessMinutesBetween(now, new Date(sla.firstResponseDueAt!), calendar);
  if (resolutionUnmet(sla)) pause.resolutionLeft = businessMinutesBetween(now, new Date(sla.dueAt!), calendar);
  return { ...clock, pause };
}

/**
 * Leaving `pending`: each target still unmet gets due = addBusinessMinutes(now, left), and the pause's
 * business minutes join `pausedMinutes`. A target that was already overdue when the pause began (left 0,
 * due ≤ since) keeps its due time, so a breach the sweep had not yet recorded, or had recorded, keeps
 * `breachedAt` = the real due time instead of the resume time. A target met during the pause is left alone.
 * Not paused → unchanged.
 */
export function resumeSla(sla: Sla, clock: SlaClock, now: Date, calendar: Calendar): { sla: Sla; clock: SlaClock } {
  const { pause, ...rest } = clock;
  if (!pause) return { sla, clock };
  const since = ms(pause.since);
  const resumed = (due: string | undefined, left: number | undefined): string | undefined => {
    if (left === undefined || due === undefined) return due;
    if (left === 0 && ms(due) <= since) return due;
    return iso(addBusinessMinutes(now, left, calendar));
  };
  const next: Sla = { ...sla };
  if (firstResponseUnmet(sla)) next.firstResponseDueAt = resumed(sla.firstResponseDueAt, pause.firstResponseLeft);
  if (resolutionUnmet(sla)) next.dueAt = resumed(sla.dueAt, pause.resolutionLeft);
  return { sla: next, clock: { ...rest, pausedMinutes: clock.pausedMinutes + businessMinutesBetween(new Date(pause.since), now, calendar) } };
}

/**
 * A person changed the priority: each target that is unmet and not yet breached is recomputed from
 * `createdAt` plus the business minutes spent paused. A fixed `dueAt` (explicit or help topic) is kept.
 * While paused, the stored minutes left are recomputed as of the pause start (and the due field shows
 * the due time as it stood then, like any paused ticket), so resuming applies the new target.
 * A recomputed due time may already be past: the sweep then records the breach at that time.
 */
export function recomputeForPriority(
  sla: Sla,
  clock: SlaClock,
  createdAt: Date,
  newPriority: Priority,
  policy: Policy,
  _now: Date, // part of the call shape for symmetry with the other transitions; the result does not depend on it
): { sla: Sla; clock: SlaClock } {
  const target = policy.targets[newPriority];
  const { calendar } = policy;
  const due = (minutes: number): string => iso(addBusinessMinutes(createdAt, minutes + clock.pausedMinutes, calendar));
  const next: Sla = { ...sla };
  const pause = clock.pause ? { ...clock.pause } : undefined;
  // Business minutes the ticket had used before the current pause began.
  const used = pause ? businessMinutesBetween(createdAt, new Date(pause.since), calendar) : 0;
  const left = (minutes: number): number => Math.max(0, minutes + clock.pausedMinutes - used);

  if (firstResponseOpen(sla)) {
    next.firstResponseDueAt = due(target.firstResponseMinutes);
    if (pause) pause.firstResponseLeft = left(target.firstResponseMinutes);
  }
  if (resolutionOpen(sla) && !clock.dueAtFixed) {
    next.dueAt = due(target.resolutionMinutes);
    if (pause) pause.resolutionLeft = left(target.resolutionMinutes);
  }
  return { sla: next, clock: pause ? { ...clock, pause } : clock };
}

/**
 * What the sweep records at `now`: a target passed when now ≥ its due time. Both passed → 'resolution'
 * (breachedAt = dueAt); otherwise the one passed, breachedAt = its due time. Paused tickets never breach.
 */
export function dueBreaches(sla: Sla, clock: SlaClock, now: Date): { breach: 'first_response' | 'resolution'; breachedAt: string } | null {
  if (clock.pause) return null;
  const t = now.getTime();
  if (resolutionOpen(sla) && ms(sla.dueAt!) <= t) return { breach: 'resolution', breachedAt: sla.dueAt! };
  if (firstResponseOpen(sla) && ms(sla.firstResponseDueAt!) <= t) return { breach: 'first_response', breachedAt: sla.firstResponseDueAt! };
  return null;
}

/** The earliest due time the sweep must look at (for the due index); undefined when paused or nothing is left to breach. */
export function nextSlaDue(sla: Sla, clock: SlaClock): string | undefined {
  if (clock.pause) return undefined;
  const candidates = [firstResponseOpen(sla) ? sla.firstResponseDueAt : undefined, resolutionOpen(sla) ? sla.dueAt : undefined];
  return candidates.filter((d): d is string => d !== undefined).sort((a, b) => ms(a) - ms(b))[0];
}

/** One priority step up, capped at urgent (escalation). */
export function stepUp(priority: Priority): Priority {
  return order[Math.min(order.indexOf(priority) + 1, order.length - 1)]!;
}

/** The SLA policy from the Settings → Policies tab (other fields of the tab are ignored). */
export function policyOf(policiesTab: { timeZone: string; businessHours: Calendar['businessHours']; holidays: string[]; targets: Targets }): Policy {
  const { timeZone, businessHours, holidays, targets } = policiesTab;
  return { calendar: { timeZone, businessHours, holidays }, targets };
}
