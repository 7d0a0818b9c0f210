// Issue 5, accessibility: every main screen (and its dialogs and forms) passes axe's
// WCAG 2.1 A/AA rules in the light and the dark theme; the keyboard reaches the
// navigation in order, every focused control shows a visible focus indicator, and
// Escape closes a dialog and gives focus back to the control that opened it.
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { screens, type Screens } from './pages';
import { deskCall } from './support/bridge';
import { expect, test } from './support/fixtures';
import { ROOT } from './support/launch';

// WCAG 2.1 A/AA, plus axe's best practices (landmarks, heading order, one h1, regions),
// which this desk meets too and should keep meeting.
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const NAV_LINKS = ['Environments', 'Users', 'Trade', 'Rates', 'Treasury', 'Transactions', 'Audit log', 'Approvals', 'Settings'];
const USER = 1; // Ana Novak: verified, with bank accounts, balances and transactions.

/** Runs axe on the page as it is now and fails with every violation spelled out. */
async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  // Every screen axe checks is also kept as a picture, in both themes, for a person to look at.
  const slug = where
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  await page.screenshot({ path: join(ROOT, '.artifacts', 'screenshots', test.info().project.name, `screen-${slug}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const report = results.violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map((n) => `    - ${n.target.join(' ')}${n.failureSummary ? `\n      ${n.failureSummary.replace(/\n/g, '\n      ')}` : ''}`)
        .join('\n');
      const more = v.nodes.length > 8 ? `\n    … and ${v.nodes.length - 8} more` : '';
      return `  [${v.impact ?? 'n/a'}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join('\n');
  // Soft: one run reports every screen's violations, not just the first screen's.
  expect
    .soft(
      results.violations.map((v) => v.id),
      `axe found ${results.violations.length} violation(s) on ${where}:\n${report}`,
    )
    .toEqual([]);
}

/** Opens the sandbox's seeded users once, so the local directory lists them with all their badges. */
async function fillDirectory(page: Page): Promise<void> {
  for (const userId of [1, 2, 3, 4, 5, 6, 7]) await deskCall(page, 'users.open', { userId }).catch(() => undefined);
}

async function openUsers(s: Screens): Promise<void> {
  await s.shell.go('Users');
  await expect(s.users.table.getByRole('link', { name: 'Ana Novak' })).toBeVisible();
}

/** Opens user 1 and waits until its sections (banks, balances, transactions) have loaded. */
async function openUserDetail(s: Screens): Promise<void> {
  await s.shell.openUser(USER);
  await s.user.shows(USER);
  await expect(s.user.kycStatus).toHaveText('KYC verified');
  await expect(s.user.bankTable).toBeVisible();
  await expect(s.user.balances).toBeVisible();
  await expect(s.user.transactions).toBeVisible();
  await expect(s.user.deposit.getByRole('button', { name: 'Copy IBAN' })).toBeVisible();
}

/** Trade for user 1 with a 25 EUR BTC buy filled in. */
async function fillTicket(s: Screens): Promise<void> {
  await s.shell.go('Trade');
  await s.trade.user.selectOption(String(USER));
  await expect(s.trade.balance).toBeVisible();
  await expect(s.trade.liveRate).toContainText('rate age');
  await s.trade.buy.check();
  await s.trade.pair.selectOption('btceur');
  await s.trade.amount.fill('25');
  await expect(s.trade.estimate).toContainText('about');
  await expect(s.trade.placeOrder).toBeEnabled();
}

async function openRates(s: Screens): Promise<void> {
  await s.shell.go('Rates');
  await expect(s.rates.table.getByRole('row').nth(1)).toBeVisible();
  await expect(s.rates.chart).toBeVisible();
  await expect.poll(() => s.rates.points()).toBeGreaterThan(0);
}

async function syncTransactions(s: Screens): Promise<void> {
  await s.shell.go('Transactions');
  await s.transactions.sync.click();
  await expect(s.transactions.page.getByRole('status').filter({ hasText: /^Sync done: / })).toBeVisible();
  await expect.poll(() => s.transactions.matching()).toBeGreaterThan(0);
  await expect.poll(async () => (await s.transactions.visibleRows()).length).toBeGreaterThan(0);
}

test('every main screen passes axe (WCAG 2.1 A and AA), light theme', async ({ desk }) => {
  test.setTimeout(150_000);
  const { page } = desk;
  const s = screens(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await s.shell.ready();
  await fillDirectory(page);

  // ── Environments, with the credentials form of the active profile open ──
  await s.shell.go('Environments');
  await expect(page.getByTestId('session-panel-state')).toHaveText('Signed in');
  await s.environments.credentials('Local sandbox').click();
  await expect(page.getByRole('button', { name: 'Save credentials' })).toBeVisible();
  await expectNoAxeViolations(page, 'Environments (credentials form open)');
  // The red production confirmation (cancelled: the desk stays on the sandbox).
  await s.environments.use('Production').click();
  await expect(page.getByRole('dialog', { name: /^Switch to PRODUCTION/ })).toBeVisible();
  await expectNoAxeViolations(page, 'Environments (switch to production dialog)');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // ── Users: directory, open by id, and the create form showing its field errors ──
  await openUsers(s);
  await s.users.field('Email').fill('not-an-email');
  await s.users.createButton.click();
  await expect(s.users.field('Email')).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page, 'Users (create form with field errors)');

  // ── a user's detail page with bank accounts, and the bank account dialog ──
  await openUserDetail(s);
  await expectNoAxeViolations(page, `user #${USER}`);
  // A narrow window: the user's transactions scroll sideways, and the keyboard can reach them.
  const wide = page.viewportSize();
  await page.setViewportSize({ width: 1000, height: 900 });
  await expectNoAxeViolations(page, `user #${USER} at 1000 px`);
  if (wide) await page.setViewportSize(wide);
  await s.user.banks
    .getByRole('button', { name: /^View bank account / })
    .first()
    .click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectNoAxeViolations(page, `user #${USER} (bank account dialog)`);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // ── Trade with a user chosen, then the confirmation dialog ───────────────
  await fillTicket(s);
  await expectNoAxeViolations(page, 'Trade (ticket filled in)');
  await s.trade.placeOrder.click();
  await expect(s.trade.confirmDialog()).toBeVisible();
  await expectNoAxeViolations(page, 'Trade (confirmation dialog)');
  await s.trade.confirmDialog().getByRole('button', { name: 'Cancel' }).click();
  await expect(s.trade.confirmDialog()).toHaveCount(0);

  // ── Rates with the chart ─────────────────────────────────────────────────
  await openRates(s);
  await expectNoAxeViolations(page, 'Rates (with the chart)');

  // ── Treasury ─────────────────────────────────────────────────────────────
  await s.shell.go('Treasury');
  await expect(s.treasury.total).toBeVisible();
  await expectNoAxeViolations(page, 'Treasury');

  // ── Transactions after a sync, then one transaction's detail ─────────────
  await syncTransactions(s);
  await expectNoAxeViolations(page, 'Transactions (after a sync)');
  await s.transactions.table
    .getByRole('button', { name: /^Show transaction \d+$/ })
    .first()
    .click();
  await expect(page.getByRole('dialog', { name: /^Transaction \d+$/ })).toBeVisible();
  await expectNoAxeViolations(page, 'Transactions (detail dialog)');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // ── Audit log (it lists the sync at least) ───────────────────────────────
  await s.shell.go('Audit log');
  await expect(s.audit.table.locator('tbody tr').first()).toBeVisible();
  await expectNoAxeViolations(page, 'Audit log');

  // ── Approvals (Solo: it says approvals need the team workspace) ──────────
  await s.shell.go('Approvals');
  await expect(page.getByRole('main')).toContainText('Approvals need the team workspace');
  await expectNoAxeViolations(page, 'Approvals');

  // ── Settings ─────────────────────────────────────────────────────────────
  await s.shell.go('Settings');
  await expect(s.settings.save).toBeVisible();
  await expect(s.settings.holdHours).toBeVisible();
  await expectNoAxeViolations(page, 'Settings');
});

test('the dark theme passes axe too', async ({ desk }) => {
  test.setTimeout(150_000);
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  await fillDirectory(page);
  await s.shell.go('Settings');
  await s.settings.theme.selectOption('dark');
  await s.settings.save.click();
  await expect(page.getByRole('status').filter({ hasText: 'Settings saved.' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(s.settings.holdHours).toBeVisible();
  await expectNoAxeViolations(page, 'Settings (dark)');

  await s.shell.go('Environments');
  await s.environments.credentials('Local sandbox').click();
  await expect(page.getByRole('button', { name: 'Save credentials' })).toBeVisible();
  await expectNoAxeViolations(page, 'Environments (dark)');

  await openUsers(s);
  await s.users.createButton.click();
  await expect(s.users.field('Email')).toHaveAttribute('aria-invalid', 'true');
  await expectNoAxeViolations(page, 'Users (dark)');

  await openUserDetail(s);
  await expectNoAxeViolations(page, `user #${USER} (dark)`);

  await fillTicket(s);
  await s.trade.placeOrder.click();
  await expect(s.trade.confirmDialog()).toBeVisible();
  await expectNoAxeViolations(page, 'Trade confirmation (dark)');
  await page.keyboard.press('Escape');
  await expect(s.trade.confirmDialog()).toHaveCount(0);

  await openRates(s);
  await expectNoAxeViolations(page, 'Rates (dark)');

  await s.shell.go('Treasury');
  await expect(s.treasury.total).toBeVisible();
  await expectNoAxeViolations(page, 'Treasury (dark)');

  await syncTransactions(s);
  await expectNoAxeViolations(page, 'Transactions (dark)');

  await s.shell.go('Audit log');
  await expect(s.audit.table.locator('tbody tr').first()).toBeVisible();
  await expectNoAxeViolations(page, 'Audit log (dark)');

  await s.shell.go('Approvals');
  await expect(page.getByRole('main')).toContainText('Approvals need the team workspace');
  await expectNoAxeViolations(page, 'Approvals (dark)');
});

// ── keyboard ────────────────────────────────────────────────────────────────

interface FocusReport {
  description: string;
  indicator: boolean;
  detail: string;
}

/**
 * Remembers how every focusable element (and the label of a visually hidden input)
 * looks unfocused, so each one can be compared with itself once it has focus.
 */
async function recordUnfocusedStyles(page: Page): Promise<void> {
  await page.evaluate(() => {
    const styles = new Map<Element, string>();
    const look = (el: Element): string => {
      const cs = getComputedStyle(el);
      return JSON.stringify([cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow]);
    };
    // The element focused now has no unfocused look to record: it only has to show an indicator.
    for (const el of document.querySelectorAll('a[href], button, input, select, textarea, [tabindex], summary, label, dialog')) {
      if (el !== document.activeElement) styles.set(el, look(el));
    }
    (window as unknown as { __unfocused: Map<Element, string> }).__unfocused = styles;
  });
}

/** Moves the keyboard's starting point to the top of the document, as on a fresh load. */
async function focusTop(page: Page): Promise<void> {
  await page.evaluate(() => {
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute('tabindex');
  });
}

/** What the focused element looks like compared with its unfocused self. */
async function focusReport(page: Page): Promise<FocusReport> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { description: 'body', indicator: false, detail: 'nothing focused' };
    const describe = (e: Element): string => {
      const name = e.getAttribute('aria-label') ?? (e as HTMLElement).innerText?.trim().slice(0, 40) ?? '';
      return `<${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className ? `.${String(e.className).split(' ').join('.')}` : ''}> "${name}"`;
    };
    // A visually hidden input (the segmented buttons) shows its focus on its label.
    let target: Element = el;
    const rect = el.getBoundingClientRect();
    if ((rect.width <= 1 || rect.height <= 1 || getComputedStyle(el).opacity === '0') && el instanceof HTMLInputElement && el.labels?.[0])
      target = el.labels[0];
    const cs = getComputedStyle(target);
    const now = JSON.stringify([cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow]);
    const before = (window as unknown as { __unfocused?: Map<Element, string> }).__unfocused?.get(target);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
    const shadow = cs.boxShadow !== 'none';
    const changed = before === undefined || before !== now;
    // An outline drawn outside the element must not be cut off by the window or by an
    // ancestor that clips its overflow (a scroll box, a cell with text-overflow).
    const reach = outline ? parseFloat(cs.outlineWidth) + Math.max(0, parseFloat(cs.outlineOffset) || 0) : 0;
    const box = target.getBoundingClientRect();
    const ring = { left: box.left - reach, top: box.top - reach, right: box.right + reach, bottom: box.bottom + reach };
    let clippedBy: string | null = null;
    if (ring.left < -0.5 || ring.top < -0.5 || ring.right > window.innerWidth + 0.5 || ring.bottom > window.innerHeight + 0.5)
      clippedBy = 'the window';
    for (let a = target.parentElement; a && a !== document.documentElement && !clippedBy; a = a.parentElement) {
      const acs = getComputedStyle(a);
      if (acs.overflowX === 'visible' && acs.overflowY === 'visible') continue;
      const r = a.getBoundingClientRect();
      const inner = {
        left: r.left + a.clientLeft,
        top: r.top + a.clientTop,
        right: r.left + a.clientLeft + a.clientWidth,
        bottom: r.top + a.clientTop + a.clientHeight,
      };
      const cutX = acs.overflowX !== 'visible' && (ring.left < inner.left - 0.5 || ring.right > inner.right + 0.5);
      const cutY = acs.overflowY !== 'visible' && (ring.top < inner.top - 0.5 || ring.bottom > inner.bottom + 0.5);
      if (cutX || cutY) clippedBy = describe(a);
      if (a.matches('dialog:modal')) break; // in the top layer: nothing outside clips it
    }
    // The outline needs 3:1 against what it is drawn on (WCAG 1.4.11), i.e. the first
    // opaque background behind the element.
    const rgba = (c: string): number[] | null => {
      const m = /^rgba?\(([^)]+)\)$/.exec(c) ?? /^color\(srgb ([^)]+)\)$/.exec(c);
      if (!m) return null;
      const parts = m[1]!
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      const scale = c.startsWith('color(') ? 255 : 1;
      return [parts[0]! * scale, parts[1]! * scale, parts[2]! * scale, parts[3] ?? 1];
    };
    const luminance = ([r, g, b]: number[]): number => {
      const lin = (v: number): number => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    };
    let contrast: number | null = null;
    if (outline) {
      let bg: number[] | null = null;
      for (let a: Element | null = target.parentElement; a && !bg; a = a.parentElement) {
        const c = rgba(getComputedStyle(a).backgroundColor);
        if (c && c[3]! >= 0.5) bg = c;
      }
      const ringColour = rgba(cs.outlineColor);
      if (bg && ringColour) {
        const [hi, lo] = [luminance(ringColour), luminance(bg)].sort((x, y) => y - x);
        contrast = Math.round(((hi! + 0.05) / (lo! + 0.05)) * 100) / 100;
      }
    }
    const faint = contrast !== null && contrast < 3;
    return {
      description: describe(el) + (target !== el ? ` (shown on ${describe(target)})` : ''),
      indicator: (outline || shadow) && changed && clippedBy === null && !faint,
      detail:
        `focused ${now}, unfocused ${before ?? '(not recorded)'}` +
        (clippedBy ? `; the outline is cut off by ${clippedBy}` : '') +
        (faint ? `; the outline has only ${contrast}:1 contrast with the background behind it (3:1 needed)` : ''),
    };
  });
}

/** Tabs until focus leaves `within` (or `limit` presses); every stop must show focus. */
async function tabThrough(page: Page, within: Locator, limit: number): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const inside = await within.evaluate((root) => root.contains(document.activeElement));
    if (!inside) break;
    const report = await focusReport(page);
    expect.soft(report.indicator, `no visible focus indicator on ${report.description}: ${report.detail}`).toBe(true);
    seen.push(report.description);
  }
  return seen;
}

test('the keyboard: navigation in order, visible focus everywhere, Escape returns focus', async ({ desk }) => {
  test.setTimeout(120_000);
  const { page } = desk;
  const s = screens(page);
  await s.shell.ready();
  await fillDirectory(page);
  await s.shell.go('Environments');
  await expect(page.getByTestId('session-panel-state')).toHaveText('Signed in');
  await expect(page.getByRole('button', { name: 'Save credentials' })).toBeVisible();

  // ── from the top: the skip link, then the navigation links in order ─────
  await recordUnfocusedStyles(page);
  await focusTop(page);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  let report = await focusReport(page);
  expect.soft(report.indicator, `skip link: ${report.detail}`).toBe(true);
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeInViewport();
  for (const name of NAV_LINKS) {
    await page.keyboard.press('Tab');
    await expect(s.shell.nav.getByRole('link', { name, exact: true })).toBeFocused();
    report = await focusReport(page);
    expect.soft(report.indicator, `no visible focus on the "${name}" link: ${report.detail}`).toBe(true);
  }
  // …and on into the screen: every control of Environments shows its focus.
  const environmentStops = await tabThrough(page, page.getByRole('main'), 60);
  expect(environmentStops.length).toBeGreaterThan(5);

  // The skip link jumps past the navigation.
  await page.getByRole('link', { name: 'Skip to content' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  // Signed in, Sign in is disabled: Sign out is the screen's first control.
  await expect(page.getByRole('main').getByRole('button', { name: 'Sign out', exact: true })).toBeFocused();

  // ── Trade (segmented side buttons, selects, the order ticket) ────────────
  await fillTicket(s);
  await recordUnfocusedStyles(page);
  await page.getByRole('main').focus();
  const tradeStops = await tabThrough(page, page.getByRole('main'), 60);
  expect(tradeStops.length).toBeGreaterThan(5);

  // ── a user's page (tables with row buttons, copy buttons) ────────────────
  await openUserDetail(s);
  await recordUnfocusedStyles(page);
  await page.getByRole('main').focus();
  const userStops = await tabThrough(page, page.getByRole('main'), 80);
  expect(userStops.length).toBeGreaterThan(10);

  // ── Transactions: filters and the virtualized grid's buttons ─────────────
  await syncTransactions(s);
  await recordUnfocusedStyles(page);
  await page.getByRole('main').focus();
  const transactionStops = await tabThrough(page, page.getByRole('main'), 40);
  expect(transactionStops.length).toBeGreaterThan(10);

  // ── Escape closes the confirmation and focus returns to Place order ──────
  await fillTicket(s);
  await s.trade.placeOrder.focus();
  await page.keyboard.press('Enter');
  const confirm = s.trade.confirmDialog();
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('button', { name: 'Confirm order' })).toBeFocused();
  // Both of the dialog's buttons show their focus: Cancel (Shift+Tab), then Confirm order again.
  await recordUnfocusedStyles(page);
  await page.keyboard.press('Shift+Tab');
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  report = await focusReport(page);
  expect.soft(report.indicator, `no visible focus on Cancel: ${report.detail}`).toBe(true);
  await page.keyboard.press('Tab');
  await expect(confirm.getByRole('button', { name: 'Confirm order' })).toBeFocused();
  report = await focusReport(page);
  expect.soft(report.indicator, `no visible focus on Confirm order: ${report.detail}`).toBe(true);
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(s.trade.placeOrder).toBeFocused();

  // ── the same for a dialog opened from a table row (a bank account) ──────
  await openUserDetail(s);
  const view = s.user.banks.getByRole('button', { name: /^View bank account / }).first();
  await view.focus();
  await page.keyboard.press('Enter');
  const bankDialog = page.getByRole('dialog');
  await expect(bankDialog).toBeVisible();
  await expect(bankDialog).toHaveAccessibleName(/^Bank account /);
  await page.keyboard.press('Escape');
  await expect(bankDialog).toHaveCount(0);
  await expect(view).toBeFocused();

  // …and for one opened from a row of the virtualized transactions table.
  await syncTransactions(s);
  const show = s.transactions.table.getByRole('button', { name: /^Show transaction \d+$/ }).first();
  const showName = (await show.getAttribute('aria-label')) ?? (await show.innerText());
  await show.focus();
  await page.keyboard.press('Enter');
  const detail = page.getByRole('dialog', { name: /^Transaction \d+$/ });
  await expect(detail).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(detail).toHaveCount(0);
  await expect(s.transactions.table.getByRole('button', { name: showName, exact: true })).toBeFocused();
});
