// Builds the web app (web/ → web/dist) with Vite, only when its sources changed since the last build.
// `tsx infra/local/build.ts --force` (npm run build) always builds.
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const webDir = fileURLToPath(new URL('../../web/', import.meta.url));
const configFile = path.join(webDir, 'vite.config.ts');
const builtIndex = path.join(webDir, 'dist', 'index.html');
/** Everything the built site depends on; a change to any of these makes web/dist stale. */
const sources = [path.join(webDir, 'src'), path.join(webDir, 'public'), path.join(webDir, 'index.html'), configFile];

export type BuildWebOptions = { force?: boolean; log?: (line: string) => void };

export async function buildWeb(options: BuildWebOptions = {}): Promise<{ built: boolean }> {
  const log = options.log ?? ((line: string) => console.log(line));
  if (!options.force && !(await isStale())) return { built: false };

  // Test files (and `npm start` beside them) may ask at the same time: one builds, the others wait.
  const release = await lock();
  try {
    if (!options.force && !(await isStale())) return { built: false };
    log('Building the web app…');
    const started = performance.now();
    await viteBuild();
    log(`Web app built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return { built: true };
  } finally {
    await release();
  }
}

async function viteBuild(): Promise<void> {
  const { build } = await import('vite');
  // Vite decides "production" from NODE_ENV when it is set (vitest sets it to "test"); the site is
  // always a production build, whoever asks for it.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile, mode: 'production', logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

async function isStale(): Promise<boolean> {
  const built = await mtime(builtIndex);
  if (built === undefined) return true;
  for (const source of sources) {
    if ((await newestMtime(source)) > built) return true;
  }
  return false;
}

async function mtime(file: string): Promise<number | undefined> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return undefined;
  }
}

async function newestMtime(file: string): Promise<number> {
  let info;
  try {
    info = await stat(file);
  } catch {
    return 0; // optional source (web/public) that does not exist
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs; // a deleted file shows as a newer directory
  for (const entry of await readdir(file)) newest = Math.max(newest, await newestMtime(path.join(file, entry)));
  return newest;
}

const LOCK_STALE_MS = 10 * 60_000;

/** A lock directory holding the builder's pid; a lock left by a dead (or long-gone) builder is taken over. */
async function lock(): Promise<() => Promise<void>> {
  const id = createHash('sha256').update(webDir).digest('hex').slice(0, 12);
  const dir = path.join(tmpdir(), `service-desk-web-build-${id}.lock`);
  for (;;) {
    try {
      await mkdir(dir);
      await writeFile(path.join(dir, 'pid'), String(process.pid));
      return () => rm(dir, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (await abandoned(dir)) await rm(dir, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function abandoned(dir: string): Promise<boolean> {
  const since = await mtime(dir);
  if (since !== undefined && Date.now() - since > LOCK_STALE_MS) return true;
  const pid = Number(await readFile(path.join(dir, 'pid'), 'utf8').catch(() => ''));
  if (!Number.isInteger(pid) || pid <= 0) return false; // being created right now
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  buildWeb({ force: process.argv.includes('--force') }).then(
    ({ built }) => {
      if (!built) console.log('Web app is up to date (use --force to rebuild).');
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    },
  );
}
