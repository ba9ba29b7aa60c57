// Pure rules of partner merges: whether a merge may happen.
import type { Partner } from './partner.repo.ts';

export type MergeRefusal = { code: 'self' | 'already_merged' | 'missing_survivor' | 'merge_cycle' | 'survivor_not_active'; message: string };

/**
 * Why `source` may not be merged into `survivorId`, or null. `survivor` is that partner (null when it
 * does not exist in the tenant) and `survivorChain` the ids its merges lead through (itself first).
 * Merging again into the same survivor is allowed: it re-points what still points at the source.
 */
export function mergeRefusal(
  source: Pick<Partner, 'id' | 'status' | 'mergedInto'>,
  survivorId: string,
  survivor: Pick<Partner, 'id' | 'name' | 'status'> | null,
  survivorChain: readonly string[],
): MergeRefusal | null {
  if (survivorId === source.id) return { code: 'self', message: 'A partner cannot be merged into itself' };
  if (source.status === 'merged' && source.mergedInto !== survivorId) {
    return { code: 'already_merged', message: `${source.id} is already merged into ${source.mergedInto}` };
  }
  if (!survivor) return { code: 'missing_survivor', message: `Business partner ${survivorId} does not exist` };
  if (survivorChain.includes(source.id)) return { code: 'merge_cycle', message: `${survivorId} was merged into ${source.id}: merging back would make a cycle` };
  if (survivor.status !== 'active') return { code: 'survivor_not_active', message: `${survivor.name} (${survivor.id}) is ${survivor.status}: merge into an active partner` };
  return null;
}
