// Issue 5: the transactions cache — sync with progress, filters, sort, detail,
// and a CSV export whose rows are exactly the filtered ones the API holds.
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { Decimal } from 'decimal.js';
import { screens, type TransactionsPage } from './pages';
import { parseCsv } from './support/csv';
import { expect, test } from './support/fixtures';
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
    for (const k of ['amount', 'fee', 'subtotal', 'total'] as const) expect(new Decimal(row[k]!).equals(tx[k]), `${k} of ${tx.id}`).toBe(true);
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
  expect(first.name).toMatch(/^kriptomat-transactions-.*\.csv$/);
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
  await expect(detail).toContainText(one.date.replace('T', ' ').replace(/\.\d+$/, ''));
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();
});
