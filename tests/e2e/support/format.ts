// Figures and dates as the desk shows them (renderer/src/format.ts), in the page's own
// locale and time zone, so a spec can look for the text the API's values must become:
// "€1,234.50" for EUR, "0.01000000 BTC" for crypto (always 8 places), prices at their
// pair's places, and dates local with the zone named ("26 Nov 2026, 14:05:03 CET").
import type { Page } from '@playwright/test';
import { Decimal } from 'decimal.js';

export interface MoneyFormat {
  eur(amount: Decimal.Value): string;
  crypto(amount: Decimal.Value, currency: string): string;
  /** A EUR price per unit, at the places of `reference` (the pair's price; default the value itself). */
  price(amount: Decimal.Value, reference?: Decimal.Value): string;
  /** An instant in the desk's one date style, in the page's zone. */
  dateTime(ms: number): string;
  /** The API's zone-less UTC date text in that style. */
  apiDate(date: string): string;
  /** The page's zone as dates name it ("CET", "UTC", "GMT+1"). */
  zone(ms?: number): string;
}

/** The desk's price places: 2 from €1 up, else 4 significant digits (at most 8). */
export function pricePlaces(reference: Decimal.Value): number {
  const abs = new Decimal(reference).abs();
  if (abs.isZero() || abs.gte(1)) return 2;
  return Math.min(8, Math.max(4, -abs.e + 3));
}

export async function moneyFormat(page: Page): Promise<MoneyFormat> {
  const { locale, timeZone } = await page.evaluate(() => ({
    locale: navigator.languages?.[0] ?? navigator.language ?? 'en-US',
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  }));
  const eur = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const crypto = new Intl.NumberFormat(locale, { minimumFractionDigits: 8, maximumFractionDigits: 8 });
  const price = (places: number) =>
    new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR', minimumFractionDigits: places, maximumFractionDigits: places });
  const dateTime = new Intl.DateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });
  const zone = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' });
  const text = (v: Decimal.Value) => new Decimal(v).toFixed() as Intl.StringNumericLiteral;
  return {
    eur: (amount) => eur.format(text(amount)),
    crypto: (amount, currency) => `${crypto.format(text(amount))} ${currency.toUpperCase()}`,
    price: (amount, reference) => price(pricePlaces(reference ?? amount)).format(text(amount)),
    dateTime: (ms) => dateTime.format(ms),
    apiDate: (date) => dateTime.format(Date.parse(/(Z|[+-]\d\d:?\d\d)$/i.test(date) ? date : `${date.replace(' ', 'T')}Z`)),
    zone: (ms = Date.now()) => zone.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? '',
  };
}
