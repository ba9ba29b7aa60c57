// Business-time arithmetic for SLA targets (SPEC §3 SLA policies): which real minutes count, in the
// tenant's time zone, given weekly opening hours and holidays. Pure: every instant comes in as an argument.
//
// Model: each local calendar day holds a few business intervals, turned into absolute instants with
// luxon. A business minute is a real elapsed minute inside an interval, so DST days hold more or fewer.
// Internally everything is whole milliseconds; minutes are `ms / 60 000` (fractional when inputs carry
// seconds), which keeps `businessMinutesBetween(s, addBusinessMinutes(s, m)) === m` exact.
import { DateTime, Info } from 'luxon';

export type Calendar = {
  /** IANA name, e.g. 'Europe/Berlin'. */
  timeZone: string;
  /** day 0 = Sunday … 6 = Saturday; 'HH:MM' local wall time, end may be '24:00'. [] = around the clock. */
  businessHours: { day: number; start: string; end: string }[];
  /** 'YYYY-MM-DD' local dates on which no minute counts (around the clock too). */
  holidays: string[];
};

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;
const DAY_MS = 86_400_000;
// A calendar with no business minute for 20 years has none at all (holidays are at most a year's worth).
const MAX_IDLE_DAYS = 20 * 366;
// Hard stop for absurd calendars (a minute a week): 200 years still covers the largest target at 1 h a week.
const MAX_DAYS = 200 * 366;

/** Minutes of a local day [start, end) per weekday (0 = Sunday), sorted by start. */
type WeekHours = [number, number][][];

type Prepared = { zone: string; week: WeekHours; holidays: Set<string>; plain: boolean };

const minuteOfDay = (hhmm: string): number => {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || minutes > DAY_MINUTES) throw new Error(`Not a time of day (HH:MM): ${hhmm}`);
  return minutes;
};

function prepare(calendar: Calendar): Prepared {
  // Only IANA names: luxon would also take 'local' or 'UTC+3', and 'local' would make results depend on the host.
  if (!Info.isValidIANAZone(calendar.timeZone)) throw new Error(`Unknown time zone: ${calendar.timeZone}`);
  const week: WeekHours = [[], [], [], [], [], [], []];
  if (calendar.businessHours.length === 0) {
    for (const day of week) day.push([0, DAY_MINUTES]);
  } else {
    for (const h of calendar.businessHours) {
      const [start, end] = [minuteOfDay(h.start), minuteOfDay(h.end)];
      if (!Number.isInteger(h.day) || h.day < 0 || h.day > 6) throw new Error(`Not a weekday (0–6): ${h.day}`);
      if (start < end) week[h.day]!.push([start, end]);
    }
    for (const day of week) day.sort((a, b) => a[0] - b[0]);
  }
  const holidays = new Set(calendar.holidays);
  return { zone: calendar.timeZone, week, holidays, plain: calendar.businessHours.length === 0 && holidays.size === 0 };
}

/** A local calendar date as a UTC midnight, so stepping days is plain date arithmetic. */
const dateOf = (t: number, zone: string): number => {
  const local = DateTime.fromMillis(t, { zone });
  return Date.UTC(local.year, local.month - 1, local.day);
};

// luxon resolves a wall time in ~30 µs; tenants keep asking about the same days, so remember them
// (a fixed mapping for the process's time-zone data, so the functions stay pure).
const MAX_CACHED = 50_000;
const instants = new Map<string, number>();

/**
 * The instant a local wall time names on `date` (a UTC midnight carrying the calendar date).
 * A wall time that happens twice (fall-back) means its first occurrence: the office opens, or closes,
 * the first time the clock shows it, so an interval spanning the repeated hour is an hour longer.
 * A wall time that does not exist (spring-forward) is shifted forward by luxon (02:30 → 03:30).
 */
function wallInstant(date: number, minutes: number, zone: string): number {
  const key = `${zone}|${date}|${minutes}`;
  const known = instants.get(key);
  if (known !== undefined) return known;
  const day = new Date(date + Math.floor(minutes / DAY_MINUTES) * DAY_MS); // '24:00' is the next day's midnight
  const m = minutes % DAY_MINUTES;
  const dt = DateTime.fromObject(
    { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: Math.floor(m / 60), minute: m % 60 },
    { zone },
  );
  const t = Math.min(...dt.getPossibleOffsets().map((d) => d.toMillis()));
  if (instants.size >= MAX_CACHED) instants.clear();
  instants.set(key, t);
  return t;
}

/**
 * The business time from `from` on, as ordered, disjoint [start, end) pieces (the first clipped at
 * `from`). With `until`, stops after the local days that can hold time before it; without, runs until
 * the caller stops, or throws when the calendar has no business time.
 */
function* businessPieces(from: number, cal: Prepared, until?: number): Generator<[number, number]> {
  // One day of margin on each side: a zone falling back across midnight can put part of the previous
  // local day after `from` (and part of the next day before `until`).
  const last = until === undefined ? Infinity : dateOf(until, cal.zone) + DAY_MS;
  let cursor = from;
  let idle = 0;
  let n = 0;
  for (let date = dateOf(from, cal.zone) - DAY_MS; date <= last; date += DAY_MS) {
    if (++n > MAX_DAYS) throw new Error('The business calendar is too sparse: gave up after 200 years of calendar days');
    let found = false;
    const hours = cal.holidays.has(new Date(date).toISOString().slice(0, 10)) ? [] : cal.week[new Date(date).getUTCDay()]!;
    for (const [startMin, endMin] of hours) {
      // The cursor keeps pieces disjoint even if DST shifting made two intervals overlap.
      const start = Math.max(wallInstant(date, startMin, cal.zone), cursor);
      const end = wallInstant(date, endMin, cal.zone);
      if (end <= start) continue;
      found = true;
      cursor = end;
      yield [start, end];
    }
    idle = found ? 0 : idle + 1;
    if (until === undefined && idle > MAX_IDLE_DAYS) throw new Error('The business calendar has no business time (20 years without a business minute)');
  }
}

const instant = (d: Date, name: string): number => {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new RangeError(`${name} is not a valid date`);
  return t;
};

/**
 * The instant at which exactly `minutes` business minutes have elapsed since `start`. Landing exactly on
 * the end of an interval answers that end (not the next opening). 0 minutes means "now": `start` itself,
 * even outside business time (nothing has to elapse). Fractional minutes are rounded to the millisecond.
 */
export function addBusinessMinutes(start: Date, minutes: number, calendar: Calendar): Date {
  const t = instant(start, 'start');
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`Business minutes must be a finite number ≥ 0, got ${minutes}`);
  const cal = prepare(calendar);
  let remaining = Math.round(minutes * MINUTE_MS);
  if (remaining === 0) return new Date(t);
  if (cal.plain) return new Date(t + remaining);
  for (const [s, e] of businessPieces(t, cal)) {
    if (remaining <= e - s) return new Date(s + remaining);
    remaining -= e - s;
  }
  throw new Error('unreachable: businessPieces without `until` never ends normally');
}

/** Business minutes in [from, to); 0 when to <= from. Fractional when the span is not whole minutes. */
export function businessMinutesBetween(from: Date, to: Date, calendar: Calendar): number {
  const [a, b] = [instant(from, 'from'), instant(to, 'to')];
  const cal = prepare(calendar);
  if (b <= a) return 0;
  if (cal.plain) return (b - a) / MINUTE_MS;
  let ms = 0;
  for (const [s, e] of businessPieces(a, cal, b)) {
    if (s >= b) break;
    ms += Math.min(e, b) - s;
  }
  return ms / MINUTE_MS;
}
