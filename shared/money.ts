// Money on our side is always a decimal string handled by decimal.js, never a
// binary float. The API answers JSON numbers; they are turned into Decimals from
// their shortest round-trip text, so 0.1 stays "0.1".
import Decimal from 'decimal.js';

export { Decimal };

/** Places the sandbox and the desk accept: EUR to the cent, crypto to 8. */
export const EUR_PLACES = 2;
export const CRYPTO_PLACES = 8;

export function placesFor(currencyCode: string): number {
  return currencyCode.toLowerCase() === 'eur' ? EUR_PLACES : CRYPTO_PLACES;
}

export type AmountCheck = { ok: true; value: string } | { ok: false; message: string };

const DECIMAL_TEXT = /^(\d+)(?:\.(\d+))?$/;
const NEGATIVE_DECIMAL_TEXT = /^-\s*\d+(?:\.\d+)?$/;

/**
 * Digits before the point an amount may have: under a trillion, as the team
 * database's EUR columns. More is a typing accident, and figures shown from it
 * (fee, value) would overflow what a screen can format.
 */
export const AMOUNT_INTEGER_DIGITS_MAX = 12;

/**
 * Checks operator-typed or API-sent amount text: a plain positive decimal with at
 * most `places` fractional digits. Returns the canonical string (no leading zeros,
 * trailing fraction zeros kept as typed) or a sentence for the operator.
 */
export function checkAmount(text: unknown, places: number): AmountCheck {
  if (typeof text !== 'string') return { ok: false, message: 'The amount must be a decimal string.' };
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: 'Enter an amount.' };
  const match = DECIMAL_TEXT.exec(trimmed);
  // "-5" is a number, just not one an order can take: say what is wrong with it, not that it is no number.
  if (!match && NEGATIVE_DECIMAL_TEXT.test(trimmed)) return { ok: false, message: 'The amount must be more than zero.' };
  if (!match) return { ok: false, message: 'The amount must be a plain decimal number such as 250.00.' };
  const fraction = match[2] ?? '';
  const intPart = match[1]!.replace(/^0+(?=\d)/, '');
  if (intPart.length > AMOUNT_INTEGER_DIGITS_MAX) {
    return { ok: false, message: `The amount can have at most ${AMOUNT_INTEGER_DIGITS_MAX} digits before the decimal point.` };
  }
  if (fraction.length > places) {
    return { ok: false, message: `The amount can have at most ${places} decimal places.` };
  }
  const value = new Decimal(trimmed);
  if (value.lte(0)) return { ok: false, message: 'The amount must be more than zero.' };
  return { ok: true, value: fraction ? `${intPart}.${fraction}` : intPart };
}

/** A JSON number or numeric string from the API as a Decimal. */
export function dec(value: number | string | Decimal): Decimal {
  if (value instanceof Decimal) return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`Not a finite amount: ${value}`);
    return new Decimal(String(value));
  }
  return new Decimal(value);
}

/** Rounds down to `places` (what a ledger may pay out) and prints fixed. */
export function toFixedDown(value: Decimal | number | string, places: number): string {
  return dec(value).toDecimalPlaces(places, Decimal.ROUND_DOWN).toFixed(places);
}

/** Rounds half-up to `places` and prints fixed. */
export function toFixedHalfUp(value: Decimal | number | string, places: number): string {
  return dec(value).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toFixed(places);
}

/** Normalised text of a decimal for storage: no exponent, no trailing zeros. */
export function decimalText(value: Decimal | number | string): string {
  const d = dec(value);
  return d.toFixed();
}
