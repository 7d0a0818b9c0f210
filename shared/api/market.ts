// The bridge's market.* and balances.* methods: pairs, currencies, the latest
// rates and their history, and balances valued in EUR at those rates. Prices and
// balances are decimal text. Pure: no Node or DOM imports.
import { z } from 'zod';
import { method, returns } from './method';
import { empty, epochMs, id, pair } from './values';

export interface CurrencyView {
  code: string;
  name: string;
}
/** Prices are decimal strings. */
export interface RateView {
  pair: string;
  price: string;
  priceBuy: string;
  priceSell: string;
  timestampMs: number;
  /** When main received it, by the local clock. */
  receivedAtMs: number;
}
export interface RatePoint {
  t: number;
  price: string | null;
}
export interface RateHistoryView {
  pair: string;
  points: RatePoint[];
}
export interface BalanceView {
  currency: string;
  balance: string;
  /** EUR value at the current rate (price_sell for crypto); null when no rate is known. */
  eurValue: string | null;
}

export const marketMethods = {
  // market
  'market.pairs': method(empty, returns<string[]>()),
  'market.currencies': method(empty, returns<CurrencyView[]>()),
  'market.latest': method(empty, returns<RateView[]>()),
  'market.history': method(
    z.object({ pair, fromMs: epochMs, toMs: epochMs, maxPoints: z.number().int().min(10).max(5000).optional() }).strict(),
    returns<RateHistoryView>(),
  ),

  // balances
  'balances.user': method(z.object({ userId: id }).strict(), returns<BalanceView[]>()),
  'balances.master': method(empty, returns<BalanceView[]>()),
} as const;
