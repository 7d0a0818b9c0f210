// Rates (latest prices and the history chart) and Treasury (master balances).
import type { Locator, Page } from '@playwright/test';

export type RangeLabel = '15 min' | '1 h' | '24 h' | '7 d' | 'All';

export class RatesPage {
  readonly table: Locator;
  readonly chartPair: Locator;
  readonly chartPoints: Locator;
  readonly chart: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Rates' });
    this.chartPair = page.getByRole('combobox', { name: 'Chart pair' });
    this.chartPoints = page.getByTestId('chart-points');
    this.chart = page.getByRole('img', { name: /price chart, \d+ points$/ });
  }

  /** The row of a pair ("BTC/EUR"). */
  row(label: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: label, exact: true }) });
  }

  /** A pair's cells as shown: price, buy, sell, change, age. */
  async cells(label: string): Promise<{ price: string; buy: string; sell: string; change: string; age: string }> {
    const [price = '', buy = '', sell = '', change = '', age = ''] = (await this.row(label).getByRole('cell').allInnerTexts()).map((c) =>
      c.trim(),
    );
    return { price, buy, sell, change, age };
  }

  /** The change cell of a pair. */
  change(label: string): Locator {
    return this.row(label).getByRole('cell').nth(3);
  }

  range(label: RangeLabel): Locator {
    return this.page.getByRole('group', { name: 'Range' }).getByRole('button', { name: label, exact: true });
  }

  /** The number of recorded points the chart shows (data-points), or -1 while it loads. */
  async points(): Promise<number> {
    const text = await this.chartPoints.getAttribute('data-points', { timeout: 2000 }).catch(() => null);
    return text === null ? -1 : Number(text);
  }
}

export class TreasuryPage {
  readonly table: Locator;
  readonly refresh: Locator;
  readonly total: Locator;

  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Master balances' });
    this.refresh = page.getByRole('button', { name: 'Refresh master balances' });
    this.total = this.table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Total' }) });
  }

  row(currency: string): Locator {
    return this.table.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name: currency.toUpperCase(), exact: true }) });
  }
}
