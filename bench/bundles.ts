// bench/bundles: every Lambda bundled exactly as the stacks bundle it (infra/aws/bundles.ts), its
// size, and its cold-start init time: loading the bundle in a fresh Node process (the module's
// top level, as Lambda's init phase runs it), median of several loads.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildBundles } from '../infra/aws/bundles.ts';
import { median, round, runMain, writeResult } from './lib.ts';

const LOADS = 7;

function initMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(performance.now() - t);`;
  const env = { PATH: process.env.PATH ?? '', AWS_REGION: 'eu-west-1', POWERTOOLS_LOG_LEVEL: 'SILENT', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { env, encoding: 'utf8' }).trim());
}

async function main(): Promise<void> {
  const outdir = mkdtempSync(join(tmpdir(), 'sd-bundles-'));
  try {
    const built = await buildBundles({ outdir });
    const figures = built.flatMap((b) => {
      const loads = Array.from({ length: LOADS }, () => initMs(b.file));
      const kb = round(b.bytes / 1024);
      const ms = round(median(loads), 1);
      console.log(`  ${`${b.kind}/${b.name}`.padEnd(28)} ${String(kb).padStart(6)} KB   init ${String(ms).padStart(6)} ms`);
      return [
        { name: `${b.kind}/${b.name} size`, value: kb, unit: 'KB', aim: '≤ 250' },
        { name: `${b.kind}/${b.name} init (median)`, value: ms, unit: 'ms', aim: '≤ 150' },
      ];
    });
    writeResult('bundles', figures, { loads: LOADS, note: 'minified ESM, esbuild options of infra/aws/bundles.ts; init = importing the bundle in a fresh node process' });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

runMain(main);
