// One set of specs, two projects: `browser` (Chromium against the harness) runs
// everywhere; `electron` (_electron.launch on the built app) where its binary exists.
import { existsSync } from 'node:fs';
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import { findElectron } from './tests/e2e/support/electron-binary';

const electron = findElectron(import.meta.dirname);
// Printed once by the runner process (workers load this file too).
if (!electron.executablePath && process.env['TEST_WORKER_INDEX'] === undefined) {
  console.log(`electron project skipped: ${electron.skipReason}`);
}

const debianChromium = '/usr/bin/chromium';
const chromiumArgs = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu'];

const projects: NonNullable<PlaywrightTestConfig['projects']> = [
  {
    name: 'browser',
    use: {
      browserName: 'chromium',
      launchOptions: {
        // Debian's Chromium here; Playwright's own where it is installed instead.
        ...(existsSync(debianChromium) ? { executablePath: debianChromium } : {}),
        args: chromiumArgs,
      },
    },
  },
];
if (electron.executablePath) projects.push({ name: 'electron', metadata: { electronPath: electron.executablePath } });

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: '.artifacts/e2e-results',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1360, height: 860 },
  },
  projects,
});
