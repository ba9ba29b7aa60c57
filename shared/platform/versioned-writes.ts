// The guarded writes every configuration item (queue, help topic, canned response, routing rule)
// takes: create while its id is free, replace or delete while it is still at the version the caller
// read. Each answers false when its condition does not hold (a 409 to the caller), never throws it.
import { conditionalWrite } from './db.ts';

type Go = { go(options: { response: 'none' }): Promise<unknown> };
type Guarded = { where(condition: (attributes: { version: unknown }, op: { eq(attribute: unknown, value: unknown): string }) => string): Go };

/** What an ElectroDB entity with a `version` attribute offers these writes. */
type VersionedEntity<T, K> = { create(item: T): Go; put(item: T): Guarded; delete(key: K): Guarded };

export type VersionedWrites<T, K> = {
  create(item: T): Promise<boolean>;
  replace(item: T, expectedVersion: number): Promise<boolean>;
  remove(key: K, expectedVersion: number): Promise<boolean>;
};

/** `electroEntity`: an ElectroDB entity of items `T` keyed by `K`, with a numeric `version` attribute. */
export function versionedWrites<T, K = { tenantId: string; id: string }>(electroEntity: object): VersionedWrites<T, K> {
  // ElectroDB's generic types do not abstract over entities; the shape these writes use is the one above.
  const entity = electroEntity as VersionedEntity<T, K>;
  // A missing item has no version: the same condition refuses it.
  const atVersion = (expectedVersion: number) => (a: { version: unknown }, op: { eq(attribute: unknown, value: unknown): string }) => op.eq(a.version, expectedVersion);
  return {
    create: (item) => conditionalWrite(entity.create(item).go({ response: 'none' })),
    replace: (item, expectedVersion) => conditionalWrite(entity.put(item).where(atVersion(expectedVersion)).go({ response: 'none' })),
    remove: (key, expectedVersion) => conditionalWrite(entity.delete(key).where(atVersion(expectedVersion)).go({ response: 'none' })),
  };
}
