// Issue 5: the transactions table is virtualized, so 100,000 cached rows scroll
// smoothly — only a window of rows is ever in the page, fetched as it scrolls.
import { join } from 'node:path';
import { STORE_FILE_NAME } from '../../main/desk/options';
import { LOCAL_SANDBOX_PROFILE_ID } from '../../main/settings/profile';
import { openStore } from '../../main/store/sqlite';
import { syntheticTransactions } from '../integration/store/transaction-fixtures';
import { screens } from './pages';
import { expect, test } from './support/fixtures';

const COUNT = 100_000;

test.use({
  beforeLaunch: {
    run: (launch) => {
      const store = openStore(join(launch.userDataDir, STORE_FILE_NAME));
      try {
        const rows = syntheticTransactions(COUNT);
        for (let i = 0; i < rows.length; i += 10_000) store.transactions.upsert(LOCAL_SANDBOX_PROFILE_ID, rows.slice(i, i + 10_000));
        // A desk that has read its history before: no first sync at start mixes sandbox rows in.
        store.transactions.setSyncState(LOCAL_SANDBOX_PROFILE_ID, 'all', true);
      } finally {
        store.close();
      }
    },
  },
});

test('100,000 cached transactions: a window of rows in the page, the last one reachable by scrolling', async ({ desk }) => {
  const { page } = desk;
  const s = screens(page);
  const t = s.transactions;
  await s.shell.ready();
  await s.shell.go('Transactions');
  await expect.poll(() => t.matching()).toBe(COUNT);
  await expect(t.table).toHaveAttribute('aria-rowcount', String(COUNT + 1));

  // Newest first: synthetic dates grow with the id.
  await expect.poll(async () => (await t.visibleRows())[0]?.[0]).toBe('100000');
  const rowsInPage = () => t.table.getByRole('row').count();
  expect(await rowsInPage()).toBeLessThan(200);

  // Jump to the end: the oldest row is fetched and drawn, and the page still holds only a window.
  await t.table.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect.poll(async () => (await t.visibleRows()).some((cells) => cells[0] === '1'), { timeout: 15_000 }).toBe(true);
  expect(await rowsInPage()).toBeLessThan(200);

  // And the middle, by a filter that the cache answers at once.
  await t.userId.fill('250');
  await expect.poll(() => t.matching()).toBeLessThan(COUNT);
  await expect
    .poll(async () => {
      const rows = await t.visibleRows();
      return rows.length > 0 && rows.every((cells) => cells[1] === '250');
    })
    .toBe(true);
});
