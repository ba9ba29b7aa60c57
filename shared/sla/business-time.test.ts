import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, businessMinutesBetween } from './business-time.ts';
import type { Calendar } from './business-time.ts';

const at = (isoUtc: string): Date => new Date(isoUtc);
const add = (isoUtc: string, minutes: number, cal: Calendar): string => addBusinessMinutes(at(isoUtc), minutes, cal).toISOString();
const between = (a: string, b: string, cal: Calendar): number => businessMinutesBetween(at(a), at(b), cal);
const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));
const everyDay = (start: string, end: string) => [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, start, end }));

const utcAround: Calendar = { timeZone: 'UTC', businessHours: [], holidays: [] };
// Europe/Berlin is UTC+1 in winter (CET) and UTC+2 in summer (CEST).
const berlin: Calendar = { timeZone: 'Europe/Berlin', businessHours: weekdays('08:00', '18:00'), holidays: ['2026-05-01', '2026-12-25'] };
const berlinLunch: Calendar = { timeZone: 'Europe/Berlin', businessHours: weekdays('08:00', '12:00').concat(weekdays('13:00', '17:00')), holidays: [] };
const berlinNight: Calendar = { timeZone: 'Europe/Berlin', businessHours: everyDay('00:00', '04:00'), holidays: [] };
const nyNight: Calendar = { timeZone: 'America/New_York', businessHours: everyDay('00:00', '04:00'), holidays: [] };
const nyOffice: Calendar = { timeZone: 'America/New_York', businessHours: weekdays('08:00', '18:00'), holidays: [] };

/** Deterministic pseudo-random numbers (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * An independent oracle: whether the minute starting at `t` is business time, read off the wall clock
 * (weekday, time of day, local date) rather than built from intervals. It agrees with the interval model
 * whenever no interval starts or ends inside a DST change, which holds for the calendars it is used on.
 */
function isBusinessMinute(t: number, cal: Calendar): boolean {
  const wall = DateTime.fromMillis(t, { zone: cal.timeZone });
  if (cal.holidays.includes(wall.toISODate()!)) return false;
  if (cal.businessHours.length === 0) return true;
  const minute = wall.hour * 60 + wall.minute;
  const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  return cal.businessHours.some((h) => h.day === wall.weekday % 7 && toMin(h.start) <= minute && minute < toMin(h.end));
}

/** Prefix sums of business minutes over a window, minute by minute: prefix[i] = business minutes in [from, from + i min). */
function oracle(fromIso: string, days: number, cal: Calendar) {
  const from = at(fromIso).getTime();
  const prefix = [0];
  for (let i = 0; i < days * 1440; i++) prefix.push(prefix[i]! + (isBusinessMinute(from + i * 60_000, cal) ? 1 : 0));
  const instant = (i: number) => new Date(from + i * 60_000);
  return { prefix, instant, size: days * 1440 };
}

describe('around the clock', () => {
  it('is a plain addition in UTC', () => {
    expect(add('2026-01-12T10:15:00.000Z', 90, utcAround)).toBe('2026-01-12T11:45:00.000Z');
    expect(between('2026-01-12T10:15:00.000Z', '2026-01-13T10:15:00.000Z', utcAround)).toBe(1440);
  });

  it('counts real elapsed minutes across DST in Europe/Berlin (a local day can hold 23 or 25 hours)', () => {
    const cal: Calendar = { timeZone: 'Europe/Berlin', businessHours: [], holidays: [] };
    // 2026-03-29 00:00 CET → 24 real hours later is 01:00 CEST on 03-30.
    expect(add('2026-03-28T23:00:00.000Z', 1440, cal)).toBe('2026-03-29T23:00:00.000Z');
    expect(between('2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z', cal)).toBe(23 * 60);
    expect(between('2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z', cal)).toBe(25 * 60);
  });

  it('skips holidays (whole local days), including a 23-hour DST day', () => {
    const cal: Calendar = { timeZone: 'Europe/Berlin', businessHours: [], holidays: ['2026-03-29'] };
    // 03-28 23:00 CET + 60 → midnight; 03-29 is skipped; 03-30 00:00 CEST is 03-29T22:00Z.
    expect(add('2026-03-28T22:00:00.000Z', 60, cal)).toBe('2026-03-28T23:00:00.000Z');
    expect(add('2026-03-28T22:00:00.000Z', 61, cal)).toBe('2026-03-29T22:01:00.000Z');
    expect(add('2026-03-29T10:00:00.000Z', 30, cal)).toBe('2026-03-29T22:30:00.000Z');
    expect(between('2026-03-28T22:00:00.000Z', '2026-03-30T22:00:00.000Z', cal)).toBe(60 + 24 * 60);
    expect(between('2026-03-29T01:00:00.000Z', '2026-03-29T20:00:00.000Z', cal)).toBe(0);
  });

  it('adds a year of minutes at once, and steps per day with holidays', () => {
    expect(add('2026-01-01T00:00:00.000Z', 525_600, utcAround)).toBe('2027-01-01T00:00:00.000Z');
    const withHolidays: Calendar = { timeZone: 'UTC', businessHours: [], holidays: ['2026-12-25', '2027-01-01'] };
    expect(add('2026-01-01T00:00:00.000Z', 525_600, withHolidays)).toBe('2027-01-03T00:00:00.000Z');
    expect(between('2026-01-01T00:00:00.000Z', '2027-01-03T00:00:00.000Z', withHolidays)).toBe(525_600);
  });
});

describe('weekday 08:00–18:00 in Europe/Berlin (winter: 08:00 CET = 07:00Z)', () => {
  // Monday 2026-01-12 … Friday 2026-01-16.
  it('starts before opening, during, after closing', () => {
    expect(add('2026-01-12T05:00:00.000Z', 30, berlin)).toBe('2026-01-12T07:30:00.000Z'); // 06:00 → 08:30
    expect(add('2026-01-12T09:00:00.000Z', 30, berlin)).toBe('2026-01-12T09:30:00.000Z'); // 10:00 → 10:30
    expect(add('2026-01-12T19:00:00.000Z', 30, berlin)).toBe('2026-01-13T07:30:00.000Z'); // 20:00 → Tue 08:30
  });

  it('starts exactly at opening and at closing', () => {
    expect(add('2026-01-12T07:00:00.000Z', 600, berlin)).toBe('2026-01-12T17:00:00.000Z'); // lands on 18:00: that end, not Tue 08:00
    expect(add('2026-01-12T07:00:00.000Z', 601, berlin)).toBe('2026-01-13T07:01:00.000Z');
    expect(add('2026-01-12T17:00:00.000Z', 1, berlin)).toBe('2026-01-13T07:01:00.000Z');
    expect(between('2026-01-12T07:00:00.000Z', '2026-01-12T17:00:00.000Z', berlin)).toBe(600);
  });

  it('crosses a night and a weekend', () => {
    expect(add('2026-01-12T16:00:00.000Z', 120, berlin)).toBe('2026-01-13T08:00:00.000Z'); // Mon 17:00 → Tue 09:00
    expect(add('2026-01-16T16:00:00.000Z', 120, berlin)).toBe('2026-01-19T08:00:00.000Z'); // Fri 17:00 → Mon 09:00
    expect(add('2026-01-17T12:00:00.000Z', 1, berlin)).toBe('2026-01-19T07:01:00.000Z'); // from Saturday
    expect(between('2026-01-16T16:00:00.000Z', '2026-01-19T08:00:00.000Z', berlin)).toBe(120);
    expect(between('2026-01-12T07:00:00.000Z', '2026-01-19T07:00:00.000Z', berlin)).toBe(5 * 600);
  });

  it('skips a holiday (Fri 2026-12-25) and the weekend after it', () => {
    expect(add('2026-12-24T16:00:00.000Z', 120, berlin)).toBe('2026-12-28T08:00:00.000Z'); // Thu 17:00 → Mon 09:00
    expect(between('2026-12-24T07:00:00.000Z', '2026-12-29T07:00:00.000Z', berlin)).toBe(1200);
    expect(between('2026-12-25T07:00:00.000Z', '2026-12-25T17:00:00.000Z', berlin)).toBe(0);
    // Holiday in summer time (CEST): Thu 2026-04-30 17:00 CEST → Mon 05-04 09:00 CEST.
    expect(add('2026-04-30T15:00:00.000Z', 120, berlin)).toBe('2026-05-04T07:00:00.000Z');
  });

  it('0 minutes is "now": the start itself, inside or outside business time', () => {
    expect(add('2026-01-12T09:00:00.000Z', 0, berlin)).toBe('2026-01-12T09:00:00.000Z');
    expect(add('2026-01-17T12:00:00.000Z', 0, berlin)).toBe('2026-01-17T12:00:00.000Z');
    expect(add('2026-12-25T10:00:00.000Z', 0, berlin)).toBe('2026-12-25T10:00:00.000Z');
  });

  it('is 0 for an empty or reversed span and for spans outside business time', () => {
    expect(between('2026-01-12T09:00:00.000Z', '2026-01-12T09:00:00.000Z', berlin)).toBe(0);
    expect(between('2026-01-12T10:00:00.000Z', '2026-01-12T09:00:00.000Z', berlin)).toBe(0);
    expect(between('2026-01-12T17:00:00.000Z', '2026-01-13T07:00:00.000Z', berlin)).toBe(0);
    expect(between('2026-01-17T00:00:00.000Z', '2026-01-19T00:00:00.000Z', berlin)).toBe(0);
  });

  it('keeps seconds and milliseconds exact, and takes fractional minutes', () => {
    expect(add('2026-01-12T07:00:30.250Z', 1, berlin)).toBe('2026-01-12T07:01:30.250Z');
    expect(add('2026-01-12T16:59:30.000Z', 1, berlin)).toBe('2026-01-13T07:00:30.000Z');
    expect(add('2026-01-12T07:00:00.000Z', 0.5, berlin)).toBe('2026-01-12T07:00:30.000Z');
    expect(between('2026-01-12T07:00:00.000Z', '2026-01-12T07:00:30.000Z', berlin)).toBe(0.5);
    expect(between('2026-01-12T06:59:00.000Z', '2026-01-12T07:00:00.001Z', berlin)).toBe(1 / 60_000);
  });
});

describe('several intervals per day (lunch break 12:00–13:00)', () => {
  it('pauses over lunch and answers the end of the morning when landing on it', () => {
    expect(add('2026-01-12T10:30:00.000Z', 60, berlinLunch)).toBe('2026-01-12T12:30:00.000Z'); // 11:30 + 60 → 13:30
    expect(add('2026-01-12T10:00:00.000Z', 60, berlinLunch)).toBe('2026-01-12T11:00:00.000Z'); // 11:00 + 60 → 12:00, not 13:00
    expect(add('2026-01-12T11:30:00.000Z', 1, berlinLunch)).toBe('2026-01-12T12:01:00.000Z'); // from lunch → 13:01
    expect(add('2026-01-12T07:00:00.000Z', 480, berlinLunch)).toBe('2026-01-12T16:00:00.000Z'); // the whole day → 17:00
    expect(between('2026-01-12T10:30:00.000Z', '2026-01-12T12:30:00.000Z', berlinLunch)).toBe(60);
    expect(between('2026-01-12T00:00:00.000Z', '2026-01-13T00:00:00.000Z', berlinLunch)).toBe(480);
  });

  it('takes the intervals in any order, and an interval ending at 24:00', () => {
    const unordered: Calendar = { ...berlinLunch, businessHours: [...berlinLunch.businessHours].reverse() };
    expect(add('2026-01-12T10:30:00.000Z', 60, unordered)).toBe('2026-01-12T12:30:00.000Z');
    const late: Calendar = { timeZone: 'Europe/Berlin', businessHours: [{ day: 1, start: '20:00', end: '24:00' }, { day: 2, start: '00:00', end: '02:00' }], holidays: [] };
    expect(add('2026-01-12T22:00:00.000Z', 60, late)).toBe('2026-01-12T23:00:00.000Z'); // Mon 23:00 + 60 → the Tue 00:00 end
    expect(add('2026-01-12T22:00:00.000Z', 120, late)).toBe('2026-01-13T00:00:00.000Z'); // → Tue 01:00
    expect(add('2026-01-12T22:00:00.000Z', 181, late)).toBe('2026-01-19T19:01:00.000Z'); // next Monday 20:01
    expect(between('2026-01-12T19:00:00.000Z', '2026-01-13T01:00:00.000Z', late)).toBe(360);
  });
});

describe('DST in Europe/Berlin', () => {
  it('spring forward (2026-03-29): 00:00–04:00 holds 180 real minutes', () => {
    // 00:00 CET = 03-28T23:00Z; 04:00 CEST = 02:00Z.
    expect(between('2026-03-28T23:00:00.000Z', '2026-03-29T02:00:00.000Z', berlinNight)).toBe(180);
    expect(add('2026-03-28T23:00:00.000Z', 180, berlinNight)).toBe('2026-03-29T02:00:00.000Z');
    expect(add('2026-03-28T23:00:00.000Z', 181, berlinNight)).toBe('2026-03-29T22:01:00.000Z'); // 03-30 00:01 CEST
    expect(add('2026-03-29T00:30:00.000Z', 60, berlinNight)).toBe('2026-03-29T01:30:00.000Z'); // 01:30 CET → 03:30 CEST
    // 03-28 (240, CET) + 03-29 (180) + 03-30 (240, CEST)
    expect(between('2026-03-27T23:00:00.000Z', '2026-03-30T22:00:00.000Z', berlinNight)).toBe(660);
  });

  it('fall back (2026-10-25): 00:00–04:00 holds 300 real minutes, 02:00–03:00 counted twice', () => {
    // 00:00 CEST = 10-24T22:00Z; 04:00 CET = 03:00Z.
    expect(between('2026-10-24T22:00:00.000Z', '2026-10-25T03:00:00.000Z', berlinNight)).toBe(300);
    expect(add('2026-10-24T22:00:00.000Z', 300, berlinNight)).toBe('2026-10-25T03:00:00.000Z');
    expect(add('2026-10-25T00:30:00.000Z', 60, berlinNight)).toBe('2026-10-25T01:30:00.000Z'); // 02:30 CEST → 02:30 CET
    expect(add('2026-10-24T22:00:00.000Z', 301, berlinNight)).toBe('2026-10-25T23:01:00.000Z'); // 10-26 00:01 CET
  });

  it('08:00–18:00 around the spring weekend: Friday in CET, Monday in CEST', () => {
    expect(add('2026-03-27T16:00:00.000Z', 120, berlin)).toBe('2026-03-30T07:00:00.000Z'); // Fri 17:00 CET → Mon 09:00 CEST
    expect(between('2026-03-27T16:00:00.000Z', '2026-03-30T07:00:00.000Z', berlin)).toBe(120);
    expect(add('2026-03-30T06:00:00.000Z', 600, berlin)).toBe('2026-03-30T16:00:00.000Z'); // Mon 08:00–18:00 CEST
  });

  it('08:00–18:00 around the autumn weekend: Friday in CEST, Monday in CET', () => {
    expect(add('2026-10-23T15:00:00.000Z', 120, berlin)).toBe('2026-10-26T08:00:00.000Z'); // Fri 17:00 CEST → Mon 09:00 CET
    expect(between('2026-10-23T15:00:00.000Z', '2026-10-26T08:00:00.000Z', berlin)).toBe(120);
    expect(add('2026-10-26T07:00:00.000Z', 600, berlin)).toBe('2026-10-26T17:00:00.000Z');
  });
});

describe('DST in America/New_York (EST = UTC−5, EDT = UTC−4)', () => {
  it('spring forward (2026-03-08): 00:00–04:00 holds 180 real minutes', () => {
    // 00:00 EST = 05:00Z; 04:00 EDT = 08:00Z.
    expect(between('2026-03-08T05:00:00.000Z', '2026-03-08T08:00:00.000Z', nyNight)).toBe(180);
    expect(add('2026-03-08T05:00:00.000Z', 180, nyNight)).toBe('2026-03-08T08:00:00.000Z');
    expect(add('2026-03-08T05:00:00.000Z', 181, nyNight)).toBe('2026-03-09T04:01:00.000Z'); // 03-09 00:01 EDT
  });

  it('fall back (2026-11-01): 00:00–04:00 holds 300 real minutes', () => {
    // 00:00 EDT = 04:00Z; 04:00 EST = 09:00Z.
    expect(between('2026-11-01T04:00:00.000Z', '2026-11-01T09:00:00.000Z', nyNight)).toBe(300);
    expect(add('2026-11-01T04:00:00.000Z', 300, nyNight)).toBe('2026-11-01T09:00:00.000Z');
    expect(add('2026-11-01T05:30:00.000Z', 60, nyNight)).toBe('2026-11-01T06:30:00.000Z'); // 01:30 EDT → 01:30 EST
  });

  it('08:00–18:00 around both weekends', () => {
    expect(add('2026-03-06T22:00:00.000Z', 120, nyOffice)).toBe('2026-03-09T13:00:00.000Z'); // Fri 17:00 EST → Mon 09:00 EDT
    expect(add('2026-10-30T21:00:00.000Z', 120, nyOffice)).toBe('2026-11-02T14:00:00.000Z'); // Fri 17:00 EDT → Mon 09:00 EST
    expect(between('2026-03-06T22:00:00.000Z', '2026-03-09T13:00:00.000Z', nyOffice)).toBe(120);
    expect(between('2026-10-30T21:00:00.000Z', '2026-11-02T14:00:00.000Z', nyOffice)).toBe(120);
  });

  it('an interval edge inside the repeated hour means its first occurrence', () => {
    // Sunday 2026-11-01: 01:00 EDT = 05:00Z, 01:00 EST = 06:00Z.
    const cal = (start: string, end: string): Calendar => ({ timeZone: 'America/New_York', businessHours: [{ day: 0, start, end }], holidays: [] });
    expect(between('2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z', cal('01:30', '03:00'))).toBe(150); // 05:30Z–08:00Z
    expect(add('2026-11-01T00:00:00.000Z', 1, cal('01:30', '03:00'))).toBe('2026-11-01T05:31:00.000Z');
    expect(between('2026-11-01T00:00:00.000Z', '2026-11-02T00:00:00.000Z', cal('00:00', '01:00'))).toBe(60); // 04:00Z–05:00Z
    expect(add('2026-11-01T00:00:00.000Z', 60, cal('00:00', '01:00'))).toBe('2026-11-01T05:00:00.000Z');
  });

  it('a wall time that does not exist (02:30 on 2026-03-08) is shifted forward by luxon', () => {
    const cal: Calendar = { timeZone: 'America/New_York', businessHours: [{ day: 0, start: '02:30', end: '05:00' }], holidays: [] };
    // Opens at 03:30 EDT (07:30Z), closes 05:00 EDT (09:00Z).
    expect(add('2026-03-08T00:00:00.000Z', 1, cal)).toBe('2026-03-08T07:31:00.000Z');
    expect(between('2026-03-08T00:00:00.000Z', '2026-03-09T00:00:00.000Z', cal)).toBe(90);
  });
});

describe('agreement with a minute-by-minute oracle read off the wall clock', () => {
  const santiago: Calendar = { timeZone: 'America/Santiago', businessHours: everyDay('00:00', '04:00').concat(everyDay('20:00', '24:00')), holidays: ['2026-04-02', '2026-09-03'] };
  const cases: [string, Calendar, string][] = [
    ['Berlin 08–18 + holiday, spring DST', { ...berlin, holidays: ['2026-03-26'] }, '2026-03-20T00:00:00.000Z'],
    ['Berlin lunch break, autumn DST', berlinLunch, '2026-10-18T00:00:00.000Z'],
    ['Berlin 00–04 daily, spring DST', berlinNight, '2026-03-24T00:00:00.000Z'],
    ['New York 00–04 daily, autumn DST', nyNight, '2026-10-27T00:00:00.000Z'],
    ['New York 08–18, spring DST', { ...nyOffice, holidays: ['2026-03-10'] }, '2026-03-02T00:00:00.000Z'],
    ['Berlin around the clock with holidays', { timeZone: 'Europe/Berlin', businessHours: [], holidays: ['2026-10-25', '2026-10-27'] }, '2026-10-20T00:00:00.000Z'],
    // Chile changes clocks at midnight: Saturday 23:00–24:00 repeats (2026-04-04), Sunday 00:00–01:00 is skipped (2026-09-06).
    ['Santiago, DST at midnight (autumn)', santiago, '2026-03-30T00:00:00.000Z'],
    ['Santiago, DST at midnight (spring)', santiago, '2026-09-01T00:00:00.000Z'],
  ];
  it.each(cases)('%s', (_name, cal, fromIso) => {
    const o = oracle(fromIso, 14, cal);
    const rnd = random(42);
    for (let k = 0; k < 150; k++) {
      const i = Math.floor(rnd() * o.size);
      const j = Math.floor(rnd() * o.size);
      const [a, b] = [Math.min(i, j), Math.max(i, j)];
      expect(businessMinutesBetween(o.instant(a), o.instant(b), cal), `between ${o.instant(a).toISOString()} ${o.instant(b).toISOString()}`).toBe(o.prefix[b]! - o.prefix[a]!);
      // add: the first minute boundary at which m business minutes have elapsed since a.
      const m = o.prefix[b]! - o.prefix[a]!;
      if (m > 0) {
        let end = a;
        while (o.prefix[end]! - o.prefix[a]! < m) end++;
        expect(addBusinessMinutes(o.instant(a), m, cal).toISOString(), `add ${o.instant(a).toISOString()} + ${m}`).toBe(o.instant(end).toISOString());
      }
    }
  });
});

describe('inverse property: businessMinutesBetween(s, addBusinessMinutes(s, m)) === m', () => {
  const calendars: [string, Calendar][] = [
    ['UTC around the clock', utcAround],
    ['Berlin 08–18 with holidays', { ...berlin, holidays: ['2026-03-27', '2026-05-01', '2026-10-26', '2026-12-25', '2026-12-31'] }],
    ['Berlin lunch break', berlinLunch],
    ['Berlin 00–04 daily', berlinNight],
    ['New York 00–04 daily', nyNight],
    ['New York edges in the DST hours', { timeZone: 'America/New_York', businessHours: [{ day: 0, start: '01:30', end: '02:45' }, { day: 0, start: '03:15', end: '05:00' }, { day: 3, start: '09:00', end: '24:00' }], holidays: [] }],
    ['Berlin around the clock with holidays', { timeZone: 'Europe/Berlin', businessHours: [], holidays: ['2026-03-29', '2026-10-25', '2026-12-24'] }],
  ];
  it.each(calendars)('%s', (_name, cal) => {
    const rnd = random(7);
    const from = Date.UTC(2026, 0, 1);
    const span = 366 * 86_400_000;
    for (let k = 0; k < 300; k++) {
      // Half on whole minutes, half with seconds and milliseconds.
      const raw = from + Math.floor(rnd() * span);
      const s = new Date(k % 2 === 0 ? raw - (raw % 60_000) : raw);
      const m = Math.floor(rnd() * (k % 10 === 0 ? 60_000 : 3_000));
      const end = addBusinessMinutes(s, m, cal);
      expect(businessMinutesBetween(s, end, cal), `${s.toISOString()} + ${m}`).toBe(m);
      expect(end.getTime()).toBeGreaterThanOrEqual(s.getTime());
      // The earliest such instant: a millisecond before, one millisecond of business time is missing.
      if (m > 0) expect(businessMinutesBetween(s, new Date(end.getTime() - 1), cal)).toBe(m - 1 / 60_000);
    }
  });
});

describe('large minute counts', () => {
  it('adds 525 600 business minutes over years of business days', () => {
    // UTC weekdays 00:00–12:00: 525 600 minutes = 730 days of 720 = 146 weeks; from Monday 2026-01-05 the
    // last one ends on the Friday of the 146th week at 12:00.
    const cal: Calendar = { timeZone: 'UTC', businessHours: weekdays('00:00', '12:00'), holidays: [] };
    const expected = new Date(Date.UTC(2026, 0, 5) + (145 * 7 + 4) * 86_400_000 + 12 * 3_600_000);
    expect(addBusinessMinutes(at('2026-01-05T00:00:00.000Z'), 525_600, cal).toISOString()).toBe(expected.toISOString());
    expect(expected.toISOString()).toBe('2028-10-20T12:00:00.000Z');
  });

  it('agrees with itself over years of Berlin business days', () => {
    const start = at('2026-01-12T07:00:00.000Z');
    const end = addBusinessMinutes(start, 525_600, berlin);
    expect(businessMinutesBetween(start, end, berlin)).toBe(525_600);
    // 876 business days of 600 minutes, plus weekends and holidays: about 3.4 years later, at a closing time.
    expect(end.getUTCFullYear()).toBe(2029);
    expect(DateTime.fromJSDate(end, { zone: 'Europe/Berlin' }).toFormat('HH:mm')).toBe('18:00');
  });
});

describe('invalid input', () => {
  it('throws on an unknown time zone', () => {
    const cal: Calendar = { timeZone: 'Mars/Olympus', businessHours: [], holidays: [] };
    expect(() => addBusinessMinutes(at('2026-01-12T07:00:00.000Z'), 10, cal)).toThrow(/time zone/);
    expect(() => businessMinutesBetween(at('2026-01-12T07:00:00.000Z'), at('2026-01-13T07:00:00.000Z'), cal)).toThrow(/time zone/);
    expect(() => addBusinessMinutes(at('2026-01-12T07:00:00.000Z'), 10, { ...cal, timeZone: 'local' })).toThrow(/time zone/);
  });

  it('throws on negative or non-finite minutes, an invalid date, a malformed time', () => {
    expect(() => addBusinessMinutes(at('2026-01-12T07:00:00.000Z'), -1, berlin)).toThrow(RangeError);
    expect(() => addBusinessMinutes(at('2026-01-12T07:00:00.000Z'), Number.NaN, berlin)).toThrow(RangeError);
    expect(() => addBusinessMinutes(new Date('nope'), 1, berlin)).toThrow(RangeError);
    expect(() => addBusinessMinutes(at('2026-01-12T07:00:00.000Z'), 1, { ...berlin, businessHours: [{ day: 1, start: '8:00', end: '18:00' }] })).toThrow(/HH:MM/);
  });

  it('gives up instead of looping forever when the calendar has no business time', () => {
    const empty: Calendar = { timeZone: 'UTC', businessHours: [{ day: 1, start: '09:00', end: '09:00' }], holidays: [] };
    expect(() => addBusinessMinutes(at('2026-01-12T07:00:00.000Z'), 1, empty)).toThrow(/no business time/);
    expect(businessMinutesBetween(at('2026-01-12T07:00:00.000Z'), at('2026-02-12T07:00:00.000Z'), empty)).toBe(0);
  });
});
