// `node --import tsx bench/profile-summary.ts <file.cpuprofile> [top]`: where a V8 CPU profile (from
// `node --cpu-prof`) spends its time — self time by package (or project folder) and by function, and
// inclusive time of the project's own functions. Used to explain a bench's missed aims.
import { readFileSync } from 'node:fs';
import { repoRoot } from './lib.ts';

type Frame = { functionName: string; url: string; lineNumber: number };
type Node = { id: number; callFrame: Frame; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

/** The package a script belongs to (`electrodb`, `@aws-sdk/core`), a project folder, or a Node/V8 category. */
export function areaOf(url: string, functionName = ''): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  const path = url.replace(/^file:\/\//, '');
  if (path.startsWith(repoRoot)) return path.slice(repoRoot.length).split('/').slice(0, 2).join('/');
  return path;
}

/** Areas grouped by what they are in a runtime that embeds dynalite. */
export function layerOf(area: string): string {
  if (/^(classic-level|abstract-level|level|level-transcoder|level-supports|module-error|maybe-combine-errors|memory-level|dynalite|async|lock|big\.js|buffer-crc32|once|lazy)$/.test(area)) return 'dynalite and LevelDB (the store)';
  if (/^@(smithy|aws-sdk|aws-crypto)\//.test(area)) return 'AWS SDK client (serialize, sign, HTTP, parse)';
  if (area === 'electrodb') return 'ElectroDB (params, formatting)';
  if (area === 'node:internal' || area === '(native)') return 'Node internals (HTTP, sockets, streams, crypto)';
  if (area === '(garbage collector)') return 'garbage collector';
  if (area === '(idle)' || area === '(program)') return 'idle / program';
  if (/^(shared|functions|infra|bench)\//.test(area)) return 'project code';
  return 'other packages';
}

const where = (f: Frame) => `${f.functionName || '(anonymous)'} ${f.url.replace(/^file:\/\//, '').replace(repoRoot, '').replace(/^.*node_modules\//, '')}:${f.lineNumber + 1}`;

export type ProfileSummary = { totalMs: number; byLayer: [string, number][]; byArea: [string, number][]; byFunction: [string, number][]; projectInclusive: [string, number][] };

export function summarize(file: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const totalMs = [...self.values()].reduce((a, b) => a + b, 0);

  const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, ms] of self) {
    const node = byId.get(id)!;
    add(areas, areaOf(node.callFrame.url, node.callFrame.functionName), ms);
    add(functions, where(node.callFrame), ms);
    // Inclusive time of the project's functions (each counted once per stack).
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      if (!f.url.includes(repoRoot) || f.url.includes('node_modules')) continue;
      const key = where(f);
      if (!seen.has(key)) {
        seen.add(key);
        add(inclusive, key, ms);
      }
    }
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  const layers = new Map<string, number>();
  for (const [area, ms] of areas) add(layers, layerOf(area), ms);
  return { totalMs, byLayer: sorted(layers), byArea: sorted(areas), byFunction: sorted(functions), projectInclusive: sorted(inclusive) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Piped into `head`: stop quietly when the reader has had enough.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => (err.code === 'EPIPE' ? process.exit(0) : Promise.reject(err)));
  const [file, topArg] = process.argv.slice(2);
  if (!file) {
    console.error('Usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  const s = summarize(file, Number(topArg ?? 25));
  const pct = (ms: number) => `${((ms / s.totalMs) * 100).toFixed(1).padStart(5)} %`;
  console.log(`${file}: ${(s.totalMs / 1000).toFixed(1)} s sampled`);
  console.log('\nself time by layer:');
  for (const [k, ms] of s.byLayer) console.log(`  ${pct(ms)}  ${k}`);
  console.log('\nself time by package / folder:');
  for (const [k, ms] of s.byArea) console.log(`  ${pct(ms)}  ${k}`);
  console.log('\nself time by function:');
  for (const [k, ms] of s.byFunction) console.log(`  ${pct(ms)}  ${k}`);
  console.log('\ninclusive time of project functions:');
  for (const [k, ms] of s.projectInclusive) console.log(`  ${pct(ms)}  ${k}`);
}
