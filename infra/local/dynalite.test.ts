// The iterator streams the local store's queries read through: an iterator is closed when its
// stream ends or is destroyed early (a Limit), and never while a read is in progress.
import { describe, expect, it } from 'vitest';
import { type LevelIterator, iteratorStream } from './dynalite.ts';

function fakeIterator(values: unknown[], delayMs = 5) {
  const log: string[] = [];
  let i = 0;
  let reading = false;
  const iterator: LevelIterator = {
    async next() {
      if (log.includes('close')) throw new Error('LEVEL_ITERATOR_NOT_OPEN');
      reading = true;
      await new Promise((r) => setTimeout(r, delayMs));
      reading = false;
      log.push('next');
      return values[i++];
    },
    async close() {
      if (reading) throw new Error('closed during a read');
      log.push('close');
    },
  };
  return { iterator, log };
}

describe('iteratorStream', () => {
  it('reads every value and closes the iterator at the end', async () => {
    const { iterator, log } = fakeIterator(['a', 'b', 'c']);
    const seen: unknown[] = [];
    for await (const v of iteratorStream(iterator)) seen.push(v);
    expect(seen).toEqual(['a', 'b', 'c']);
    await new Promise((r) => setTimeout(r, 10));
    expect(log.filter((l) => l === 'close')).toEqual(['close']);
  });

  it('closes the iterator when destroyed early, after the read in progress', async () => {
    const { iterator, log } = fakeIterator(Array.from({ length: 100 }, (_, i) => i));
    const stream = iteratorStream(iterator);
    const first = await new Promise((resolve) => stream.once('data', resolve));
    expect(first).toBe(0);
    await new Promise<void>((resolve, reject) => {
      stream.destroy();
      stream.once('close', resolve);
      stream.once('error', reject);
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(log.at(-1)).toBe('close');
    expect(log.filter((l) => l === 'close')).toHaveLength(1);
  });
});
