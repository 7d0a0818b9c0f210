// Item 9 of "What an operator sees on day one": the command palette. Ctrl+K opens it
// from anywhere; it finds users by part of a name, an e-mail or an id (and opens an
// id the directory does not know), screens and actions; ↑/↓ move the highlighted
// option (aria-activedescendant), Enter runs it, Escape closes it and gives focus
// back; production asks first, as on the Environments screen; axe finds nothing.
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { screens } from './pages';
import { deskCall } from './support/bridge';
import { parseCsv } from './support/csv';
import { expect, test } from './support/fixtures';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const report = results.violations
    .map(
      (v) =>
        `  [${v.impact ?? 'n/a'}] ${v.id}: ${v.help}\n${v.nodes
          .slice(0, 6)
          .map((n) => `    - ${n.target.join(' ')}: ${n.failureSummary ?? ''}`)
          .join('\n')}`,
    )
    .join('\n');
  expect
    .soft(
      results.violations.map((v) => v.id),
      `axe found ${results.violations.length} violation(s) on ${where}:\n${report}`,
    )
    .toEqual([]);
}

/** The directory fills as users are opened (or seen in a sync): open some seed users. */
async function openSeedUsers(page: Page, ids: number[]): Promise<void> {
  for (const userId of ids) await deskCall(page, 'users.open', { userId });
}

test('Ctrl+K jumps to a user by name, e-mail or id; Escape gives focus back', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  const p = s.palette;
  await s.shell.ready();
  await openSeedUsers(page, [1, 2, 9]);
  await s.shell.go('Users');

  // Taken even while typing in a text box, which keeps what was typed.
  await s.users.search.fill('x');
  await p.open();
  await expect(s.users.search).toHaveValue('x');

  // Part of a name: Ana Novak is highlighted, in the Users section; Enter opens her page.
  await p.search('nova', /^Ana Novak/);
  await expect(p.section('Users').getByRole('option', { name: /^Ana Novak/ })).toBeVisible();
  await p.expectActiveDescendant();
  await page.keyboard.press('Enter');
  await expect(p.dialog).toHaveCount(0);
  await s.user.shows(1);
  await expect(page.getByRole('main')).toBeFocused();

  // Part of an e-mail; a name typed without its accent; an id with or without #.
  await p.open();
  await p.search('marko.horvat@', /^Marko Horvat/);
  await p.search('kovac', /^Nina Kovač/);
  await p.search('horvat marko', /^Marko Horvat/);
  await p.search('2', /^Marko Horvat/);
  await p.search('#9', /^Nina Kovač/);
  await page.keyboard.press('Enter');
  await s.user.shows(9);

  // An id the directory has never seen (Tom Becker has no history, so no sync finds him) is opened by id all the same.
  await p.open();
  await p.search('4', /^Open user #4/);
  await page.keyboard.press('Enter');
  await s.user.shows(4);
  await expect(s.user.heading).toContainText('Tom Becker');

  // Escape closes it and focus goes back where it was: a text box…
  await s.shell.go('Users');
  await s.users.search.fill('nov');
  await p.open();
  await p.input.fill('no such thing');
  await expect(p.dialog.getByText(/^Nothing matches “no such thing”/)).toBeVisible();
  await expect(p.input).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Escape');
  await expect(p.dialog).toHaveCount(0);
  await expect(s.users.search).toBeFocused();
  await expect(s.users.search).toHaveValue('nov');
  // …or a link of the navigation; Ctrl+K again closes it too.
  const rates = s.shell.nav.getByRole('link', { name: 'Rates', exact: true });
  await rates.focus();
  await p.open();
  await page.keyboard.press('Control+k');
  await expect(p.dialog).toHaveCount(0);
  await expect(rates).toBeFocused();
});

test('screens: sections in order, arrow keys, Enter and the mouse', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  const p = s.palette;
  await s.shell.ready();
  await openSeedUsers(page, [1]);
  await s.shell.go('Users');

  await p.open();
  // With nothing typed: recent users, every screen, then the actions.
  await expect(p.list.getByRole('group')).toHaveCount(3);
  await expect(p.list.getByRole('group').nth(0)).toHaveAccessibleName('Users');
  await expect(p.list.getByRole('group').nth(1)).toHaveAccessibleName('Screens');
  await expect(p.list.getByRole('group').nth(2)).toHaveAccessibleName('Actions');
  // Every screen of the sidebar, Approvals among them.
  await expect(p.section('Screens').getByRole('option')).toHaveCount(await s.shell.nav.getByRole('link').count());
  await expect(p.section('Screens').getByRole('option', { name: /^Approvals/ })).toHaveCount(1);
  const options = p.list.getByRole('option');
  const count = await options.count();
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  // ↓ moves on, ↑ from the first wraps round to the last; focus stays in the text box.
  await page.keyboard.press('ArrowDown');
  await expect(options.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(options.first()).toHaveAttribute('aria-selected', 'false');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp');
  await expect(options.nth(count - 1)).toHaveAttribute('aria-selected', 'true');
  await p.expectActiveDescendant();
  // Page Down goes to the next section's first option.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('PageDown');
  await expect(p.active).toHaveAccessibleName('Environments');
  await expect(p.input).toBeFocused();

  // Typing picks a screen; its Alt+digit shortcut is named on it.
  await p.search('audit', 'Audit log');
  await expect(p.active).toHaveAttribute('aria-keyshortcuts', 'Alt+7');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await expect(page.getByRole('main')).toBeFocused();

  // Words the screen is known by find it too; a click runs an option.
  await p.open();
  await p.search('chart', 'Rates');
  await p.input.fill('trade');
  await p.option('Trade').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Trade' })).toBeVisible();
});

test('actions: sync, export CSV, new order for this user, production asks first', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  const p = s.palette;
  await s.shell.ready();
  await s.shell.go('Users');

  // Sync transactions: runs where the operator is, says so, and focus stays there.
  const trade = s.shell.nav.getByRole('link', { name: 'Trade', exact: true });
  await trade.focus();
  await p.open();
  await p.search('sync', /^Sync transactions/);
  await expect(p.section('Actions')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(p.dialog).toHaveCount(0);
  await expect(trade).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: /^Sync done: \d+ new, \d+ cached/ })).toBeVisible();
  await expect(page).toHaveURL(/#\/users$/);
  // Users seen in the transactions joined the directory (by id until their profile is read).
  await p.open();
  await p.search('#8', /^(Jan Meyer|User #8)/);
  await page.keyboard.press('Escape');
  await s.shell.go('Transactions');
  await expect.poll(() => s.transactions.matching()).toBeGreaterThan(0);
  const cached = (await s.transactions.matching()) ?? 0;
  await p.dismiss.click();
  await expect(p.dismiss).toHaveCount(0);

  // Export CSV: the same file as the screen's button (no filters: every cached row).
  const download = page.waitForEvent('download');
  await p.open();
  await p.search('csv', /^Export transactions to CSV every cached transaction/);
  await page.keyboard.press('Enter');
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^kriptomat-transactions.*\.csv$/);
  expect(parseCsv(readFileSync(await file.path(), 'utf8'))).toHaveLength(cached);
  await expect(page.getByRole('status').filter({ hasText: `Exported ${cached} rows to ` })).toBeVisible();

  // New order for this user: from Marko's page, the Trade ticket with Marko, amount focused.
  await openSeedUsers(page, [1, 2]);
  await s.shell.openUser(2);
  await s.user.shows(2);
  await expect(s.user.heading).toContainText('Marko Horvat');
  await p.open();
  await p.search('order', /^New order for Marko Horvat/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Trade' })).toBeVisible();
  await expect(s.trade.user).toHaveValue('2');
  await expect(s.trade.amount).toBeFocused();
  // …or for any user, found by name.
  await p.open();
  await p.search('order ana', /^New order for Ana Novak/);
  await page.keyboard.press('Enter');
  await expect(s.trade.user).toHaveValue('1');
  await expect(s.trade.amount).toBeFocused();

  // Production asks first, in the Environments screen's own words; Escape keeps the sandbox.
  await s.trade.pair.focus();
  await p.open();
  await p.search('production', /^Switch to Production/);
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('dialog', { name: 'Switch to PRODUCTION (Production)?' });
  await expect(confirm).toBeVisible();
  await expect(confirm).toContainText('real customers with real money');
  await expect(confirm.getByRole('button', { name: 'Switch to production' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(s.trade.pair).toBeFocused();
  await expect(s.shell.environment).toContainText('Local sandbox');
  expect((await deskCall(page, 'session.status', {})).profileKind).toBe('sandbox');

  // A failed action says so as an alert, which stays until dismissed.
  await desk.sandbox('/__sandbox/faults', { body: { error_rate: 1, error_status: 503 } });
  await p.open();
  await p.search('sync', /^Sync transactions/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert').filter({ hasText: /^Sync failed: / })).toBeVisible({ timeout: 60_000 });
  await desk.sandbox('/__sandbox/faults', { method: 'DELETE' });
  await p.dismiss.click();
  await expect(page.getByRole('alert').filter({ hasText: /^Sync failed: / })).toHaveCount(0);
  await expect(page.getByRole('main')).toBeFocused();
});

test('axe finds nothing with the palette open, light and dark; screenshots at two widths', async ({ desk }) => {
  test.setTimeout(150_000);
  const { page } = desk;
  const s = screens(page);
  const p = s.palette;
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
  await s.shell.ready();
  await openSeedUsers(page, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  await s.shell.openUser(1);
  await s.user.shows(1);
  await expect(s.user.heading).toContainText('Ana Novak');

  await p.open();
  await expect(p.option(/^New order for Ana Novak/)).toBeVisible();
  await expectNoAxeViolations(page, 'the palette, nothing typed (light)');
  await desk.snapshot('palette-light-1440');
  await p.search('a', /./);
  await expect(p.dialog.getByText(/more users match/)).toBeVisible();
  await expectNoAxeViolations(page, 'the palette, many matches (light)');
  await p.search('prod', /^Switch to Production/);
  await expectNoAxeViolations(page, 'the palette, production highlighted (light)');
  await desk.snapshot('palette-light-1440-production');
  await p.input.fill('no such thing');
  await expectNoAxeViolations(page, 'the palette, no match (light)');
  await page.keyboard.press('Escape');

  // The message after an action passes too.
  await p.open();
  await p.search('sync', /^Sync transactions/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: /^Sync done: / })).toBeVisible();
  await expectNoAxeViolations(page, 'the palette message (light)');
  await page.setViewportSize({ width: 1000, height: 760 });
  await desk.snapshot('palette-message-light-1000');
  await p.open();
  await p.search('an', /./);
  await desk.snapshot('palette-light-1000');
  await page.keyboard.press('Escape');

  // Dark.
  await s.shell.go('Settings');
  await s.settings.theme.selectOption('dark');
  await s.settings.save.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await s.shell.openUser(2);
  await s.user.shows(2);
  await expect(s.user.heading).toContainText('Marko Horvat');
  await page.setViewportSize({ width: 1440, height: 900 });
  await p.open();
  await expectNoAxeViolations(page, 'the palette, nothing typed (dark)');
  await desk.snapshot('palette-dark-1440');
  await p.search('prod', /^Switch to Production/);
  await expectNoAxeViolations(page, 'the palette, production highlighted (dark)');
  await p.search('ma', /./);
  await expectNoAxeViolations(page, 'the palette, matches (dark)');
  await page.keyboard.press('Escape');
  await p.open();
  await p.search('sync', /^Sync transactions/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: /^Sync done: / })).toBeVisible();
  await expectNoAxeViolations(page, 'the palette message (dark)');
  await page.setViewportSize({ width: 1000, height: 760 });
  await desk.snapshot('palette-message-dark-1000');
  await p.open();
  await p.search('ma', /./);
  await desk.snapshot('palette-dark-1000');
});
