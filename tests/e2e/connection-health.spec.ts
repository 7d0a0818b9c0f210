// Issue 20, item 4: the status bar says whether Kriptomat answers. The sandbox
// fails every call: the bar says "unreachable since …" with the desk's next retry
// and a Retry now button, and the rates go stale; once Kriptomat answers again,
// Retry now brings the bar back to OK and the rates are fresh at once — not after
// the poller's back-off (which by then is far longer than the test waits).
import { screens } from './pages';
import { expectAxeClean } from './support/axe-themes';
import { expect, test } from './support/fixtures';

test('the status bar says when Kriptomat is unreachable, and Retry now brings fresh rates back', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  const bar = page.getByRole('contentinfo', { name: 'Status bar' });
  const health = bar.getByTestId('kriptomat-health');
  const retry = bar.getByRole('button', { name: 'Retry now' });
  await expect(health).toHaveText('Kriptomat: OK');
  await expect(retry).toHaveCount(0);

  await s.shell.go('Rates');
  await expect(s.rates.table.locator('tbody tr').first()).toBeVisible();
  await expect(s.rates.table.getByText('stale', { exact: true })).toHaveCount(0);

  // ── Every call fails: unreachable, since when, and the next try counting down ──
  await desk.sandbox('/__sandbox/faults', { body: { error_rate: 1 } });
  await expect(health).toHaveText(
    /^Kriptomat: unreachable since \d{2}:\d{2}(:\d{2})? \S+ · (retry in \d+ s|retry in \d+ min \d+ s|retrying)$/,
    {
      timeout: 30_000,
    },
  );
  await expect(retry).toBeEnabled();
  // Still signed in: the session is fine, Kriptomat is not answering.
  await expect(bar.getByTestId('session-state')).toHaveText('Signed in');
  // The rates go stale while it lasts (the one rule: 30 s at the default interval).
  await expect(s.rates.table.getByText('stale', { exact: true }).first()).toBeVisible({ timeout: 45_000 });
  await desk.snapshot('connection-unreachable');
  await expectAxeClean(page, 'connection-unreachable');

  // Retry now while it still fails: tried, still unreachable, and the button is back.
  await retry.click();
  await expect(health).toContainText('Kriptomat: unreachable since');
  await expect(retry).toBeEnabled();

  // ── Kriptomat answers again: Retry now, OK, and fresh rates at once ──
  await desk.sandbox('/__sandbox/faults', { method: 'DELETE' });
  await retry.click();
  await expect(health).toHaveText('Kriptomat: OK');
  await expect(retry).toHaveCount(0);
  await expect(s.rates.table.getByText('stale', { exact: true })).toHaveCount(0);
  await expectAxeClean(page, 'connection-ok');
});
