// Transactions (cache, filters, virtualized table, export) and the Audit log.
import type { Locator, Page } from '@playwright/test';

export class TransactionsPage {
  readonly cache: Locator;
  readonly sync: Locator;
  readonly progress: Locator;
  /** "Fetching the history from Kriptomat: 3 of 18 pages" / "Synced at …: 18 pages read." */
  readonly syncLine: Locator;
  /** Why the table is empty and what to do (shown instead of an empty table). */
  readonly emptyState: Locator;
  readonly exportCsv: Locator;
  readonly filters: Locator;
  readonly userId: Locator;
  readonly type: Locator;
  readonly pair: Locator;
  readonly state: Locator;
  readonly from: Locator;
  readonly to: Locator;
  readonly search: Locator;
  readonly clear: Locator;
  readonly total: Locator;
  readonly table: Locator;

  constructor(readonly page: Page) {
    this.cache = page.getByRole('region', { name: 'Cache' });
    // The Cache section's button; an empty table offers one of the same name.
    this.sync = this.cache.getByRole('button', { name: 'Sync transactions' });
    this.progress = page.getByRole('progressbar', { name: 'Sync progress' });
    this.syncLine = this.cache.getByText(/^(Fetching the history from Kriptomat|Synced)/);
    this.emptyState = page.getByTestId('transactions-empty');
    this.exportCsv = page.getByRole('button', { name: 'Export CSV' });
    this.filters = page.getByRole('search', { name: 'Transaction filters' });
    this.userId = this.filters.getByRole('textbox', { name: 'User ID' });
    this.type = this.filters.getByRole('combobox', { name: 'Type' });
    this.pair = this.filters.getByRole('combobox', { name: 'Pair', exact: true });
    this.state = this.filters.getByRole('combobox', { name: 'State' });
    this.from = this.filters.getByLabel('From date');
    this.to = this.filters.getByLabel('To date');
    this.search = this.filters.getByRole('searchbox', { name: 'Search' });
    this.clear = this.filters.getByRole('button', { name: 'Clear filters' });
    this.total = page.getByTestId('transactions-total');
    this.table = page.getByRole('table', { name: 'Transactions' });
  }

  /** "1,234 transactions match" → 1234; null while counting. */
  async matching(): Promise<number | null> {
    const text = (await this.total.textContent()) ?? '';
    const match = /^([\d.,\s\u00a0\u202f]+) transactions? match/.exec(text.trim());
    return match ? Number(match[1]!.replace(/\D/g, '')) : null;
  }

  /** Rows of the virtualized table now in the DOM (loaded ones only), as cell texts. */
  async visibleRows(): Promise<string[][]> {
    const rows = this.table.locator('[role="rowgroup"]').nth(1).getByRole('row');
    const out: string[][] = [];
    for (const row of await rows.all()) {
      const cells = (await row.getByRole('cell').allInnerTexts()).map((c) => c.trim());
      if (cells[0] && cells[0] !== '…') out.push(cells);
    }
    return out;
  }

  sortButton(column: string): Locator {
    return this.table.getByRole('columnheader').getByRole('button', { name: new RegExp(`^${column}`) });
  }
}

export class AuditPage {
  readonly action: Locator;
  readonly outcome: Locator;
  readonly search: Locator;
  readonly refresh: Locator;
  readonly exportCsv: Locator;
  readonly table: Locator;
  readonly verify: Locator;
  /** What the last "Verify audit trail" found (role=status). */
  readonly verification: Locator;

  constructor(readonly page: Page) {
    this.verify = page.getByRole('button', { name: 'Verify audit trail' });
    this.verification = page.getByRole('status', { name: 'Audit trail verification' });
    const filters = page.getByRole('search', { name: 'Audit filters' });
    this.action = filters.getByRole('combobox', { name: 'Action' });
    this.outcome = filters.getByRole('combobox', { name: 'Outcome' });
    this.search = filters.getByRole('searchbox', { name: 'Search' });
    this.refresh = filters.getByRole('button', { name: 'Refresh audit log' });
    this.exportCsv = filters.getByRole('button', { name: 'Export CSV' });
    this.table = page.getByRole('table', { name: 'Audit entries' });
  }

  /** Entries now listed: action and outcome as the log stores them (the screen shows them in words), and the summary. */
  async entries(): Promise<{ action: string; summary: string; outcome: string; actionShown: string }[]> {
    // One read of the whole table: rows re-render while a filter loads.
    return this.table.locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) => {
        const cells = [...row.querySelectorAll('td')].map((c) => (c as HTMLElement).innerText.trim());
        return {
          action: row.getAttribute('data-action') ?? '',
          summary: cells[4] ?? '',
          outcome: row.getAttribute('data-outcome') ?? '',
          actionShown: cells[3] ?? '',
        };
      }),
    );
  }
}
