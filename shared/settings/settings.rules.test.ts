import { describe, expect, it } from 'vitest';
import { businessHoursIssues, isCalendarDate, isIanaTimeZone, repeats, sourceEnabled } from './settings.rules.ts';
import { policiesTabSchema, settingsDefaults, settingsTabSchemas, whatsAppTabSchema } from './settings.schema.ts';

describe('isIanaTimeZone', () => {
  it.each(['UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata', 'Etc/GMT+5'])('%s is a time zone', (tz) => expect(isIanaTimeZone(tz)).toBe(true));
  it.each(['', 'Berlin', 'Europe/Nowhere', 'CET; drop table', '../etc/passwd', '+01:00'])('%j is not', (tz) => expect(isIanaTimeZone(tz)).toBe(false));
});

describe('isCalendarDate', () => {
  it.each(['2026-01-01', '2024-02-29', '2026-12-31'])('%s is a day', (d) => expect(isCalendarDate(d)).toBe(true));
  it.each(['2026-02-29', '2026-13-01', '2026-04-31', '2026-00-10', '2026-1-1', '26-01-01', '2026-01-01T00:00'])('%s is not', (d) => expect(isCalendarDate(d)).toBe(false));
});

describe('businessHoursIssues', () => {
  it('accepts a working week and a split day, and 24:00 as an end', () => {
    expect(businessHoursIssues([1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })))).toEqual([]);
    expect(businessHoursIssues([{ day: 1, start: '08:00', end: '12:00' }, { day: 1, start: '12:00', end: '24:00' }])).toEqual([]);
  });

  it('refuses an end not after its start', () => {
    expect(businessHoursIssues([{ day: 1, start: '17:00', end: '09:00' }, { day: 2, start: '09:00', end: '09:00' }]).map((i) => [i.path, i.code])).toEqual([
      [[0, 'end'], 'end_before_start'],
      [[1, 'end'], 'end_before_start'],
    ]);
  });

  it('refuses overlapping intervals of one day, not of different days', () => {
    expect(businessHoursIssues([{ day: 1, start: '09:00', end: '13:00' }, { day: 1, start: '12:00', end: '17:00' }]).map((i) => [i.path, i.code])).toEqual([[[1], 'overlap']]);
    expect(businessHoursIssues([{ day: 1, start: '09:00', end: '13:00' }, { day: 2, start: '12:00', end: '17:00' }])).toEqual([]);
  });
});

describe('repeats and sourceEnabled', () => {
  it('names each repeat after the first', () => expect(repeats(['a', 'b', 'a', 'a', 'c'])).toEqual([2, 3]));
  it('enables a source unless the tab disables it', () => {
    expect(sourceEnabled(undefined, 'email')).toBe(true);
    const tab = { items: [{ key: 'email', enabled: false }, { key: 'phone', enabled: true }] };
    expect(sourceEnabled(tab, 'email')).toBe(false);
    expect(sourceEnabled(tab, 'phone')).toBe(true);
    expect(sourceEnabled(tab, 'chat')).toBe(true);
  });
});

describe('tab schemas', () => {
  it('accept their own defaults', () => {
    for (const [tab, value] of Object.entries(settingsDefaults)) expect(settingsTabSchemas[tab as keyof typeof settingsDefaults].safeParse(value).success, tab).toBe(true);
  });

  const paths = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => (r.error?.issues ?? []).map((i) => i.path.join('.'));

  it('policies: time zone, dates and hours are checked', () => {
    const ok = { ...settingsDefaults.policies, timeZone: 'Europe/Berlin', businessHours: [{ day: 1, start: '09:00', end: '17:00' }], holidays: ['2026-12-25'] };
    expect(policiesTabSchema.safeParse(ok).success).toBe(true);
    expect(paths(policiesTabSchema.safeParse({ ...ok, timeZone: 'Mars/Olympus' }))).toEqual(['timeZone']);
    expect(paths(policiesTabSchema.safeParse({ ...ok, holidays: ['2026-02-30', '2026-12-25', '2026-12-25'] }))).toEqual(['holidays.0', 'holidays.2']);
    expect(paths(policiesTabSchema.safeParse({ ...ok, businessHours: [{ day: 1, start: '18:00', end: '09:00' }] }))).toEqual(['businessHours.0.end']);
    expect(paths(policiesTabSchema.safeParse({ ...ok, businessHours: [{ day: 7, start: '9:00', end: '17:00' }] })).sort()).toEqual(['businessHours.0.day', 'businessHours.0.start']);
  });

  it('whatsapp: the Graph API limits of a list message, one row per skill, ids once', () => {
    const menu = settingsDefaults.whatsapp.menu;
    const parse = (patch: Record<string, unknown>) => paths(whatsAppTabSchema.safeParse({ phoneNumberIds: ['1'], menu: { ...menu, ...patch } }));
    expect(parse({})).toEqual([]);
    expect(parse({ header: 'h'.repeat(60), body: 'b'.repeat(1024), button: 'x'.repeat(20) })).toEqual([]);
    expect(parse({ header: 'h'.repeat(61) })).toEqual(['menu.header']);
    expect(parse({ body: '' })).toEqual(['menu.body']);
    expect(parse({ body: 'b'.repeat(1025) })).toEqual(['menu.body']);
    expect(parse({ button: '' })).toEqual(['menu.button']);
    expect(parse({ button: 'x'.repeat(21) })).toEqual(['menu.button']);
    expect(parse({ rows: menu.rows.slice(0, 2) })).toEqual(['menu.rows']);
    expect(parse({ rows: [...menu.rows, menu.rows[0]] })).toEqual(['menu.rows']);
    expect(parse({ rows: [menu.rows[0], menu.rows[0], menu.rows[2]] })).toEqual(['menu.rows.1.skill']);
    expect(parse({ rows: [{ ...menu.rows[0], title: 't'.repeat(25) }, menu.rows[1], menu.rows[2]] })).toEqual(['menu.rows.0.title']);
    expect(parse({ rows: [{ ...menu.rows[0], title: '' }, menu.rows[1], menu.rows[2]] })).toEqual(['menu.rows.0.title']);
    expect(parse({ rows: [menu.rows[0], { ...menu.rows[1], description: 'd'.repeat(73) }, menu.rows[2]] })).toEqual(['menu.rows.1.description']);
    expect(paths(whatsAppTabSchema.safeParse({ phoneNumberIds: ['1', '2', '1'], menu }))).toEqual(['phoneNumberIds.2']);
    expect(paths(whatsAppTabSchema.safeParse({ phoneNumberIds: ['+1 555'], menu }))).toEqual(['phoneNumberIds.0']);
  });

  it('priorities and sources: each key once', () => {
    const items = settingsDefaults.sources.items;
    expect(paths(settingsTabSchemas.sources.safeParse({ items: [...items.slice(0, 4), items[0]] }))).toEqual(['items.4.key']);
  });
});
