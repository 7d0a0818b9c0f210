// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line)
// and prints one table. Figures are for comparison within one run, not pass/fail.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Bench, BenchResult } from './types';

const dir = import.meta.dirname;
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toPrecision(4);
}

const rows: BenchResult[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(join(dir, file)).href)) as { bench: Bench };
  console.log(`── ${file}`);
  const results = await mod.bench();
  for (const r of results) {
    rows.push(r);
    const ratio = r.baseline ? (r.ratio ?? r.value / r.baseline.value) : r.ratio;
    const met = r.goal && ratio !== undefined ? (r.goal.is === '≤' ? ratio <= r.goal.ratio : ratio >= r.goal.ratio) : undefined;
    const goal = r.goal ? `; goal ${r.goal.is} ${fmt(r.goal.ratio)}: ${met ? 'met' : 'NOT met'}` : '';
    const base = r.baseline
      ? `  (baseline ${r.baseline.name}: ${fmt(r.baseline.value)} ${r.baseline.unit}; ratio ${fmt(ratio!)}${goal})`
      : goal
        ? `  (${goal.slice(2)})`
        : '';
    const kept = r.bound ? (r.bound.is === '≤' ? r.value <= r.bound.value : r.value >= r.bound.value) : undefined;
    const bound = r.bound ? `  [bound ${r.bound.is} ${fmt(r.bound.value)} ${r.unit}, ${r.bound.why}: ${kept ? 'kept' : 'NOT kept'}]` : '';
    console.log(`${r.name}: ${fmt(r.value)} ${r.unit}${base}${bound}${r.note ? `  — ${r.note}` : ''}`);
  }
}
console.log(`${rows.length} figures from ${files.length} benchmark files`);
process.exit(0);
