// How times, sizes and enum values read in the UI.
import { useEffect, useState } from 'react';
import type { Breach, Priority, Source, Status } from './types.ts';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDateTime(iso: string | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/** "3 min ago", "in 2 h" — for lists, with the exact time in a title. */
export function formatRelative(iso: string | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const diff = new Date(iso).getTime() - now;
  if (Number.isNaN(diff)) return iso;
  const minutes = Math.round(Math.abs(diff) / 60_000);
  const text =
    minutes < 1 ? 'less than a minute' : minutes < 60 ? `${minutes} min` : minutes < 48 * 60 ? `${Math.round(minutes / 60)} h` : `${Math.round(minutes / 1440)} days`;
  if (minutes < 1) return 'just now';
  return diff < 0 ? `${text} ago` : `in ${text}`;
}

/** "1 h 02 min 05 s left" / "overdue by 3 min 10 s": the SLA countdown. */
export function formatCountdown(iso: string, now: number): { text: string; overdue: boolean } {
  const diff = new Date(iso).getTime() - now;
  const overdue = diff < 0;
  let seconds = Math.floor(Math.abs(diff) / 1000);
  const days = Math.floor(seconds / 86_400);
  seconds -= days * 86_400;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const parts = days > 0 ? `${days} d ${hours} h ${pad(minutes)} min` : hours > 0 ? `${hours} h ${pad(minutes)} min ${pad(seconds)} s` : `${minutes} min ${pad(seconds)} s`;
  return { text: overdue ? `overdue by ${parts}` : `${parts} left`, overdue };
}

/** The current time, ticking every `intervalMs` (for countdowns). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const statusLabels: Record<Status, string> = { open: 'Open', pending: 'Pending', resolved: 'Resolved', closed: 'Closed' };
export const priorityLabels: Record<Priority, string> = { low: 'Low', medium: 'Medium', high: 'High', urgent: 'Urgent' };
export const sourceLabels: Record<Source, string> = { portal: 'Portal', email: 'Email', phone: 'Phone', chat: 'Chat', api: 'API' };
export const breachLabels: Record<Breach, string> = { none: 'Not breached', first_response: 'First response breached', resolution: 'Resolution breached' };
