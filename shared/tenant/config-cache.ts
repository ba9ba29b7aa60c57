// A tenant's configuration kept per warm function and revalidated with one small read: every
// configuration write bumps the tenant's stamp (a counter item), so a change applies to the very
// next request while the routing path does not re-read rules, topics and settings each time.
import { batchGet } from '../platform/batch.ts';
import { createCounterRepo } from '../platform/counter.ts';
import type { Db } from '../platform/db.ts';
import { createTenantConfigRepo, type TenantConfig } from './tenant-config.ts';

const stampScope = (tenantId: string) => `config#${tenantId}`;

type Entry = { stamp: number; config: TenantConfig };
const caches = new WeakMap<Db, Map<string, Entry>>();

/** Marks the tenant's configuration as changed; call after the write. */
export async function bumpConfigStamp(db: Db, tenantId: string): Promise<void> {
  await createCounterRepo(db).next(stampScope(tenantId));
}

/** The tenant's configuration: one GetItem when nothing changed since the last read, else that plus the one Query. */
export async function loadTenantConfig(db: Db, tenantId: string): Promise<TenantConfig> {
  return (await loadTenantConfigWith(db, tenantId, [])).config;
}

/**
 * The configuration, with other items read in the same BatchGetItem as the stamp (a create reads its
 * requester's partner this way): `items` in the order of `keys`, undefined where missing.
 */
export async function loadTenantConfigWith(db: Db, tenantId: string, keys: Record<string, unknown>[]): Promise<{ config: TenantConfig; items: (Record<string, unknown> | undefined)[] }> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const counters = createCounterRepo(db);
  // The stamp is read before the configuration: a write landing in between leaves a newer
  // configuration under an older stamp, which the next call reloads — never the reverse.
  let stamp: number;
  let items: (Record<string, unknown> | undefined)[] = [];
  if (keys.length === 0) stamp = await counters.current(stampScope(tenantId));
  else {
    const [stampItem, ...rest] = await batchGet(db, [counters.keyOf(stampScope(tenantId)), ...keys], { consistent: true });
    stamp = counters.valueOf(stampItem);
    items = rest;
  }
  const config = await configFor(db, cache, tenantId, stamp);
  return { config, items };
}

async function configFor(db: Db, cache: Map<string, Entry>, tenantId: string, stamp: number): Promise<TenantConfig> {
  const hit = cache.get(tenantId);
  if (hit && hit.stamp === stamp) return hit.config;
  const config = await createTenantConfigRepo(db).load(tenantId);
  cache.set(tenantId, { stamp, config });
  return config;
}
