// Issue 5: the transactions cache — sync with progress, filters, sort, detail,
// and a CSV export whose rows are exactly the filtered ones the API holds.
// Day one: the history arrives and the directory fills whoever starts the first sync
// (main in the background, or the operator), every empty table says what to do, and
// figures and dates follow the desk's one style.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { Decimal } from 'decimal.js';
import { screens, type TransactionsPage } from './pages';
import { deskCall } from './support/bridge';
import { parseCsv } from './support/csv';
import { expect, test } from './support/fixtures';
import { moneyFormat } from './support/format';
import { sandboxState, type SandboxTransaction } from './support/sandbox-state';

/** The API's date is UTC wall time without a zone. */
const dateMs = (tx: SandboxTransaction): number => Date.parse(`${tx.date}Z`);

async function exportCsv(page: Page, t: TransactionsPage): Promise<{ name: string; rows: Record<string, string>[] }> {
  const download = page.waitForEvent('download');
  await t.exportCsv.click();
  const file = await download;
  const path = await file.path();
  return { name: file.suggestedFilename(), rows: parseCsv(readFileSync(path, 'utf8')) };
}

function sameRows(csv: Record<string, string>[], expected: SandboxTransaction[]): void {
  expect(csv.map((r) => Number(r['id'])).sort((a, b) => a - b)).toEqual(expected.map((t) => t.id).sort((a, b) => a - b));
  const byId = new Map(expected.map((t) => [t.id, t]));
  for (const row of csv) {
    const tx = byId.get(Number(row['id']))!;
    expect(Number(row['user_id'])).toBe(tx.user_id);
    expect(row['type']).toBe(tx.type);
    expect(row['state']).toBe(tx.state);
    expect(row['pair'] || null).toBe(tx.pair);
    // Dates as the API recorded them: UTC, unconverted.
    expect(row['date']).toBe(tx.date);
    for (const k of ['amount', 'fee', 'subtotal', 'total'] as const)
      expect(new Decimal(row[k]!).equals(tx[k]), `${k} of ${tx.id}`).toBe(true);
  }
}

test('sync, filter, sort, open and export the transactions', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  const t = s.transactions;
  await s.shell.ready();
  const state = await sandboxState(desk);
  const all = state.transactions;
  // The seeded history is settled, with a few failed ones for the state filter to tell apart.
  expect(all.every((tx) => tx.state === 'success' || tx.state === 'failed')).toBe(true);

  // ── sync, with its progress bar ────────────────────────────────────────
  await s.shell.go('Transactions');
  await t.sync.click();
  await expect(t.progress).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: /^Sync done: / })).toContainText(`${all.length} cached`);
  await expect(t.progress).toHaveAttribute('aria-valuenow', /\d+/);
  expect(await t.progress.getAttribute('aria-valuenow')).toBe(await t.progress.getAttribute('aria-valuemax'));
  await expect.poll(() => t.matching()).toBe(all.length);
  await desk.snapshot('transactions');

  // ── filter: user 1's buys ──────────────────────────────────────────────
  await t.userId.fill('1');
  await t.type.selectOption('buy');
  const buys = all.filter((tx) => tx.user_id === 1 && tx.type === 'buy');
  expect(buys.length).toBeGreaterThan(2);
  await expect.poll(() => t.matching()).toBe(buys.length);
  await expect.poll(async () => (await t.visibleRows()).length).toBe(buys.length);
  for (const cells of await t.visibleRows()) expect([cells[1], cells[2]]).toEqual(['1', 'Buy']);

  // The export holds exactly these rows, as the API recorded them.
  const first = await exportCsv(page, t);
  // The file keeps the API's UTC dates, and says so in its name and beside the button.
  expect(first.name).toMatch(/^kriptomat-transactions-.*-UTC\.csv$/);
  await expect(t.exportCsv).toHaveAccessibleDescription(/UTC/);
  expect(first.rows.length).toBe(await t.matching());
  sameRows(first.rows, buys);
  await expect(page.getByRole('status').filter({ hasText: /^Exported / })).toHaveText(`Exported ${buys.length} rows to ${first.name}.`);

  // ── narrower: one pair, from a date on (local days, as the operator means them) ──
  const pair = buys[0]!.pair!;
  const ofPair = buys.filter((tx) => tx.pair === pair).sort((a, b) => dateMs(a) - dateMs(b));
  const fromDate = new Date(dateMs(ofPair[Math.floor(ofPair.length / 2)]!));
  const from = `${fromDate.getFullYear()}-${String(fromDate.getMonth() + 1).padStart(2, '0')}-${String(fromDate.getDate()).padStart(2, '0')}`;
  // Day bounds in the page's own time zone.
  const fromMs = await page.evaluate((d) => new Date(`${d}T00:00:00`).getTime(), from);
  await t.pair.selectOption(pair);
  await t.from.fill(from);
  const narrowed = ofPair.filter((tx) => dateMs(tx) >= fromMs);
  expect(narrowed.length).toBeGreaterThan(0);
  await expect.poll(() => t.matching()).toBe(narrowed.length);
  const second = await exportCsv(page, t);
  sameRows(second.rows, narrowed);

  // ── state filter and text search ───────────────────────────────────────
  await t.clear.click();
  await expect.poll(() => t.matching()).toBe(all.length);
  await t.state.selectOption('failed');
  const failed = all.filter((tx) => tx.state === 'failed');
  expect(failed.length).toBeGreaterThan(0);
  await expect.poll(() => t.matching()).toBe(failed.length);
  sameRows((await exportCsv(page, t)).rows, failed);
  await t.clear.click();
  await t.search.fill('fiat_withdrawal');
  await expect.poll(() => t.matching()).toBe(all.filter((tx) => tx.type === 'fiat_withdrawal').length);
  await t.clear.click();
  await expect.poll(() => t.matching()).toBe(all.length);

  // ── sort by id, both ways ──────────────────────────────────────────────
  const ids = all.map((tx) => tx.id);
  await t.sortButton('ID').click();
  await expect(t.table.getByRole('columnheader', { name: /^ID/ })).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(async () => (await t.visibleRows())[0]?.[0]).toBe(String(Math.max(...ids)));
  await t.sortButton('ID').click();
  await expect(t.table.getByRole('columnheader', { name: /^ID/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(async () => (await t.visibleRows())[0]?.[0]).toBe(String(Math.min(...ids)));

  // ── one transaction's detail ───────────────────────────────────────────
  const one = all.find((tx) => tx.id === Math.min(...ids))!;
  await t.table.getByRole('button', { name: `Show transaction ${one.id}`, exact: true }).click();
  const detail = page.getByRole('dialog', { name: `Transaction ${one.id}` });
  await expect(detail).toBeVisible();
  await expect(detail).toContainText(`#${one.user_id}`);
  // The date in the desk's one style: local time with the zone named.
  await expect(detail).toContainText((await moneyFormat(page)).apiDate(one.date));
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();
});

test.describe('day one', () => {
  // A zone other than UTC, so converted dates and the zone's name are really tested
  // (the browser project; the Electron app keeps the machine's zone, and the checks
  // below compute what to expect in the page's own zone either way).
  test.use({ timezoneId: 'Europe/Ljubljana', locale: 'en-GB' });

  test('the first sync fills the table and the directory whoever starts it, and every empty table says what to do', async ({ desk }) => {
    const { page } = desk;
    const s = screens(page);
    const t = s.transactions;
    await s.shell.ready();
    const state = await sandboxState(desk);
    const all = state.transactions;
    const usersInHistory = [...new Set(all.map((tx) => tx.user_id))].sort((a, b) => a - b);

    // Slow answers, so a sync under way can be watched (main's own first sync too, if it is still running).
    await desk.sandbox('/__sandbox/faults', { body: { latency_ms: 600 } });
    await s.shell.go('Transactions');
    const offer = t.emptyState.getByRole('button', { name: 'Sync transactions' });
    // Nothing cached and a sync offered, a sync under way, or the history already here.
    await expect
      .poll(async () => (await offer.isVisible()) || (await t.progress.isVisible()) || (await t.matching()) === all.length, {
        timeout: 30_000,
      })
      .toBe(true);
    let watched = false;
    if (await offer.isVisible()) {
      await expect(t.emptyState).toContainText('No transactions are cached for this environment yet.');
      await offer.click();
    }
    if ((await t.matching()) !== all.length) {
      watched = true;
      // Under way: pages done of the total here, and in the status bar on every screen.
      await expect(t.progress).toBeVisible();
      // Pages done of the total (8 transactions a page), here and in the status bar.
      const pages = Math.ceil(all.length / 8);
      await expect(t.syncLine).toHaveText(new RegExp(`^Fetching the history from Kriptomat: \\d+ of ${pages} pages$`));
      await expect(t.emptyState).toContainText('the history is being fetched from Kriptomat');
      await expect(s.shell.syncIndicator).toHaveText(new RegExp(`^Syncing transactions: \\d+ of ${pages} pages$`));
      await desk.snapshot('transactions-syncing');
      // The Users screen, open while the sync finishes, refreshes its directory by itself.
      await s.shell.go('Users');
      await expect(s.shell.syncIndicator).toBeVisible();
    }
    await desk.sandbox('/__sandbox/faults', { method: 'DELETE' });

    await s.shell.go('Users');
    for (const id of usersInHistory) {
      await expect(s.users.table.getByRole('row').filter({ has: page.getByRole('cell', { name: String(id), exact: true }) })).toHaveCount(
        1,
        { timeout: 30_000 },
      );
    }
    await expect(s.shell.syncIndicator).toBeHidden();
    // The Trade screen's user list has them too.
    await s.shell.go('Trade');
    for (const id of usersInHistory) await expect(s.trade.user.getByRole('option', { name: new RegExp(`\\(#${id}\\)`) })).toHaveCount(1);

    await s.shell.go('Transactions');
    await expect.poll(() => t.matching()).toBe(all.length);
    await expect(t.emptyState).toBeHidden();
    if (watched) await expect(t.syncLine).toHaveText(/^Synced at \d\d:\d\d:\d\d \S+: \d+ pages? read\.$/);

    // ── no match: the filters in force are named, and one button clears them ──
    await t.userId.fill('999');
    await t.type.selectOption('buy');
    await expect(t.emptyState).toHaveText(/No transaction matches User ID 999 · Type Buy\./);
    await expect(t.table).toBeHidden();
    await t.emptyState.getByRole('button', { name: 'Clear filters' }).click();
    await expect(t.userId).toHaveValue('');
    // A page of pasted text stops at the field's limit (the bridge's), with no error: the search just finds nothing.
    await t.search.fill('no such text '.repeat(40));
    await expect(t.search).toHaveValue('no such text '.repeat(40).slice(0, 200));
    await expect(t.emptyState).toHaveText(/No transaction matches Search “no such text/);
    await expect(page.getByRole('alert')).toHaveCount(0);
    await t.emptyState.getByRole('button', { name: 'Clear filters' }).click();
    await expect(t.type).toHaveValue('');
    await expect.poll(() => t.matching()).toBe(all.length);
  });

  test('figures and dates: one precision per currency, one per pair, local dates with the zone named', async ({ desk }) => {
    const { page } = desk;
    const s = screens(page);
    const t = s.transactions;
    await s.shell.ready();
    const fmt = await moneyFormat(page);
    const all = (await sandboxState(desk)).transactions;
    await deskCall(page, 'transactions.sync', {});
    await s.shell.go('Transactions');
    await expect.poll(() => t.matching()).toBe(all.length);

    // The zone is named after every date in the table, and each is the API's UTC converted.
    // (The browser project runs in Ljubljana's zone; the Electron app in the machine's.)
    if (test.info().project.name === 'browser') expect(fmt.zone()).toMatch(/^CES?T$/);
    const byId = new Map(all.map((tx) => [tx.id, tx]));
    const rows = await t.visibleRows();
    expect(rows.length).toBeGreaterThan(3);
    for (const cells of rows) {
      const tx = byId.get(Number(cells[0]))!;
      expect(cells[6]).toBe(fmt.apiDate(tx.date));
      expect(cells[6]).toMatch(/ \d\d:\d\d:\d\d \S+$/);
      // Crypto amounts always have 8 places, EUR 2; prices the places of their pair.
      if (tx.type === 'buy' || tx.type === 'sell') expect(cells[3]).toMatch(/\.\d{8} [A-Z]+$/);
      else expect(cells[3]).toBe(fmt.eur(tx.amount));
      expect(cells[8]).toBe(fmt.eur(tx.fee));
    }
    // XRP prices all have the same places (4 at about €0.50), never 0.451 beside 0.4505.
    // Until the new query answers, the table still holds the unfiltered rows: wait for its count.
    const xrpCount = all.filter((tx) => tx.pair === 'xrpeur').length;
    expect(xrpCount).toBeGreaterThan(2);
    await t.pair.selectOption('xrpeur');
    await expect.poll(() => t.matching()).toBe(xrpCount);
    await expect.poll(async () => (await t.visibleRows()).every((cells) => cells[4] === 'XRP/EUR')).toBe(true);
    const xrpPrices = (await t.visibleRows()).map((cells) => cells[5]!);
    for (const price of xrpPrices) expect(price).toMatch(/^€0\.\d{4}$/);
    await t.clear.click();
  });

  test('an environment without credentials says so, in the status bar and in an empty table', async ({ desk }) => {
    const { page } = desk;
    const s = screens(page);
    await s.shell.ready();
    await deskCall(page, 'profiles.select', { profileId: 'staging' });
    await expect(s.shell.environment).toContainText('Staging');
    await expect(s.shell.sessionState).toHaveText('No credentials');
    await expect(s.shell.statusBar.getByRole('link', { name: 'Add them on the Environments screen' })).toBeVisible();
    await s.shell.go('Transactions');
    await expect(s.transactions.emptyState).toContainText(
      'Staging has no credentials yet: add the e-mail, the client id, the password and the client secret',
    );
    await s.transactions.emptyState.getByRole('link', { name: 'Add credentials on the Environments screen' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Environments' })).toBeVisible();
    // Back on an environment with credentials, the status bar says signed in again.
    await deskCall(page, 'profiles.select', { profileId: 'local-sandbox' });
    await expect(s.shell.sessionState).toHaveText('Signed in');
  });
});
