// Pairs are the API's lower-case concatenation of crypto and fiat codes ("btceur").

export interface PairParts {
  base: string;
  quote: string;
}

/** Splits a pair on its fiat suffix; every pair the API lists is quoted in EUR. */
export function splitPair(pair: string): PairParts {
  const lower = pair.toLowerCase();
  if (!/^[a-z0-9]{2,12}eur$/.test(lower)) throw new RangeError(`Not a EUR pair: ${pair}`);
  return { base: lower.slice(0, -3), quote: 'eur' };
}

export function pairLabel(pair: string): string {
  const { base, quote } = splitPair(pair);
  return `${base.toUpperCase()}/${quote.toUpperCase()}`;
}
