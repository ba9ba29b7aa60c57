// The tenant's reference data the ticket screens pick from (queues, agents, help topics), fetched
// once per tenant and shared by every page for a minute; and one tenant's queues read afresh.
import { useEffect, useState } from 'react';
import { api } from './api.ts';
import type { Agent, HelpTopic, Page, Queue } from './types.ts';
import { useApi } from './use-api.ts';

const TTL_MS = 60_000;
const cache = new Map<string, { at: number; promise: Promise<unknown[]> }>();

function loadItems<T>(path: string): Promise<T[]> {
  const hit = cache.get(path);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.promise as Promise<T[]>;
  const promise = api.get<Page<T>>(path).then((page) => page.items);
  cache.set(path, { at: Date.now(), promise });
  promise.catch(() => cache.delete(path)); // a failure is not remembered
  return promise;
}

export type Lookups = {
  queues: Queue[];
  agents: Agent[];
  helpTopics: HelpTopic[];
};

export type TenantLookups = {
  /** Per tenant id; a tenant still loading is absent. */
  byTenant: Record<string, Lookups>;
  loading: boolean;
  error: unknown;
};

const base = (tenantId: string) => `/api/tenants/${encodeURIComponent(tenantId)}`;

/** Queues, agents and help topics of each tenant in `tenantIds`. */
export function useTenantLookups(tenantIds: readonly string[]): TenantLookups {
  const key = tenantIds.join(',');
  const [state, setState] = useState<{ key: string; byTenant: Record<string, Lookups>; error: unknown; done: boolean }>({
    key: '',
    byTenant: {},
    error: null,
    done: false,
  });

  useEffect(() => {
    let cancelled = false;
    const ids = key ? key.split(',') : [];
    Promise.allSettled(
      ids.map(async (tenantId) => {
        const [queues, agents, helpTopics] = await Promise.all([
          loadItems<Queue>(`${base(tenantId)}/queues`),
          loadItems<Agent>(`${base(tenantId)}/agents`),
          loadItems<HelpTopic>(`${base(tenantId)}/help-topics`),
        ]);
        return [tenantId, { queues, agents, helpTopics }] as const;
      }),
    ).then((results) => {
      if (cancelled) return;
      const byTenant: Record<string, Lookups> = {};
      let error: unknown = null;
      for (const result of results) {
        if (result.status === 'fulfilled') byTenant[result.value[0]] = result.value[1];
        else error ??= result.reason;
      }
      setState({ key, byTenant, error, done: true });
    });
    return () => {
      cancelled = true;
    };
  }, [key]);

  if (state.key !== key) return { byTenant: {}, loading: true, error: null };
  return { byTenant: state.byTenant, loading: !state.done, error: state.error };
}

export const nameOf = <T extends { id: string; name: string }>(items: readonly T[] | undefined, id: string | undefined): string | undefined =>
  id === undefined ? undefined : items?.find((item) => item.id === id)?.name;

/**
 * The queues of one tenant as they are now (not from the minute's cache above: the admin screens show
 * their own changes at once), for a select; `null` waits (no tenant yet).
 */
export function useTenantQueues(tenantId: string | null): { queues: Queue[]; loading: boolean; error: unknown } {
  const { state } = useApi<Page<Queue>>(tenantId ? `${base(tenantId)}/queues` : null);
  return { queues: state.status === 'ready' ? state.data.items : [], loading: state.status === 'loading', error: state.status === 'error' ? state.error : null };
}
