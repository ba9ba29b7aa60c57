// Disk mode: what was written before a stop is there after a restart, and SIGTERM stops cleanly.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { createCounterRepo } from '../../shared/platform/counter.ts';
import { repoRoot } from './modules.ts';
import { startRuntime } from './runtime.ts';
import { tokenFor } from './testing.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'sd-restart-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('a runtime on disk', () => {
  it('keeps items, counters and its signing key across a restart', async () => {
    const dataDir = tempDir();
    const first = await startRuntime({ port: 0, dataDir });
    await first.db.client.send(new PutCommand({ TableName: first.db.table, Item: { pk: 'note', sk: 'x', text: 'survives' } }));
    expect(await createCounterRepo(first.db).next('restart')).toBe(1);
    const kid = first.issuer.jwks.keys[0]!.kid;
    await first.stop();

    const second = await startRuntime({ port: 0, dataDir });
    try {
      const item = await second.db.client.send(new GetCommand({ TableName: second.db.table, Key: { pk: 'note', sk: 'x' } }));
      expect(item.Item?.text).toBe('survives');
      expect(await createCounterRepo(second.db).next('restart')).toBe(2);
      expect(second.issuer.jwks.keys[0]!.kid).toBe(kid);
    } finally {
      await second.stop();
    }
  });
});

describe('stopping under load', () => {
  it('answers or refuses every request and never meets a closed store', async () => {
    const rt = await startRuntime({ port: 0, dataDir: tempDir() });
    const token = await tokenFor(rt, 'ada@acme.test');
    let stopped = false;
    const statuses: number[] = [];
    // Eight clients keep their connections busy until the runtime is gone.
    const clients = Array.from({ length: 8 }, async (_, c) => {
      for (let i = 0; !stopped && i < 500; i++) {
        const res = await fetch(`${rt.url}/api/tickets?limit=50${(c + i) % 2 ? '&q=printer' : ''}`, { headers: { authorization: `Bearer ${token}` } }).catch(() => null);
        if (!res) continue;
        statuses.push(res.status);
        await res.arrayBuffer().catch(() => undefined);
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await rt.stop();
    stopped = true;
    await Promise.all(clients);
    // Answered in full, or refused as the runtime stops (503) — never a 500 from a closed store.
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function start(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), POWERTOOLS_LOG_LEVEL: 'ERROR' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`not ready in time:\n${out}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Service Desk is ready at')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${out}`)));
  });
}

const exitOf = (child: ChildProcess) => new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

describe('npm start', () => {
  it('stops cleanly on SIGTERM and comes back with the same data and keys', async () => {
    const dataDir = tempDir();
    const port = await freePort();
    const url = `http://localhost:${port}`;
    const first = await start(dataDir, port);
    const token = await tokenFor({ url }, 'sam@acme.test');
    const exited = exitOf(first);
    first.kill('SIGTERM');
    expect(await exited).toBe(0);

    const second = await start(dataDir, port);
    try {
      const me = await fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { name: string }).name).toBe('Sam Stone');
    } finally {
      const done = exitOf(second);
      second.kill('SIGINT');
      expect(await done).toBe(0);
    }
  }, 120_000);
});
