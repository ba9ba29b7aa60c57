// `npm run bench`: every benchmark in turn (BENCHES in lib.ts), or only those named
// (`npm run bench -- api-me`). Each runs in its own node process; a failing one fails the run.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BENCHES, repoRoot } from './lib.ts';

const known: readonly string[] = BENCHES;
const asked = process.argv.slice(2).filter((arg) => arg !== '--');
const unknown = asked.filter((name) => !known.includes(name));
if (unknown.length) {
  console.error(`Unknown bench: ${unknown.join(', ')}. Known: ${known.join(', ')}`);
  process.exit(2);
}

const chosen = asked.length ? known.filter((name) => asked.includes(name)) : known;
const failed: string[] = [];
for (const name of chosen) {
  console.log(`\n━━ bench/${name} ━━`);
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'bench', `${name}.ts`)], { cwd: repoRoot, stdio: 'inherit' });
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  if (run.status !== 0) {
    failed.push(name);
    console.error(`━━ bench/${name} FAILED (${run.signal ?? `exit ${run.status}`}) after ${seconds} s`);
  } else {
    console.log(`━━ bench/${name} done in ${seconds} s`);
  }
}

if (failed.length) {
  console.error(`\n${failed.length} of ${chosen.length} benches failed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`\nAll ${chosen.length} benches done; \`npm run bench:report\` puts their figures in the README.`);
