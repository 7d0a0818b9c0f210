// The e2e fixture: each test gets its own desk (harness process in the `browser`
// project, the Electron app in the `electron` project), already signed in to its
// own Local sandbox, and a page showing it. Screenshots of screens go to .artifacts.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, _electron, type ElectronApplication, type Page } from '@playwright/test';
import { ROOT, prepareLaunch, startHarnessProcess, waitForReady, type DeskLaunch } from './launch';

export interface DeskFixture {
  page: Page;
  launch: DeskLaunch;
  /** The harness's origin (browser project only). */
  harnessOrigin: string | null;
  /** The harness URL with its token (browser project only). */
  harnessUrl: string | null;
  electronApp: ElectronApplication | null;
  /** Calls the sandbox's control endpoints (faults, clock, state). */
  sandbox(path: string, init?: { method?: string; body?: unknown }): Promise<unknown>;
  /** Saves a screenshot of the current screen as a test artifact. */
  snapshot(name: string): Promise<void>;
}

/**
 * Runs after the user-data directory exists and before the desk starts (e.g. to
 * seed its store). An object, because Playwright takes a bare function in
 * `test.use` for a fixture definition.
 */
export type BeforeLaunch = { run(launch: DeskLaunch): void | Promise<void> } | null;

export const test = base.extend<{ desk: DeskFixture; deskArgs: string[]; beforeLaunch: BeforeLaunch }>({
  deskArgs: [[], { option: true }],
  beforeLaunch: [null, { option: true }],
  desk: async ({ browser, deskArgs, beforeLaunch }, use, testInfo) => {
    const launch = await prepareLaunch(deskArgs);
    await beforeLaunch?.run(launch);
    const electronPath = testInfo.project.metadata?.['electronPath'] as string | undefined;
    let page: Page;
    let electronApp: ElectronApplication | null = null;
    let harness: Awaited<ReturnType<typeof startHarnessProcess>> | null = null;
    let context: Awaited<ReturnType<typeof browser.newContext>> | null = null;
    if (electronPath) {
      electronApp = await _electron.launch({
        executablePath: electronPath,
        args: [join(ROOT, 'out/main/index.js'), ...launch.args],
        cwd: ROOT,
      });
      const child = electronApp.process();
      await waitForReady(child);
      page = await electronApp.firstWindow();
    } else {
      harness = await startHarnessProcess(launch);
      // Contexts from the `browser` fixture are traced by Playwright (trace: retain-on-failure).
      context = await browser.newContext();
      page = await context.newPage();
      await page.goto(harness.url);
    }
    const shotsDir = join(ROOT, '.artifacts', 'screenshots', testInfo.project.name);
    mkdirSync(shotsDir, { recursive: true });
    const fixture: DeskFixture = {
      page,
      launch,
      harnessOrigin: harness?.origin ?? null,
      harnessUrl: harness?.url ?? null,
      electronApp,
      async sandbox(path, init) {
        const response = await fetch(`${launch.sandboxOrigin}${path}`, {
          method: init?.method ?? (init?.body ? 'POST' : 'GET'),
          headers: init?.body ? { 'Content-Type': 'application/json' } : {},
          ...(init?.body ? { body: JSON.stringify(init.body) } : {}),
        });
        const text = await response.text();
        return text ? (JSON.parse(text) as unknown) : null;
      },
      async snapshot(name) {
        await page.screenshot({ path: join(shotsDir, `${name}.png`), fullPage: true });
      },
    };
    try {
      await use(fixture);
    } finally {
      await context?.close();
      await electronApp?.close();
      await harness?.stop();
      launch.cleanup();
    }
  },
});

export { expect } from '@playwright/test';
