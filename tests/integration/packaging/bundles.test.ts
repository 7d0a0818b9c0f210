// What the built bundles may load at run time: the sandboxed preload nothing but
// 'electron', main only Node builtins, electron and its runtime dependencies, and the
// renderer keeps its chart code in a chunk of its own.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, packageJson } from './support';

const run = promisify(execFile);

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'out/preload/index.cjs')) || !existsSync(join(ROOT, 'out/main/index.js'))) {
    await run(join(ROOT, 'node_modules/.bin/electron-vite'), ['build'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  }
}, 180_000);

function requiredModules(code: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(/require\("([^"]+)"\)|from "([^"]+)"|import\("([^"]+)"\)/g))
    found.add(match[1] ?? match[2] ?? match[3]!);
  return [...found].sort();
}

describe('built bundles', () => {
  it('the sandboxed preload requires nothing but electron', () => {
    const code = readFileSync(join(ROOT, 'out/preload/index.cjs'), 'utf8');
    expect(requiredModules(code)).toEqual(['electron']);
  });

  it('main loads only Node builtins, electron and runtime dependencies', () => {
    const allowed = new Set(['electron', ...Object.keys(packageJson().dependencies ?? {})]);
    const outside = requiredModules(readFileSync(join(ROOT, 'out/main/index.js'), 'utf8')).filter(
      (name) => !name.startsWith('node:') && !name.startsWith('./') && !allowed.has(name),
    );
    expect(outside).toEqual([]);
  });

  it('the renderer keeps the chart code out of its entry chunk', () => {
    const assets = readdirSync(join(ROOT, 'out/renderer/assets'));
    const chart = assets.find((f) => /^RateChart-.*\.js$/.test(f));
    expect(chart).toBeDefined();
    const html = readFileSync(join(ROOT, 'out/renderer/index.html'), 'utf8');
    expect(html).not.toContain(chart!);
  });

  it('main keeps the Local sandbox in a chunk of its own, loaded only when that environment is used', () => {
    const main = readFileSync(join(ROOT, 'out/main/index.js'), 'utf8');
    const chunk = readdirSync(join(ROOT, 'out/main/chunks')).find((f) => /^server-.*\.js$/.test(f));
    expect(chunk).toBeDefined();
    expect(main).toContain(`import("./chunks/${chunk!}")`);
    // The simulator's own code (its router, its seed) is not in the entry bundle.
    expect(main).not.toMatch(/function startSandbox\b/);
    expect(readFileSync(join(ROOT, 'out/main/chunks', chunk!), 'utf8')).toMatch(/function startSandbox\b/);
  });
});
