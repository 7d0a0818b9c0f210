// The bridge's round trip in the browser harness: `window.desk.settings.get({})`
// from a headless Chromium page, 10,000 calls one after another (p50, p99), next
// to a bare same-origin `fetch` POST to a plain node:http server from a page of
// that server, in the same browser and the same run. The harness page cannot be
// the baseline's page: its CSP (connect-src 'self') refuses any other origin.
import { execSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createDesk } from '../main/desk/desk';
import { toDeskError } from '../main/errors';
import { createDispatcher } from '../main/ipc';
import { startHarness, type RunningHarness } from '../web/server/harness';
import type { Bench, BenchResult } from './types';

export const ROOT = resolve(import.meta.dirname, '..');
const CALLS = 10_000;
/** Fewer baseline calls keep the bench within a minute on a busy machine; 4,000 still give a stable p99. */
const BASELINE_CALLS = 4_000;
const CHUNKS = 4;
const WARMUP = 200;

/** The harness serves the built renderer and preload: build them once if missing. */
export function ensureBuilt(): void {
  if (existsSync(join(ROOT, 'out/renderer/index.html')) && existsSync(join(ROOT, 'out/web/preload.js'))) return;
  console.log('bench: building out/ (renderer and harness preload)…');
  execSync('npx electron-vite build && npx vite build -c web/vite.config.ts --logLevel warn', { cwd: ROOT, stdio: 'inherit' });
}

export interface BenchDesk {
  harness: RunningHarness;
  userDataDir: string;
  close(): Promise<void>;
}

/** main's services + the harness in this process, on a fresh user-data dir (seeded by `prepare` before start). */
export async function startBenchDesk(prepare?: (userDataDir: string) => void): Promise<BenchDesk> {
  ensureBuilt();
  const userDataDir = mkdtempSync(join(tmpdir(), 'kdesk-bench-'));
  prepare?.(userDataDir);
  // Quiet: the desk's info lines would interleave with the bench table.
  const desk = await createDesk(
    { userDataDir, keychainNamespace: `bench-${randomBytes(6).toString('hex')}`, sandboxPort: 0 },
    { log: { debug() {}, info() {}, warn() {}, error() {} } as never, tuning: { syncOnFirstSignIn: false } },
  );
  const harness = await startHarness({
    dispatch: createDispatcher(desk.handlers, toDeskError),
    events: desk.events,
    rendererDir: join(ROOT, 'out/renderer'),
    preloadFile: join(ROOT, 'out/web/preload.js'),
    host: '127.0.0.1',
  });
  await desk.ready;
  return {
    harness,
    userDataDir,
    async close() {
      await harness.close();
      await desk.dispose();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'],
  });
}

/** A plain node:http server: a hello-world page at / and a trivial JSON answer everywhere else. */
export async function plainServer(): Promise<{ server: Server; origin: string; close(): Promise<void> }> {
  const page = '<!doctype html><html><head><meta charset="utf-8"><title>hello</title></head><body><h1>Hello, world</h1></body></html>';
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/' || req.url?.startsWith('/?')) {
        res.writeHead(200, {
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Length': Buffer.byteLength(page),
          'Cache-Control': 'no-store',
        });
        res.end(page);
        return;
      }
      const body = '{"ok":true,"value":{}}';
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
      res.end(body);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, origin, close: () => new Promise<void>((done) => server.close(() => done())) };
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Runs `calls` sequential round trips inside the page and returns each one's time (ms), sorted. */
async function loop(page: Page, kind: 'bridge' | 'fetch', calls: number, warmup: number): Promise<number[]> {
  const samples = await page.evaluate(
    async ({ kind, calls, warmup }) => {
      // (bench/ is type-checked without the DOM library: the page's globals are declared as used.)
      const desk = (globalThis as unknown as { desk: { settings: { get(i: object): Promise<{ ok: boolean }> } } }).desk;
      const once =
        kind === 'bridge'
          ? async () => {
              const r = await desk.settings.get({});
              if (!r.ok) throw new Error('settings.get failed');
            }
          : async () => {
              const r = await fetch('/ping', {
                method: 'POST',
                headers: { 'Content-Type': 'application/json' },
                body: '{}',
                credentials: 'same-origin',
              });
              const v = (await r.json()) as { ok: boolean };
              if (!v.ok) throw new Error('ping failed');
            };
      for (let i = 0; i < warmup; i++) await once();
      const out = new Array<number>(calls);
      for (let i = 0; i < calls; i++) {
        const t = performance.now();
        await once();
        out[i] = performance.now() - t;
      }
      return out;
    },
    { kind, calls, warmup },
  );
  return samples.sort((a, b) => a - b);
}

export const bench: Bench = async () => {
  const desk = await startBenchDesk();
  const plain = await plainServer();
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    const deskPage = await context.newPage();
    await deskPage.goto(desk.harness.url);
    await deskPage.waitForSelector('html[data-desk-ready="true"]');
    const basePage = await context.newPage();
    await basePage.goto(plain.origin);

    // Interleave the two in chunks so drift (GC, the machine's other load) hits both alike.
    const bridge: number[] = [];
    const base: number[] = [];
    for (let chunk = 0; chunk < CHUNKS; chunk++) {
      await deskPage.bringToFront();
      bridge.push(...(await loop(deskPage, 'bridge', CALLS / CHUNKS, chunk === 0 ? WARMUP : 20)));
      await basePage.bringToFront();
      base.push(...(await loop(basePage, 'fetch', BASELINE_CALLS / CHUNKS, chunk === 0 ? WARMUP : 20)));
    }
    bridge.sort((a, b) => a - b);
    base.sort((a, b) => a - b);
    const note = `${CALLS} sequential bridge calls vs ${BASELINE_CALLS} baseline fetches, interleaved in ${CHUNKS} chunks after ${WARMUP} warm-up; performance.now() in the page is coarsened (~0.1 ms)`;
    const results: BenchResult[] = [];
    for (const p of [50, 99]) {
      const value = percentile(bridge, p);
      const baseline = percentile(base, p);
      results.push({
        name: `bridge round trip p${p}: window.desk.settings.get({}) in the harness`,
        value,
        unit: 'ms',
        baseline: { name: `bare same-origin fetch POST to a node:http server, p${p}`, value: baseline, unit: 'ms' },
        ratio: value / baseline,
        ...(p === 50 ? { note } : {}),
      });
    }
    await context.close();
    return results;
  } finally {
    await browser.close();
    await plain.close();
    await desk.close();
  }
};
