// A tenant's Priorities and Sources tabs (labels, colours, order, enabled sources), read once per
// tenant and shared by every ticket page; an admin's save refreshes them at once.
import { useEffect, useSyncExternalStore } from 'react';
import type { Priority, Source } from '../../../shared/settings/settings.schema.ts';
import { api } from './api.ts';

export type PriorityOption = { key: Priority; label: string; color: string; order: number };
export type SourceOption = { key: Source; label: string; enabled: boolean };
export type TenantDisplay = {
  /** In the tenant's order. */
  priorities: PriorityOption[];
  sources: SourceOption[];
  priorityLabel(key: string): string;
  priorityColor(key: string): string | undefined;
  sourceLabel(key: string): string;
};

const TTL_MS = 60_000;

// SPEC §3 Settings defaults (as `settingsDefaults` in shared/settings/settings.schema.ts, restated so
// the ticket screens do not load zod): what shows until the tenant's tabs arrive.
const DEFAULT_PRIORITIES: PriorityOption[] = [
  { key: 'low', label: 'Low', color: '#6b7280', order: 0 },
  { key: 'medium', label: 'Medium', color: '#2563eb', order: 1 },
  { key: 'high', label: 'High', color: '#d97706', order: 2 },
  { key: 'urgent', label: 'Urgent', color: '#dc2626', order: 3 },
];
const DEFAULT_SOURCES: SourceOption[] = (['portal', 'email', 'phone', 'chat', 'api'] as const).map((key) => ({
  key,
  label: key === 'api' ? 'API' : key[0]!.toUpperCase() + key.slice(1),
  enabled: true,
}));
type Entry = { at: number; priorities?: PriorityOption[]; sources?: SourceOption[]; loading: boolean };
const entries = new Map<string, Entry>();
const listeners = new Set<() => void>();
const snapshots = new Map<string, TenantDisplay>();

function emit(tenantId: string) {
  snapshots.delete(tenantId);
  for (const listener of [...listeners]) listener();
}

function build(entry: Entry | undefined): TenantDisplay {
  const priorities = [...(entry?.priorities ?? DEFAULT_PRIORITIES)].sort((a, b) => a.order - b.order);
  const sources = entry?.sources ?? DEFAULT_SOURCES;
  const pMap = new Map(priorities.map((p) => [p.key as string, p]));
  const sMap = new Map(sources.map((s) => [s.key as string, s]));
  return {
    priorities,
    sources,
    priorityLabel: (key) => pMap.get(key)?.label ?? key,
    priorityColor: (key) => pMap.get(key)?.color,
    sourceLabel: (key) => sMap.get(key)?.label ?? key,
  };
}

const path = (tenantId: string, tab: string) => `/api/tenants/${encodeURIComponent(tenantId)}/settings/${tab}`;

function load(tenantId: string) {
  const current = entries.get(tenantId);
  if (current && (current.loading || Date.now() - current.at < TTL_MS)) return;
  const entry: Entry = { at: Date.now(), loading: true, priorities: current?.priorities, sources: current?.sources };
  entries.set(tenantId, entry);
  void Promise.allSettled([
    api.get<{ items: PriorityOption[] }>(path(tenantId, 'priorities')),
    api.get<{ items: SourceOption[] }>(path(tenantId, 'sources')),
  ]).then(([priorities, sources]) => {
    // A failure keeps SPEC's defaults (or what was known) and is retried after the TTL.
    entries.set(tenantId, {
      at: Date.now(),
      loading: false,
      priorities: priorities.status === 'fulfilled' ? priorities.value.items : entry.priorities,
      sources: sources.status === 'fulfilled' ? sources.value.items : entry.sources,
    });
    emit(tenantId);
  });
}

/** After an admin saved a tab: the new values, everywhere, now. */
export function updateTenantDisplay(tenantId: string, change: { priorities?: PriorityOption[]; sources?: SourceOption[] }) {
  const current = entries.get(tenantId) ?? { at: Date.now(), loading: false };
  entries.set(tenantId, { ...current, ...change, at: Date.now() });
  emit(tenantId);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const defaults = build(undefined);

/** The tenant's priority/source display; SPEC defaults until loaded (or without a tenant). */
export function useTenantDisplay(tenantId: string | undefined): TenantDisplay {
  useEffect(() => {
    if (tenantId) load(tenantId);
  }, [tenantId]);
  return useSyncExternalStore(subscribe, () => {
    if (!tenantId) return defaults;
    let snapshot = snapshots.get(tenantId);
    if (!snapshot) {
      snapshot = build(entries.get(tenantId));
      snapshots.set(tenantId, snapshot);
    }
    return snapshot;
  });
}
