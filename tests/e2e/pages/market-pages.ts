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
