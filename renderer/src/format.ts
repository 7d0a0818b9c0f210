// Display formatting in the operator's locale. Amounts stay decimal strings all the
// way to Intl (which accepts numeric strings) so large or precise values are never
// squeezed through a binary float.
import { Decimal, placesFor } from '../../shared/money';

export function operatorLocale(): string {
  return navigator.languages?.[0] ?? navigator.language ?? 'en-US';
}

const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const cacheKey = `${operatorLocale()}|${key}`;
  let nf = formatters.get(cacheKey);
  if (!nf) {
    nf = new Intl.NumberFormat(operatorLocale(), options);
    formatters.set(cacheKey, nf);
  }
  return nf;
}

/** A plain decimal text Intl will take (no exponent), or null when it is not a number. */
function numericText(amount: string): Intl.StringNumericLiteral | null {
  try {
    const d = new Decimal(amount.trim());
    if (!d.isFinite()) return null;
    return d.toFixed() as Intl.StringNumericLiteral;
  } catch {
    return null;
  }
}

/** "€1,234.50" for EUR, "0.01234567 BTC" for crypto (up to 8 places). */
export function formatMoney(amount: string | null | undefined, currency: string): string {
  if (amount === null || amount === undefined || amount === '') return '—';
  const text = numericText(amount);
  if (text === null) return amount;
  const code = currency.toUpperCase();
  if (code === 'EUR') {
    return numberFormat('eur', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(text);
  }
  const places = placesFor(currency);
  return `${numberFormat(`crypto${places}`, { minimumFractionDigits: 2, maximumFractionDigits: places }).format(text)} ${code}`;
}

/** A EUR price per unit of crypto: cheap coins need more than two places. */
export function formatPrice(price: string | null | undefined): string {
  if (price === null || price === undefined || price === '') return '—';
  const text = numericText(price);
  if (text === null) return price;
  return numberFormat('price', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 6 }).format(text);
}

/** "+1.23 %" with sign, for changes since a range start. */
export function formatPercent(fraction: Decimal | null): string {
  if (fraction === null) return '—';
  return numberFormat('pct', { style: 'percent', minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' }).format(
    fraction.toFixed(6) as Intl.StringNumericLiteral,
  );
}

export function formatInteger(n: number): string {
  return numberFormat('int', { maximumFractionDigits: 0 }).format(n);
}

export function formatDateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return new Date(ms).toLocaleString(operatorLocale(), { dateStyle: 'medium', timeStyle: 'medium' });
}

export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return new Date(ms).toLocaleTimeString(operatorLocale(), { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** The API's `date` has no time zone: shown as sent, without pretending to convert it. */
export function formatApiDate(date: string): string {
  return date.replace('T', ' ').replace(/\.\d+$/, '');
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
