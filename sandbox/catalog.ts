// What the sandbox trades: the currencies of GET currencies and one EUR pair for
// each of them (GET pairs), with the anchor price the rate walk wanders around.

export interface CurrencyInfo {
  code: string;
  name: string;
  /** Mid price the random walk is anchored to, in EUR. */
  anchorEur: number;
  /** Decimal places the EUR price is quoted with (cheap coins need more). */
  pricePlaces: number;
}

export const CURRENCIES: readonly CurrencyInfo[] = [
  { code: 'btc', name: 'Bitcoin', anchorEur: 58_000, pricePlaces: 2 },
  { code: 'eth', name: 'Ethereum', anchorEur: 3_100, pricePlaces: 2 },
  { code: 'xrp', name: 'XRP', anchorEur: 0.52, pricePlaces: 4 },
];

export const FIAT = 'eur';

export const PAIRS: readonly string[] = CURRENCIES.map((c) => `${c.code}${FIAT}`);

/** Every currency a balance can be asked for: EUR plus each crypto currency. */
export const BALANCE_CURRENCIES: readonly string[] = [FIAT, ...CURRENCIES.map((c) => c.code)];

export function currencyOfPair(pair: string): CurrencyInfo | undefined {
  return CURRENCIES.find((c) => `${c.code}${FIAT}` === pair);
}

/** Deposit instructions are the same for every user: Kriptomat's collection account. */
export const DEPOSIT_INSTRUCTIONS = {
  iban: 'SI56 6000 0000 0858 521',
  bank_name: 'LON d.d.',
  bank_address: 'Žanova ulica 3, 4000 Kranj, Slovenia',
  recipient_name: 'KRIPTOMAT OÜ',
  recipient_address: 'Roosikrantsi 2, 10119 Tallinn, Estonia',
  swift_bic: 'HLONSI22',
} as const;
