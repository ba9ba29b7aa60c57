// Settings tabs (SPEC §3 Settings) and the defaults of a tenant that has not saved a tab.
import * as z from 'zod';
import { businessHoursIssues, isCalendarDate, isIanaTimeZone, repeats } from './settings.rules.ts';

export const priorities = ['low', 'medium', 'high', 'urgent'] as const;
export type Priority = (typeof priorities)[number];
export const sources = ['portal', 'email', 'phone', 'chat', 'api'] as const;
export type Source = (typeof sources)[number];
export const skills = ['support.create_ticket', 'support.get_ticket_status', 'support.list_my_tickets'] as const;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');

/** Each of `keys` exactly once (a repeat is named by its position). */
const eachKeyOnce = (items: readonly { key: string }[], ctx: z.RefinementCtx) => {
  for (const i of repeats(items.map((it) => it.key))) ctx.addIssue({ code: 'custom', path: ['items', i, 'key'], message: 'Listed twice' });
};

export const prioritiesTabSchema = z
  .strictObject({
    items: z
      .array(z.strictObject({ key: z.enum(priorities), label: z.string().trim().min(1).max(40), color: z.string().regex(/^#[0-9a-fA-F]{6}$/), order: z.number().int().min(0) }))
      .length(priorities.length),
  })
  .superRefine((tab, ctx) => eachKeyOnce(tab.items, ctx));

export const sourcesTabSchema = z
  .strictObject({
    items: z.array(z.strictObject({ key: z.enum(sources), label: z.string().trim().min(1).max(40), enabled: z.boolean() })).length(sources.length),
  })
  .superRefine((tab, ctx) => eachKeyOnce(tab.items, ctx));

export const routingTabSchema = z.strictObject({
  autoAssign: z.boolean(),
  rerouteOnUpdate: z.boolean(),
  defaultQueueId: z.string().min(1).max(100),
});

export const policiesTabSchema = z.strictObject({
  timeZone: z.string().min(1).max(64).refine(isIanaTimeZone, 'Not an IANA time zone name (e.g. Europe/Berlin)'),
  /** Empty means around the clock. */
  businessHours: z
    .array(z.strictObject({ day: z.number().int().min(0).max(6), start: hhmm, end: hhmm }))
    .max(7 * 8)
    .superRefine((hours, ctx) => {
      for (const issue of businessHoursIssues(hours)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
    }),
  holidays: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD').refine(isCalendarDate, 'Not a calendar date'))
    .max(366)
    .superRefine((days, ctx) => {
      for (const i of repeats(days)) ctx.addIssue({ code: 'custom', path: [i], message: 'Listed twice' });
    }),
  pauseOnPending: z.boolean(),
  reopenWindowDays: z.number().int().min(0).max(365),
  autoCloseResolvedAfterDays: z.number().int().min(1).max(365),
  targets: z.record(
    z.enum(priorities),
    z.strictObject({ firstResponseMinutes: z.number().int().min(1).max(525_600), resolutionMinutes: z.number().int().min(1).max(525_600) }),
  ),
});

/** Graph API limits of an interactive list message (header ≤ 60, body 1–1024, button 1–20, row title 1–24, description ≤ 72). */
export const whatsAppTabSchema = z.strictObject({
  phoneNumberIds: z
    .array(z.string().regex(/^\d{1,32}$/, 'Digits only'))
    .max(20)
    .superRefine((ids, ctx) => {
      for (const i of repeats(ids)) ctx.addIssue({ code: 'custom', path: [i], message: 'Listed twice' });
    }),
  menu: z.strictObject({
    header: z.string().max(60).optional(),
    body: z.string().min(1).max(1024),
    button: z.string().min(1).max(20),
    // One row per skill: three rows, each skill once.
    rows: z
      .array(z.strictObject({ skill: z.enum(skills), title: z.string().min(1).max(24), description: z.string().max(72).optional() }))
      .length(skills.length)
      .superRefine((rows, ctx) => {
        for (const i of repeats(rows.map((r) => r.skill))) ctx.addIssue({ code: 'custom', path: [i, 'skill'], message: 'Each skill has one row' });
      }),
  }),
});

export const settingsTabSchemas = {
  priorities: prioritiesTabSchema,
  sources: sourcesTabSchema,
  routing: routingTabSchema,
  policies: policiesTabSchema,
  whatsapp: whatsAppTabSchema,
} as const;

export type SettingsTab = keyof typeof settingsTabSchemas;
export type SettingsValue<T extends SettingsTab> = z.infer<(typeof settingsTabSchemas)[T]>;
export type RoutingTab = SettingsValue<'routing'>;
export type PoliciesTab = SettingsValue<'policies'>;
export type WhatsAppTab = SettingsValue<'whatsapp'>;

const capitalized = (s: string) => s[0]!.toUpperCase() + s.slice(1);

/**
 * Defaults for a tab the tenant has not saved. The routing tab's default depends on the tenant's
 * queues (see `routingDefaults` in settings.service.ts): its oldest queue is the default until one is chosen.
 */
export const settingsDefaults = {
  priorities: {
    items: priorities.map((key, order) => ({ key, label: capitalized(key), color: ['#6b7280', '#2563eb', '#d97706', '#dc2626'][order]!, order })),
  },
  sources: { items: sources.map((key) => ({ key, label: capitalized(key), enabled: true })) },
  policies: {
    timeZone: 'UTC',
    businessHours: [],
    holidays: [],
    pauseOnPending: true,
    reopenWindowDays: 14,
    autoCloseResolvedAfterDays: 7,
    targets: {
      urgent: { firstResponseMinutes: 30, resolutionMinutes: 240 },
      high: { firstResponseMinutes: 60, resolutionMinutes: 480 },
      medium: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
      low: { firstResponseMinutes: 480, resolutionMinutes: 2880 },
    },
  },
  whatsapp: {
    phoneNumberIds: [],
    menu: {
      header: 'Support',
      body: 'How can we help? Choose an option.',
      button: 'Options',
      rows: [
        { skill: 'support.create_ticket', title: 'Open a ticket', description: 'Tell us what went wrong' },
        { skill: 'support.get_ticket_status', title: 'Ticket status', description: 'Look up a ticket by its number' },
        { skill: 'support.list_my_tickets', title: 'My tickets', description: 'Your five latest tickets' },
      ],
    },
  },
} satisfies { [K in Exclude<SettingsTab, 'routing'>]: SettingsValue<K> };
