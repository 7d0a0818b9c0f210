// A mark on a page's window: still there later means the page was never reloaded,
// so what it shows came live (events), not from a fresh load.
import type { Page } from '@playwright/test';

export async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { e2eNotReloaded?: boolean }).e2eNotReloaded = true));
}

export async function stillMarked(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { e2eNotReloaded?: boolean }).e2eNotReloaded === true);
}
