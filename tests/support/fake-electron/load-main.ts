// Loads the built main process (out/main/index.js, an ES module) with the fake in
// place of `electron`, inside the vitest worker. vi.doMock + a dynamic import is the
// simplest robust way: vitest's module runner resolves every import of the bundle,
// static and the lazy `import('electron')` in main/ipc.ts alike, through its mock
// registry, and vi.resetModules() gives each load a fresh copy of main's
// module-level state. (A Node loader hook via module.register would need a child
// process and a channel back to the fake; the fake here is plain objects the test
// reads directly.) The preload runs through run-preload.ts for each page load.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { vi } from 'vitest';
import { createFakeElectron, type FakeElectron } from './index';
import { runPreload } from './run-preload';

export const repoRoot = resolve(import.meta.dirname, '../../..');
export const builtMain = join(repoRoot, 'out/main/index.js');
export const builtPreload = join(repoRoot, 'out/preload/index.cjs');

/** The tests run on the built bundles; without them they fail and say how to build. */
export function assertBuilt(): void {
  for (const file of [builtMain, builtPreload]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first (npm test builds before the test layers).`);
  }
}

export interface LoadMainOptions {
  /** The desk's flags, as typed after the app's name. */
  args: string[];
  userData: string;
  lockHeldElsewhere?: boolean;
  /** process.platform while the bundle's top level runs (restored afterwards). */
  platform?: NodeJS.Platform;
}

export async function loadMain(options: LoadMainOptions): Promise<FakeElectron> {
  assertBuilt();
  const fake = createFakeElectron({
    userData: options.userData,
    ...(options.lockHeldElsewhere !== undefined ? { lockHeldElsewhere: options.lockHeldElsewhere } : {}),
    runPreload,
  });
  const argv = process.argv;
  const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
  // Electron's argv in an installed app: the executable, then the flags.
  process.argv = [process.execPath, ...options.args];
  if (options.platform) Object.defineProperty(process, 'platform', { ...platform, value: options.platform });
  // A developer's dev-server URL must not leak into the app under test.
  delete process.env['ELECTRON_RENDERER_URL'];
  try {
    vi.resetModules();
    vi.doMock('electron', () => fake.mainModule);
    await import(builtMain);
  } finally {
    process.argv = argv;
    Object.defineProperty(process, 'platform', platform);
  }
  return fake;
}

/** Polls until `check` holds; fails with `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
