// Pairs are the API's lower-case concatenation of crypto and fiat codes ("btceur").

export interface PairParts {
  base: string;
  quote: string;
}

/** A pair as the API writes it: lower-case crypto code, then "eur". */
export const PAIR_PATTERN = /^[a-z0-9]{2,12}eur$/;

/** Splits a pair on its fiat suffix; every pair the API lists is quoted in EUR. */
export function splitPair(pair: string): PairParts {
  const lower = pair.toLowerCase();
  if (!PAIR_PATTERN.test(lower)) throw new RangeError(`Not a EUR pair: ${pair}`);
  return { base: lower.slice(0, -3), quote: 'eur' };
}

export function pairLabel(pair: string): string {
  const { base, quote } = splitPair(pair);
  return `${base.toUpperCase()}/${quote.toUpperCase()}`;
}

/** "BTC/EUR" for a pair, the text as it came for anything else (an operator reads it either way). */
export function displayPair(pair: string): string {
  return PAIR_PATTERN.test(pair.toLowerCase()) ? pairLabel(pair) : pair;
}

/** The lower-case base currency of a pair ("btceur" → "btc"); the text itself when it is not a EUR pair. */
export function baseOf(pair: string): string {
  const lower = pair.toLowerCase();
  return lower.endsWith('eur') && lower.length > 3 ? lower.slice(0, -3) : lower;
}

/** The currency an order's amount is in: EUR for buy and withdraw, the pair's base for sell. */
export function orderCurrency(kind: 'buy' | 'sell' | 'withdraw', pair: string | null): string {
  return kind === 'sell' && pair ? baseOf(pair) : 'eur';
}
