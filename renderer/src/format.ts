// How the desk shows numbers and dates: one rule for each kind of value, used by every
// screen, so a figure reads the same wherever it appears.
//
// - Money: EUR always with 2 places, crypto always with 8 (the places the API and the
//   order checks use, shared/money.ts) — "€1,234.50", "0.01000000 BTC".
// - Prices (EUR per unit): fixed places per pair, chosen from the size of the pair's
//   price — 2 places from €1 up; below €1, enough places for 4 significant digits
//   (0.4505 → 4 places, 0.05123 → 5), at most 8. Every price of one pair (rates, ticket,
//   chart, transactions) uses the pair's places, so €0.4505 never sits beside €0.451.
// - Percent changes: 2 places with a sign; their tone (up/down/flat) follows the shown
//   figure, so a change that reads 0.00 % is flat, never red.
// - Dates and times: the operator's local time with the zone named and a 24-hour
//   clock — "26 Nov 2026, 14:05:03 CET" (order of day and month from the locale).
//   The API's zone-less dates are UTC and are converted to that style; CSV exports
//   keep the API's UTC text and say so.
//
// Amounts stay decimal strings all the way to Intl (which takes numeric strings), so
// large or precise values are never squeezed through a binary float. Numbers are
// right-aligned with tabular figures by the components (styles/tables.css).
import { Decimal, placesFor } from '../../shared/money';

/** The operator's locale; outside a page (unit tests) the process's. */
export function operatorLocale(): string {
  const nav = (globalThis as { navigator?: { languages?: readonly string[]; language?: string } }).navigator;
  return nav?.languages?.[0] ?? nav?.language ?? 'en-US';
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const cacheKey = `${operatorLocale()}|${key}`;
  let nf = numberFormats.get(cacheKey);
  if (!nf) {
    nf = new Intl.NumberFormat(operatorLocale(), options);
    numberFormats.set(cacheKey, nf);
  }
  return nf;
}

/** A Decimal of the text, or null when it is not a finite number. */
function decimalOf(amount: string | Decimal): Decimal | null {
  try {
    const d = amount instanceof Decimal ? amount : new Decimal(amount.trim());
    return d.isFinite() ? d : null;
  } catch {
    return null;
  }
}

/** A plain decimal text Intl will take (no exponent), or null when it is not a number. */
function numericText(amount: string): Intl.StringNumericLiteral | null {
  const d = decimalOf(amount);
  return d === null ? null : (d.toFixed() as Intl.StringNumericLiteral);
}

// ── money ──────────────────────────────────────────────────────────────────

/** Places an amount of `currency` is shown with: 2 for EUR, 8 for crypto. */
export function moneyPlaces(currency: string): number {
  return placesFor(currency);
}

/** "€1,234.50" for EUR, "0.01234567 BTC" for crypto (always 8 places). */
export function formatMoney(amount: string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const text = numericText(amount);
  if (text === null) return amount;
  const code = currency.toUpperCase();
  const places = moneyPlaces(currency);
  if (code === 'EUR') {
    return numberFormat('eur', { style: 'currency', currency: 'EUR', minimumFractionDigits: places, maximumFractionDigits: places }).format(
      text,
    );
  }
  return `${numberFormat(`crypto${places}`, { minimumFractionDigits: places, maximumFractionDigits: places }).format(text)} ${code}`;
}

// ── prices ─────────────────────────────────────────────────────────────────

const MAX_PRICE_PLACES = 8;

/** Places for a EUR price of about `reference`: 2 from €1 up, else 4 significant digits (at most 8). */
export function pricePlacesForValue(reference: string | Decimal): number {
  const d = decimalOf(reference);
  if (d === null) return 2;
  const abs = d.abs();
  if (abs.isZero() || abs.gte(1)) return 2;
  // Decimal's exponent: 0.4505 is 4.505e-1 → first significant digit at place 1 → 4 places; 0.05123 → 5.
  const firstSignificant = -abs.e;
  return Math.min(MAX_PRICE_PLACES, Math.max(4, firstSignificant + 3));
}

/** The latest known price of each pair: the reference its places are chosen from. */
const pairReference = new Map<string, Decimal>();

/** Records a pair's current price (the rates store calls this for every rate it receives). */
export function notePairPrice(pair: string, price: string): void {
  const d = decimalOf(price);
  if (d !== null && !d.isZero()) pairReference.set(pair.toLowerCase(), d);
}

/**
 * Places for prices of `pair`: from the pair's latest rate when one is known, so every
 * price of the pair uses the same places; otherwise from the value itself.
 */
export function pricePlaces(pair: string | null | undefined, value?: string | null): number {
  const reference = pair ? pairReference.get(pair.toLowerCase()) : undefined;
  if (reference) return pricePlacesForValue(reference);
  return value ? pricePlacesForValue(value) : 2;
}

/** A EUR price per unit of `pair`'s crypto, at the pair's places: "€59,412.75", "€0.4505". */
export function formatPrice(price: string | null | undefined, pair?: string | null): string {
  if (price === null || price === undefined || price === '') return '—';
  const text = numericText(price);
  if (text === null) return price;
  const places = pricePlaces(pair, text);
  return numberFormat(`price${places}`, {
    style: 'currency',
    currency: 'EUR',
    minimumFractionDigits: places,
    maximumFractionDigits: places,
  }).format(text);
}

// ── percent changes ────────────────────────────────────────────────────────

const PERCENT_PLACES = 2;

/** "+1.23%" with sign, for changes since a range start; a change that rounds to zero has none. */
export function formatPercent(fraction: Decimal | null): string {
  if (fraction === null) return '—';
  const shown = fraction.toDecimalPlaces(PERCENT_PLACES + 2, Decimal.ROUND_HALF_UP);
  return numberFormat('pct', {
    style: 'percent',
    minimumFractionDigits: PERCENT_PLACES,
    maximumFractionDigits: PERCENT_PLACES,
    signDisplay: 'exceptZero',
  }).format((shown.isZero() ? '0' : shown.toFixed()) as Intl.StringNumericLiteral);
}

export type ChangeTone = 'up' | 'down' | 'flat';

/** The tone of a change as shown: what reads 0.00 % is flat (neutral), whatever its sign. */
export function changeTone(fraction: Decimal | null): ChangeTone | null {
  if (fraction === null) return null;
  const shown = fraction.toDecimalPlaces(PERCENT_PLACES + 2, Decimal.ROUND_HALF_UP);
  if (shown.isZero()) return 'flat';
  return shown.isNegative() ? 'down' : 'up';
}

export function formatInteger(n: number): string {
  return numberFormat('int', { maximumFractionDigits: 0 }).format(n);
}

/** A count with its noun: "1 transaction", "0 transactions", "1,204 transactions"; `many` when adding an s is wrong ("1 entry", "2 entries"). */
export function formatCount(n: number, one: string, many = `${one}s`): string {
  return `${formatInteger(n)} ${n === 1 ? one : many}`;
}

// ── dates and times ────────────────────────────────────────────────────────

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const cacheKey = `${operatorLocale()}|${key}`;
  let f = dateFormats.get(cacheKey);
  if (!f) {
    f = new Intl.DateTimeFormat(operatorLocale(), options);
    dateFormats.set(cacheKey, f);
  }
  return f;
}

const clock: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };

/** "26 Nov 2026, 14:05:03 CET": the one style of a date in every table and detail. */
export function formatDateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return dateFormat('datetime', { year: 'numeric', month: 'short', day: 'numeric', ...clock, timeZoneName: 'short' }).format(ms);
}

/** "14:05:03 CET": a time of today (status lines, "fetched at"). */
export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return dateFormat('time', { ...clock, timeZoneName: 'short' }).format(ms);
}

/** The operator's zone as the dates name it ("CET", "GMT+1", "UTC"), at `ms`. */
export function localZoneName(ms: number = Date.now()): string {
  const part = dateFormat('zone', { timeZoneName: 'short' })
    .formatToParts(ms)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? 'local time';
}

const HAS_ZONE = /(Z|[+-]\d\d:?\d\d)$/i;

/** The API's `date` ("2026-11-26T13:05:03.658", UTC without a zone) as epoch ms; a zone, if sent, is honoured. */
export function apiDateMs(date: string): number | null {
  const iso = date.trim().replace(' ', 'T');
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return null;
  const ms = Date.parse(HAS_ZONE.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** An API date in the desk's one date style (local, zone named); unreadable text is shown as sent. */
export function formatApiDate(date: string): string {
  const ms = apiDateMs(date);
  return ms === null ? date : formatDateTime(ms);
}

/** "59:07" or "1:02:03" for a countdown. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(h > 0 ? 2 : 1, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** "4 s", "3 min 2 s" for a rate's age. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
