import { describe, expect, it } from 'vitest';
import { mergeRefusal } from './partner.rules.ts';

const p = (id: string, status: 'active' | 'closed' | 'merged' = 'active', mergedInto?: string) => ({ id, name: id, status, ...(mergedInto ? { mergedInto } : {}) });

describe('merge refusal', () => {
  it('allows an active or closed partner into an active survivor', () => {
    expect(mergeRefusal(p('A'), 'S', p('S'), ['S'])).toBeNull();
    expect(mergeRefusal(p('A', 'closed'), 'S', p('S'), ['S'])).toBeNull();
  });

  it('allows merging again into the same survivor (a retry)', () => {
    expect(mergeRefusal(p('A', 'merged', 'S'), 'S', p('S'), ['S'])).toBeNull();
  });

  it('refuses itself, an already merged partner, a missing survivor', () => {
    expect(mergeRefusal(p('A'), 'A', p('A'), ['A'])?.code).toBe('self');
    expect(mergeRefusal(p('A', 'merged', 'X'), 'S', p('S'), ['S'])?.code).toBe('already_merged');
    expect(mergeRefusal(p('A'), 'S', null, [])?.code).toBe('missing_survivor');
  });

  it('refuses a survivor whose merges lead back to the partner (a cycle), before its status', () => {
    expect(mergeRefusal(p('A'), 'B', p('B', 'merged', 'A'), ['B', 'A'])?.code).toBe('merge_cycle');
    expect(mergeRefusal(p('A'), 'C', p('C', 'merged', 'B'), ['C', 'B', 'A'])?.code).toBe('merge_cycle');
  });

  it('refuses a closed or merged survivor', () => {
    expect(mergeRefusal(p('A'), 'S', p('S', 'closed'), ['S'])?.code).toBe('survivor_not_active');
    expect(mergeRefusal(p('A'), 'S', p('S', 'merged', 'T'), ['S', 'T'])?.code).toBe('survivor_not_active');
  });
});
