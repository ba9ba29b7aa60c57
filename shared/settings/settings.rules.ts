// Pure checks of settings values that a shape alone cannot express: IANA time zones, calendar dates,
// business hours that make sense, one menu row per skill, phone number ids listed once.
export type Issue = { path: (string | number)[]; code: string; message: string };

let zones: Set<string> | undefined;

/** An IANA time zone name this runtime knows (`Europe/Berlin`, `UTC`). */
export function isIanaTimeZone(name: string): boolean {
  zones ??= new Set(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []);
  if (zones.has(name) || name === 'UTC') return true;
  // Aliases (`Etc/UTC`, `Asia/Calcutta`) are not listed by supportedValuesOf but are valid names.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** `YYYY-MM-DD` naming a real day (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Each interval starts before it ends; intervals of one day do not overlap. */
export function businessHoursIssues(hours: readonly { day: number; start: string; end: string }[]): Issue[] {
  const issues: Issue[] = [];
  hours.forEach((h, i) => {
    if (minutesOf(h.start) >= minutesOf(h.end)) issues.push({ path: [i, 'end'], code: 'end_before_start', message: `Opening hours must end after they start (${h.start}–${h.end})` });
  });
  for (let i = 0; i < hours.length; i++) {
    for (let j = 0; j < i; j++) {
      const [a, b] = [hours[i]!, hours[j]!];
      if (a.day === b.day && minutesOf(a.start) < minutesOf(b.end) && minutesOf(b.start) < minutesOf(a.end)) {
        issues.push({ path: [i], code: 'overlap', message: `Overlaps ${b.start}–${b.end} of the same day` });
      }
    }
  }
  return issues;
}

/** Positions of values listed more than once (each repeat after the first). */
export function repeats<T>(values: readonly T[]): number[] {
  const seen = new Set<T>();
  const out: number[] = [];
  values.forEach((v, i) => (seen.has(v) ? out.push(i) : seen.add(v)));
  return out;
}

/** Whether the Sources tab lets tickets come from `source` (a tab not saved enables every source). */
export function sourceEnabled(tab: { items: readonly { key: string; enabled: boolean }[] } | undefined, source: string): boolean {
  return tab?.items.find((i) => i.key === source)?.enabled ?? true;
}
