// SLA dashboard shapes (SPEC §3 "SLA dashboard", §4 `SlaDashboard`): the query the API takes and the
// answer the web reads.
import * as z from 'zod';
import type { TicketListItem } from '../ticket/ticket.schema.ts';

export const TREND_DAYS = 7;
export const RECENT_TICKETS = 10;

const id = z.string().trim().min(1).max(100);

export const slaDashboardQuerySchema = z
  .strictObject({ tenant: id.optional(), queue: id.optional() })
  // Queue ids are only unique within a tenant.
  .refine((q) => !q.queue || q.tenant, { path: ['queue'], message: 'A queue filter needs a tenant filter' });
export type SlaDashboardQuery = z.infer<typeof slaDashboardQuerySchema>;

export type Tiles = { open: number; breached: number; escalated: number };
export type DayFigures = { created: number; resolved: number; breached: number };
export type TrendDay = { date: string } & DayFigures;

export type SlaDashboard = {
  tiles: Tiles;
  trend: { timeZone: string; days: TrendDay[] };
  recent: TicketListItem[];
};
