// runOnce over dynalite: at most one completed run per key, a concurrent delivery told to come back,
// a failed run retried at once, a run that died retried once its lease expires.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTable, type TestTable } from '../../infra/local/testing.ts';
import { WorkInProgressError, createIdempotencyRepo, runOnce } from './idempotency.ts';

let db: TestTable;
beforeAll(async () => {
  db = await startTestTable();
});
afterAll(async () => db.stop());

const at = (seconds: number) => ({ now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds)) });
const times = { leaseSeconds: 45, keepSeconds: 3600 };

describe('runOnce', () => {
  it('runs the work once; a redelivery after it finished does nothing', async () => {
    let runs = 0;
    expect(await runOnce({ db, clock: at(0) }, 's', 'a', times, async () => void runs++)).toBe(true);
    expect(await runOnce({ db, clock: at(10) }, 's', 'a', times, async () => void runs++)).toBe(false);
    expect(runs).toBe(1);
  });

  it('tells a delivery that arrives while another runs to come back, and lets it run if the first failed', async () => {
    let release!: () => void;
    const first = runOnce({ db, clock: at(0) }, 's', 'b', times, () => new Promise<void>((ok) => (release = ok)));
    await new Promise((ok) => setTimeout(ok, 50));
    await expect(runOnce({ db, clock: at(1) }, 's', 'b', times, async () => undefined)).rejects.toBeInstanceOf(WorkInProgressError);
    release();
    expect(await first).toBe(true);

    await expect(runOnce({ db, clock: at(0) }, 's', 'c', times, async () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    let ran = false;
    expect(await runOnce({ db, clock: at(1) }, 's', 'c', times, async () => void (ran = true))).toBe(true);
    expect(ran).toBe(true);
  });

  it('takes over the lease of a delivery that died, once the lease has run out', async () => {
    // A delivery that began and never finished (its function timed out).
    expect(await createIdempotencyRepo(db).begin('s', 'd', at(0).now(), 45)).toBe('go');
    await expect(runOnce({ db, clock: at(30) }, 's', 'd', times, async () => undefined)).rejects.toBeInstanceOf(WorkInProgressError);
    let ran = false;
    expect(await runOnce({ db, clock: at(46) }, 's', 'd', times, async () => void (ran = true))).toBe(true);
    expect(ran).toBe(true);
  });

  it('keeps a finished record until its keep runs out, then the housekeeping deletes it', async () => {
    await runOnce({ db, clock: at(0) }, 's', 'e', times, async () => undefined);
    const repo = createIdempotencyRepo(db);
    expect(await repo.begin('s', 'e', at(3599).now(), 45)).toBe('done');
    expect(await repo.deleteExpired(new Date(Date.UTC(2026, 0, 1, 2)))).toBeGreaterThanOrEqual(1);
    expect(await repo.begin('s', 'e', new Date(Date.UTC(2026, 0, 1, 2)), 45)).toBe('go');
  });
});
