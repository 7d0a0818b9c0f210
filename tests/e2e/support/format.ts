// Money as the desk shows it, in the page's own locale, so a spec can look for
// the figure the API recorded: "€1,234.50" for EUR, "0.01234567 BTC" for crypto.
import type { Page } from '@playwright/test';
import { Decimal } from 'decimal.js';

export interface MoneyFormat {
  eur(amount: Decimal.Value): string;
  crypto(amount: Decimal.Value, currency: string): string;
  /** A EUR price per unit: two to six places. */
  price(amount: Decimal.Value): string;
}

export async function moneyFormat(page: Page): Promise<MoneyFormat> {
  const locale = await page.evaluate(() => navigator.languages?.[0] ?? navigator.language ?? 'en-US');
  const eur = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const crypto = new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 8 });
  const price = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 6 });
  const text = (v: Decimal.Value) => new Decimal(v).toFixed() as Intl.StringNumericLiteral;
  return {
    eur: (amount) => eur.format(text(amount)),
    crypto: (amount, currency) => `${crypto.format(text(amount))} ${currency.toUpperCase()}`,
    price: (amount) => price.format(text(amount)),
  };
}
