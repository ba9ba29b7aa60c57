import { describe, expect, it } from 'vitest';
import type { Calendar } from './business-time.ts';
import { dueBreaches, initialSla, nextSlaDue, pauseSla, policyOf, recomputeForPriority, resumeSla, stepUp } from './sla.rules.ts';
import type { Policy, Sla, SlaClock, Targets } from './sla.rules.ts';

const at = (isoUtc: string): Date => new Date(isoUtc);
const targets: Targets = {
  urgent: { firstResponseMinutes: 30, resolutionMinutes: 240 },
  high: { firstResponseMinutes: 60, resolutionMinutes: 480 },
  medium: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
  low: { firstResponseMinutes: 480, resolutionMinutes: 2880 },
};
const aroundTheClock: Calendar = { timeZone: 'UTC', businessHours: [], holidays: [] };
// Winter in Berlin: 08:00 CET = 07:00Z. Mon 2026-01-12 … Fri 2026-01-16, Mon 2026-01-19 …
const office: Calendar = { timeZone: 'Europe/Berlin', businessHours: [1, 2, 3, 4, 5].map((day) => ({ day, start: '08:00', end: '18:00' })), holidays: [] };
const utc: Policy = { calendar: aroundTheClock, targets };
const berlin: Policy = { calendar: office, targets };

const fresh = (over: Partial<Sla> = {}): Sla => ({ firstResponseDueAt: '2026-01-12T14:00:00.000Z', dueAt: '2026-01-13T10:00:00.000Z', breached: 'none', escalationLevel: 0, ...over });
const running: SlaClock = { pausedMinutes: 0, dueAtFixed: false };

describe('initialSla', () => {
  it('sets both due times from the priority targets, around the clock', () => {
    expect(initialSla(at('2026-01-12T10:00:00.000Z'), 'medium', utc, {})).toStrictEqual({
      sla: { firstResponseDueAt: '2026-01-12T14:00:00.000Z', dueAt: '2026-01-13T10:00:00.000Z', breached: 'none', escalationLevel: 0 },
      clock: { pausedMinutes: 0, dueAtFixed: false },
    });
    const urgent = initialSla(at('2026-01-12T10:00:00.000Z'), 'urgent', utc, {}).sla;
    expect([urgent.firstResponseDueAt, urgent.dueAt]).toEqual(['2026-01-12T10:30:00.000Z', '2026-01-12T14:00:00.000Z']);
  });

  it('counts business minutes only (Friday 17:00 CET, urgent)', () => {
    const { sla } = initialSla(at('2026-01-16T16:00:00.000Z'), 'urgent', berlin, {});
    expect(sla.firstResponseDueAt).toBe('2026-01-16T16:30:00.000Z'); // Fri 17:30
    expect(sla.dueAt).toBe('2026-01-19T10:00:00.000Z'); // 60 on Friday + 180 on Monday → Mon 11:00
  });

  it('an explicit dueAt wins over the help topic offset and the target, and is fixed', () => {
    const r = initialSla(at('2026-01-12T07:00:00.000Z'), 'low', berlin, { dueAt: at('2026-01-14T12:34:56.000Z'), dueOffsetHours: 2 });
    expect(r.sla.dueAt).toBe('2026-01-14T12:34:56.000Z');
    expect(r.sla.firstResponseDueAt).toBe('2026-01-12T15:00:00.000Z'); // 480 business minutes → 16:00 CET
    expect(r.clock).toStrictEqual({ pausedMinutes: 0, dueAtFixed: true });
  });

  it('a help topic offset (business hours) overrides the resolution target, not the first response', () => {
    const r = initialSla(at('2026-01-12T07:00:00.000Z'), 'medium', berlin, { dueOffsetHours: 12 });
    expect(r.sla.dueAt).toBe('2026-01-13T09:00:00.000Z'); // 10 h Monday + 2 h Tuesday → Tue 10:00 CET
    expect(r.sla.firstResponseDueAt).toBe('2026-01-12T11:00:00.000Z');
    expect(r.clock.dueAtFixed).toBe(true);
    expect(initialSla(at('2026-01-12T07:00:00.000Z'), 'medium', berlin, { dueOffsetHours: 1.5 }).sla.dueAt).toBe('2026-01-12T08:30:00.000Z');
    expect(initialSla(at('2026-01-12T07:00:00.000Z'), 'medium', berlin, { dueOffsetHours: 0 }).sla.dueAt).toBe('2026-01-12T07:00:00.000Z');
  });
});

describe('pauseSla', () => {
  it('stores the business minutes left on each unmet target and when the pause began', () => {
    expect(pauseSla(fresh(), running, at('2026-01-12T11:00:00.000Z'), aroundTheClock)).toStrictEqual({
      pausedMinutes: 0,
      dueAtFixed: false,
      pause: { since: '2026-01-12T11:00:00.000Z', firstResponseLeft: 180, resolutionLeft: 1380 },
    });
  });

  it('counts business minutes left (Friday 17:00 CET, due Mon 10:00 and Wed 10:00)', () => {
    const sla = fresh({ firstResponseDueAt: '2026-01-19T09:00:00.000Z', dueAt: '2026-01-21T09:00:00.000Z' });
    expect(pauseSla(sla, running, at('2026-01-16T16:00:00.000Z'), office).pause).toStrictEqual({ since: '2026-01-16T16:00:00.000Z', firstResponseLeft: 180, resolutionLeft: 1380 });
  });

  it('skips met targets and targets without a due time', () => {
    const now = at('2026-01-12T11:00:00.000Z');
    expect(pauseSla(fresh({ firstRespondedAt: '2026-01-12T10:30:00.000Z' }), running, now, aroundTheClock).pause).toStrictEqual({ since: now.toISOString(), resolutionLeft: 1380 });
    expect(pauseSla(fresh({ resolvedAt: '2026-01-12T10:50:00.000Z' }), running, now, aroundTheClock).pause).toStrictEqual({ since: now.toISOString(), firstResponseLeft: 180 });
    expect(pauseSla({ breached: 'none', escalationLevel: 0 }, running, now, aroundTheClock).pause).toStrictEqual({ since: now.toISOString() });
  });

  it('keeps 0 left on a target already passed or breached', () => {
    const sla = fresh({ breached: 'first_response', breachedAt: '2026-01-12T14:00:00.000Z' });
    expect(pauseSla(sla, running, at('2026-01-12T15:00:00.000Z'), aroundTheClock).pause).toStrictEqual({ since: '2026-01-12T15:00:00.000Z', firstResponseLeft: 0, resolutionLeft: 1140 });
    expect(pauseSla(fresh(), running, at('2026-01-14T00:00:00.000Z'), aroundTheClock).pause).toMatchObject({ firstResponseLeft: 0, resolutionLeft: 0 });
  });

  it('leaves an already paused clock unchanged', () => {
    const paused: SlaClock = { pausedMinutes: 5, pause: { since: '2026-01-12T11:00:00.000Z', firstResponseLeft: 180 } };
    expect(pauseSla(fresh(), paused, at('2026-01-12T12:00:00.000Z'), aroundTheClock)).toBe(paused);
  });
});

describe('resumeSla', () => {
  it('pushes each due time by the paused business time, around the clock', () => {
    const clock = pauseSla(fresh(), running, at('2026-01-12T11:00:00.000Z'), aroundTheClock);
    expect(resumeSla(fresh(), clock, at('2026-01-12T13:00:00.000Z'), aroundTheClock)).toStrictEqual({
      sla: fresh({ firstResponseDueAt: '2026-01-12T16:00:00.000Z', dueAt: '2026-01-13T12:00:00.000Z' }),
      clock: { pausedMinutes: 120, dueAtFixed: false },
    });
  });

  it('pushes by business time only: paused Fri 17:00 → resumed Mon 09:00 CET is 120 minutes', () => {
    const created = initialSla(at('2026-01-16T15:00:00.000Z'), 'medium', berlin, {}); // Fri 16:00 CET
    expect(created.sla).toMatchObject({ firstResponseDueAt: '2026-01-19T09:00:00.000Z', dueAt: '2026-01-21T09:00:00.000Z' });
    const clock = pauseSla(created.sla, created.clock, at('2026-01-16T16:00:00.000Z'), office);
    const r = resumeSla(created.sla, clock, at('2026-01-19T08:00:00.000Z'), office);
    expect(r.sla).toMatchObject({ firstResponseDueAt: '2026-01-19T11:00:00.000Z', dueAt: '2026-01-21T11:00:00.000Z' });
    expect(r.clock).toStrictEqual({ pausedMinutes: 120, dueAtFixed: false });
  });

  it('adds up several pauses', () => {
    let sla = fresh();
    let clock = running;
    clock = pauseSla(sla, clock, at('2026-01-12T11:00:00.000Z'), aroundTheClock);
    ({ sla, clock } = resumeSla(sla, clock, at('2026-01-12T11:30:00.000Z'), aroundTheClock));
    clock = pauseSla(sla, clock, at('2026-01-12T12:00:00.000Z'), aroundTheClock);
    ({ sla, clock } = resumeSla(sla, clock, at('2026-01-12T12:45:00.000Z'), aroundTheClock));
    expect(clock).toStrictEqual({ pausedMinutes: 75, dueAtFixed: false });
    expect(sla).toStrictEqual(fresh({ firstResponseDueAt: '2026-01-12T15:15:00.000Z', dueAt: '2026-01-13T11:15:00.000Z' }));
  });

  it('leaves a target met during the pause alone', () => {
    const clock = pauseSla(fresh(), running, at('2026-01-12T11:00:00.000Z'), aroundTheClock);
    const met = fresh({ firstRespondedAt: '2026-01-12T11:10:00.000Z' });
    expect(resumeSla(met, clock, at('2026-01-12T13:00:00.000Z'), aroundTheClock).sla).toStrictEqual({ ...met, dueAt: '2026-01-13T12:00:00.000Z' });
  });

  it('keeps the due time of a target already overdue when the pause began, so its breach keeps its real time', () => {
    // Overdue at 14:00, paused 14:00:30 before the sweep recorded it, resumed an hour later.
    const clock = pauseSla(fresh(), running, at('2026-01-12T14:00:30.000Z'), aroundTheClock);
    const r = resumeSla(fresh(), clock, at('2026-01-12T15:00:30.000Z'), aroundTheClock);
    expect(r.sla.firstResponseDueAt).toBe('2026-01-12T14:00:00.000Z');
    expect(r.sla.dueAt).toBe('2026-01-13T11:00:00.000Z');
    expect(dueBreaches(r.sla, r.clock, at('2026-01-12T15:01:00.000Z'))).toStrictEqual({ breach: 'first_response', breachedAt: '2026-01-12T14:00:00.000Z' });
  });

  it('a target with no business minutes left but not yet due falls due at the resume', () => {
    // Explicit dueAt on Saturday noon; paused Friday 20:00 CET (0 business minutes left); resumed Monday 09:00 CET.
    const sla = fresh({ firstRespondedAt: '2026-01-16T10:00:00.000Z', dueAt: '2026-01-17T11:00:00.000Z' });
    const clock = pauseSla(sla, { pausedMinutes: 0, dueAtFixed: true }, at('2026-01-16T19:00:00.000Z'), office);
    expect(clock.pause).toStrictEqual({ since: '2026-01-16T19:00:00.000Z', resolutionLeft: 0 });
    expect(resumeSla(sla, clock, at('2026-01-19T08:00:00.000Z'), office).sla.dueAt).toBe('2026-01-19T08:00:00.000Z');
  });

  it('leaves an unpaused ticket unchanged', () => {
    const sla = fresh();
    const r = resumeSla(sla, running, at('2026-01-12T13:00:00.000Z'), aroundTheClock);
    expect(r.sla).toBe(sla);
    expect(r.clock).toBe(running);
  });
});

describe('recomputeForPriority', () => {
  const created = at('2026-01-12T10:00:00.000Z');
  const now = at('2026-01-12T12:00:00.000Z');

  it('recomputes unmet targets from createdAt plus the business minutes spent paused', () => {
    const r = recomputeForPriority(fresh(), { pausedMinutes: 120, dueAtFixed: false }, created, 'urgent', utc, now);
    expect(r.sla).toStrictEqual(fresh({ firstResponseDueAt: '2026-01-12T12:30:00.000Z', dueAt: '2026-01-12T16:00:00.000Z' }));
    expect(r.clock).toStrictEqual({ pausedMinutes: 120, dueAtFixed: false });
  });

  it('counts business minutes (Monday 08:00 CET, low → high)', () => {
    const start = initialSla(at('2026-01-12T07:00:00.000Z'), 'low', berlin, {});
    const r = recomputeForPriority(start.sla, start.clock, at('2026-01-12T07:00:00.000Z'), 'high', berlin, at('2026-01-12T07:20:00.000Z'));
    expect(r.sla).toMatchObject({ firstResponseDueAt: '2026-01-12T08:00:00.000Z', dueAt: '2026-01-12T15:00:00.000Z' });
  });

  it('a lower priority can push a due time later', () => {
    const r = recomputeForPriority(fresh(), running, created, 'low', utc, now);
    expect(r.sla).toMatchObject({ firstResponseDueAt: '2026-01-12T18:00:00.000Z', dueAt: '2026-01-14T10:00:00.000Z' });
  });

  it('leaves met and breached targets alone', () => {
    const met = fresh({ firstRespondedAt: '2026-01-12T10:05:00.000Z' });
    expect(recomputeForPriority(met, running, created, 'urgent', utc, now).sla).toStrictEqual({ ...met, dueAt: '2026-01-12T14:00:00.000Z' });
    const frBreached = fresh({ breached: 'first_response', breachedAt: '2026-01-12T14:00:00.000Z' });
    expect(recomputeForPriority(frBreached, running, created, 'urgent', utc, now).sla).toStrictEqual({ ...frBreached, dueAt: '2026-01-12T14:00:00.000Z' });
    const resBreached = fresh({ breached: 'resolution', breachedAt: '2026-01-13T10:00:00.000Z' });
    expect(recomputeForPriority(resBreached, running, created, 'urgent', utc, now).sla).toStrictEqual(resBreached);
    const resolved = fresh({ firstRespondedAt: '2026-01-12T10:05:00.000Z', resolvedAt: '2026-01-12T11:00:00.000Z' });
    expect(recomputeForPriority(resolved, running, created, 'urgent', utc, now).sla).toStrictEqual(resolved);
  });

  it('keeps a fixed dueAt (explicit or help topic)', () => {
    const r = recomputeForPriority(fresh({ dueAt: '2026-01-20T09:00:00.000Z' }), { pausedMinutes: 0, dueAtFixed: true }, created, 'urgent', utc, now);
    expect(r.sla).toStrictEqual(fresh({ firstResponseDueAt: '2026-01-12T10:30:00.000Z', dueAt: '2026-01-20T09:00:00.000Z' }));
  });

  it('while paused, recomputes the minutes left as of the pause start, applied on resume', () => {
    // Created 10:00, paused 11:00 (60 minutes used), medium → urgent.
    const clock = pauseSla(fresh(), running, at('2026-01-12T11:00:00.000Z'), aroundTheClock);
    const r = recomputeForPriority(fresh(), clock, created, 'urgent', utc, now);
    expect(r.clock).toStrictEqual({ pausedMinutes: 0, dueAtFixed: false, pause: { since: '2026-01-12T11:00:00.000Z', firstResponseLeft: 0, resolutionLeft: 180 } });
    expect(r.sla).toMatchObject({ firstResponseDueAt: '2026-01-12T10:30:00.000Z', dueAt: '2026-01-12T14:00:00.000Z' });
    expect(clock.pause).toStrictEqual({ since: '2026-01-12T11:00:00.000Z', firstResponseLeft: 180, resolutionLeft: 1380 }); // input untouched
    // Resumed at 13:00: the first response had passed at 10:30 already; the resolution gets its 180 minutes.
    const resumed = resumeSla(r.sla, r.clock, at('2026-01-12T13:00:00.000Z'), aroundTheClock);
    expect(resumed.sla).toMatchObject({ firstResponseDueAt: '2026-01-12T10:30:00.000Z', dueAt: '2026-01-12T16:00:00.000Z' });
    expect(dueBreaches(resumed.sla, resumed.clock, at('2026-01-12T13:00:00.000Z'))).toStrictEqual({ breach: 'first_response', breachedAt: '2026-01-12T10:30:00.000Z' });
  });

  it('while paused, counts earlier pauses and keeps a fixed dueAt\'s minutes left', () => {
    const clock: SlaClock = { pausedMinutes: 30, dueAtFixed: true, pause: { since: '2026-01-12T11:00:00.000Z', firstResponseLeft: 150, resolutionLeft: 999 } };
    const r = recomputeForPriority(fresh(), clock, created, 'high', utc, now);
    // 60 minutes before this pause, 30 of them in an earlier pause: 30 used; high = 60 → 30 left.
    expect(r.clock.pause).toStrictEqual({ since: '2026-01-12T11:00:00.000Z', firstResponseLeft: 30, resolutionLeft: 999 });
    expect(r.sla.firstResponseDueAt).toBe('2026-01-12T11:30:00.000Z');
    expect(r.sla.dueAt).toBe(fresh().dueAt);
  });

  it('does not depend on now', () => {
    const a = recomputeForPriority(fresh(), running, created, 'high', utc, now);
    const b = recomputeForPriority(fresh(), running, created, 'high', utc, at('2030-01-01T00:00:00.000Z'));
    expect(a).toStrictEqual(b);
  });
});

describe('dueBreaches', () => {
  it('breaches exactly at the due time, not a millisecond or a minute before', () => {
    expect(dueBreaches(fresh(), running, at('2026-01-12T13:59:00.000Z'))).toBeNull();
    expect(dueBreaches(fresh(), running, at('2026-01-12T13:59:59.999Z'))).toBeNull();
    expect(dueBreaches(fresh(), running, at('2026-01-12T14:00:00.000Z'))).toStrictEqual({ breach: 'first_response', breachedAt: '2026-01-12T14:00:00.000Z' });
    expect(dueBreaches(fresh(), running, at('2026-01-12T18:00:00.000Z'))).toStrictEqual({ breach: 'first_response', breachedAt: '2026-01-12T14:00:00.000Z' });
  });

  it('records resolution when both passed, at the resolution due time', () => {
    expect(dueBreaches(fresh(), running, at('2026-01-13T10:00:00.000Z'))).toStrictEqual({ breach: 'resolution', breachedAt: '2026-01-13T10:00:00.000Z' });
    expect(dueBreaches(fresh(), running, at('2026-01-13T09:59:59.999Z'))).toStrictEqual({ breach: 'first_response', breachedAt: '2026-01-12T14:00:00.000Z' });
  });

  it('records resolution after a recorded first-response breach, and nothing twice', () => {
    const frBreached = fresh({ breached: 'first_response', breachedAt: '2026-01-12T14:00:00.000Z' });
    expect(dueBreaches(frBreached, running, at('2026-01-12T20:00:00.000Z'))).toBeNull();
    expect(dueBreaches(frBreached, running, at('2026-01-13T10:00:00.000Z'))).toStrictEqual({ breach: 'resolution', breachedAt: '2026-01-13T10:00:00.000Z' });
    expect(dueBreaches(fresh({ breached: 'resolution', breachedAt: '2026-01-13T10:00:00.000Z' }), running, at('2026-01-20T00:00:00.000Z'))).toBeNull();
  });

  it('ignores met targets', () => {
    const responded = fresh({ firstRespondedAt: '2026-01-12T13:00:00.000Z' });
    expect(dueBreaches(responded, running, at('2026-01-12T15:00:00.000Z'))).toBeNull();
    expect(dueBreaches(responded, running, at('2026-01-13T10:00:00.000Z'))).toStrictEqual({ breach: 'resolution', breachedAt: '2026-01-13T10:00:00.000Z' });
    expect(dueBreaches(fresh({ resolvedAt: '2026-01-12T12:00:00.000Z' }), running, at('2026-01-14T00:00:00.000Z'))).toStrictEqual({ breach: 'first_response', breachedAt: '2026-01-12T14:00:00.000Z' });
    expect(dueBreaches(fresh({ firstRespondedAt: '2026-01-12T11:00:00.000Z', resolvedAt: '2026-01-12T12:00:00.000Z' }), running, at('2026-01-14T00:00:00.000Z'))).toBeNull();
    expect(dueBreaches({ breached: 'none', escalationLevel: 0 }, running, at('2026-01-14T00:00:00.000Z'))).toBeNull();
  });

  it('an explicit dueAt before the first-response due time breaches resolution alone', () => {
    const sla = fresh({ dueAt: '2026-01-12T12:00:00.000Z' });
    expect(dueBreaches(sla, running, at('2026-01-12T12:00:00.000Z'))).toStrictEqual({ breach: 'resolution', breachedAt: '2026-01-12T12:00:00.000Z' });
    // Resolution recorded: the first response is no longer watched.
    expect(dueBreaches({ ...sla, breached: 'resolution' }, running, at('2026-01-12T14:00:00.000Z'))).toBeNull();
  });

  it('never breaches a paused ticket', () => {
    const paused: SlaClock = { pausedMinutes: 0, pause: { since: '2026-01-12T11:00:00.000Z', firstResponseLeft: 180, resolutionLeft: 1380 } };
    expect(dueBreaches(fresh(), paused, at('2026-02-01T00:00:00.000Z'))).toBeNull();
  });
});

describe('nextSlaDue', () => {
  it('is the earliest unmet, unbreached due time', () => {
    expect(nextSlaDue(fresh(), running)).toBe('2026-01-12T14:00:00.000Z');
    expect(nextSlaDue(fresh({ dueAt: '2026-01-12T12:00:00.000Z' }), running)).toBe('2026-01-12T12:00:00.000Z');
    expect(nextSlaDue(fresh({ firstRespondedAt: '2026-01-12T11:00:00.000Z' }), running)).toBe('2026-01-13T10:00:00.000Z');
    expect(nextSlaDue(fresh({ breached: 'first_response' }), running)).toBe('2026-01-13T10:00:00.000Z');
    expect(nextSlaDue(fresh({ resolvedAt: '2026-01-12T11:00:00.000Z' }), running)).toBe('2026-01-12T14:00:00.000Z');
  });

  it('compares instants, not strings', () => {
    expect(nextSlaDue(fresh({ firstResponseDueAt: '2026-01-12T14:00:00.000Z', dueAt: '2026-01-12T15:00:00.000+02:00' }), running)).toBe('2026-01-12T15:00:00.000+02:00');
  });

  it('is undefined when nothing is left to watch, or while paused', () => {
    expect(nextSlaDue(fresh({ firstRespondedAt: '2026-01-12T11:00:00.000Z', resolvedAt: '2026-01-12T12:00:00.000Z' }), running)).toBeUndefined();
    expect(nextSlaDue(fresh({ breached: 'resolution' }), running)).toBeUndefined();
    expect(nextSlaDue(fresh({ firstRespondedAt: '2026-01-12T11:00:00.000Z', breached: 'first_response' }), running)).toBe('2026-01-13T10:00:00.000Z');
    expect(nextSlaDue({ breached: 'none', escalationLevel: 0 }, running)).toBeUndefined();
    expect(nextSlaDue(fresh(), { pausedMinutes: 0, pause: { since: '2026-01-12T11:00:00.000Z' } })).toBeUndefined();
  });
});

describe('stepUp', () => {
  it('raises one step, capped at urgent', () => {
    expect((['low', 'medium', 'high', 'urgent'] as const).map((p) => stepUp(p))).toEqual(['medium', 'high', 'urgent', 'urgent']);
  });
});

describe('policyOf', () => {
  it('takes the calendar and targets from the Policies tab', () => {
    const tab = { timeZone: 'Europe/Berlin', businessHours: office.businessHours, holidays: ['2026-12-25'], pauseOnPending: true, reopenWindowDays: 14, autoCloseResolvedAfterDays: 7, targets };
    expect(policyOf(tab)).toStrictEqual({ calendar: { timeZone: 'Europe/Berlin', businessHours: office.businessHours, holidays: ['2026-12-25'] }, targets });
  });
});

describe('a ticket through its SLA', () => {
  it('create → pending over a weekend → open → breach at the pushed due time → escalation', () => {
    // Created Fri 16:00 CET as high: first response 60, resolution 480 business minutes.
    let { sla, clock } = initialSla(at('2026-01-16T15:00:00.000Z'), 'high', berlin, {});
    expect(sla).toMatchObject({ firstResponseDueAt: '2026-01-16T16:00:00.000Z', dueAt: '2026-01-19T13:00:00.000Z' });
    sla = { ...sla, firstRespondedAt: '2026-01-16T15:30:00.000Z' };
    clock = pauseSla(sla, clock, at('2026-01-16T16:00:00.000Z'), office); // pending Fri 17:00
    expect(dueBreaches(sla, clock, at('2026-01-19T13:00:00.000Z'))).toBeNull();
    ({ sla, clock } = resumeSla(sla, clock, at('2026-01-19T09:00:00.000Z'), office)); // customer replies Mon 10:00
    expect(clock.pausedMinutes).toBe(60 + 120);
    expect(sla.dueAt).toBe('2026-01-19T16:00:00.000Z'); // 420 left from Mon 10:00 → Mon 17:00
    expect(nextSlaDue(sla, clock)).toBe('2026-01-19T16:00:00.000Z');
    expect(dueBreaches(sla, clock, at('2026-01-19T15:59:00.000Z'))).toBeNull();
    expect(dueBreaches(sla, clock, at('2026-01-19T16:00:00.000Z'))).toStrictEqual({ breach: 'resolution', breachedAt: '2026-01-19T16:00:00.000Z' });
    expect(stepUp('high')).toBe('urgent');
  });
});
