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

/**
 * Whether Kriptomat answers the active profile: ok, slow (an answer took longer
 * than main's threshold), unreachable (no answer, a timeout or a 5xx) since
 * `sinceMs` with the desk's own next try at `nextRetryAtMs`, or unknown before
 * the first call. Times are epoch ms by main's clock.
 */
export interface KriptomatHealthView {
  profileId: string;
  state: 'unknown' | 'ok' | 'slow' | 'unreachable';
  /** Since when it is in this state (for unreachable: the first failed call of the outage). */
  sinceMs: number | null;
  /** Unreachable: when the desk tries again by itself; null when it will not (signed out). */
  nextRetryAtMs: number | null;
  /** How long the last answer took, in ms. */
  lastAnswerMs: number | null;
  /** Unreachable: the last failure in words. */
  message: string | null;
}

export const marketMethods = {
  // market
  'market.pairs': method(empty, returns<string[]>()),
  'market.currencies': method(empty, returns<CurrencyView[]>()),
  'market.latest': method(empty, returns<RateView[]>()),
  /** Kriptomat's health as main sees it now. */
  'market.health': method(empty, returns<KriptomatHealthView>()),
  /** Polls the rates now instead of waiting out a back-off; answers the health after that poll. */
  'market.retryNow': method(empty, returns<KriptomatHealthView>()),
  'market.history': method(
    z.object({ pair, fromMs: epochMs, toMs: epochMs, maxPoints: z.number().int().min(10).max(5000).optional() }).strict(),
    returns<RateHistoryView>(),
  ),

  // balances
  'balances.user': method(z.object({ userId: id }).strict(), returns<BalanceView[]>()),
  'balances.master': method(empty, returns<BalanceView[]>()),
} as const;
