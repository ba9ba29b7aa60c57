// `npm run bench:report`: the figures of every bench/results/*.json as the README's table, between
// <!-- bench:start --> and <!-- bench:end -->. Nothing else in the README changes; a README without
// the markers gets a "## Figures" section at its end (a missing README is created with just that).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCHES, type BenchResult, type Figure, repoRoot, resultsDir } from './lib.ts';

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';
const readmeFile = join(repoRoot, 'README.md');

function readResults(): BenchResult[] {
  const files = existsSync(resultsDir) ? readdirSync(resultsDir).filter((f) => f.endsWith('.json')) : [];
  const results = files.map((f) => JSON.parse(readFileSync(join(resultsDir, f), 'utf8')) as BenchResult);
  // In the order `npm run bench` runs them; results of benches not (or no longer) listed come last.
  const rank = (name: string) => {
    const i = (BENCHES as readonly string[]).indexOf(name);
    return i === -1 ? BENCHES.length : i;
  };
  return results.sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name));
}

const formatNumber = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
const withUnit = (text: string, unit: string) => (unit ? `${text} ${unit}` : text);

/** Whether the value meets an aim like "≥ 1500", "≤ 5", "= 0" (undefined when the aim is not of that form). */
function meets(value: number, aim: string): boolean | undefined {
  const m = /^\s*(≥|>=|≤|<=|=|<|>)\s*(-?[\d,]*\.?\d+)\s*$/.exec(aim);
  if (!m) return undefined;
  const target = Number(m[2]!.replace(/,/g, ''));
  switch (m[1]) {
    case '≥':
    case '>=':
      return value >= target;
    case '≤':
    case '<=':
      return value <= target;
    case '>':
      return value > target;
    case '<':
      return value < target;
    default:
      return value === target;
  }
}

function aimCell(f: Figure): string {
  if (!f.aim) return '';
  const m = /^\s*(≥|>=|≤|<=|=|<|>)\s*(-?[\d,]*\.?\d+)\s*$/.exec(f.aim);
  const text = m ? withUnit(`${m[1]} ${formatNumber(Number(m[2]!.replace(/,/g, '')))}`, f.unit) : f.aim;
  const met = meets(f.value, f.aim);
  return met === undefined ? text : `${text} ${met ? '✅' : '❌ missed'}`;
}

const escape = (text: string) => text.replace(/\|/g, '\\|');

function table(results: BenchResult[]): string {
  const rows = ['| benchmark | figure | value | aim | commit | date |', '| --- | --- | ---: | --- | --- | --- |'];
  for (const r of results) {
    for (const f of r.figures) {
      rows.push(`| ${escape(r.name)} | ${escape(f.name)} | ${withUnit(formatNumber(f.value), f.unit)} | ${aimCell(f)} | ${r.commit} | ${r.date.slice(0, 10)} |`);
    }
  }
  const machines = [...new Set(results.map((r) => `${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memGb} GB, Node ${r.machine.node.replace(/^v/, '')}`))];
  const lines = [
    ...rows,
    '',
    `Measured on ${machines.join('; ') || 'no machine yet'}.`,
  ];
  return lines.join('\n');
}

function main(): void {
  const results = readResults();
  const block = `${START}\n${table(results)}\n${END}`;
  const existing = existsSync(readmeFile) ? readFileSync(readmeFile, 'utf8') : undefined;
  let next: string;
  if (existing === undefined) {
    next = `## Figures\n\n${block}\n`;
  } else {
    const start = existing.indexOf(START);
    const end = existing.indexOf(END, start + START.length);
    if (start === -1 || end === -1) {
      next = `${existing.replace(/\n*$/, '')}\n\n## Figures\n\n${block}\n`;
    } else {
      next = existing.slice(0, start) + block + existing.slice(end + END.length);
    }
  }
  if (next !== existing) writeFileSync(readmeFile, next);
  console.log(`${results.length} bench results → README.md (${results.reduce((n, r) => n + r.figures.length, 0)} figures)`);
}

main();
