// Exchange rates: a bounded random walk per pair, computed as a pure function of
// (seed, pair, sandbox second). Purity matters: the same clock reading always gives
// the same quote, whatever was asked before, so tests and restarts are repeatable
// and jumping the clock a month ahead costs nothing.
//
// The walk is built from value noise at 22 time scales (1 s … ~48 days). The
// amplitude of each scale grows with the square root of its period, which is what a
// Brownian walk's increments do, so consecutive seconds differ a little and
// distant days a lot. The sum goes through tanh to keep the price within about
// ±30 % of the anchor, so it never drifts to zero or infinity.
import { Decimal } from '../shared/money';
import { apiDate } from './clock';
import { CURRENCIES, currencyOfPair, type CurrencyInfo } from './catalog';
import { hashUnit } from './random';

const LEVELS = 22;
/** Log-price volatility per second at the finest scale. */
const SIGMA_PER_SQRT_SECOND = 0.00012;
/** Bound on |log(price / anchor)|. */
const LOG_BOUND = 0.3;
/** Half of the buy/sell spread, as a fraction of the mid price. */
export const HALF_SPREAD = 0.001;

export interface Quote {
  pair: string;
  price: Decimal;
  price_buy: Decimal;
  price_sell: Decimal;
  timestamp: number;
  date: string;
}

function noiseAt(seed: number, pairIndex: number, level: number, second: number): number {
  const period = 2 ** level;
  const cell = Math.floor(second / period);
  const frac = (second - cell * period) / period;
  const a = hashUnit(seed, pairIndex, level, cell) * 2 - 1;
  const b = hashUnit(seed, pairIndex, level, cell + 1) * 2 - 1;
  const s = frac * frac * (3 - 2 * frac); // smoothstep: no kinks at cell edges
  return a + (b - a) * s;
}

/** log(price / anchor) at a whole second. */
function logOffset(seed: number, pairIndex: number, second: number): number {
  let sum = 0;
  for (let level = 0; level < LEVELS; level++) {
    sum += SIGMA_PER_SQRT_SECOND * Math.sqrt(2 ** level) * noiseAt(seed, pairIndex, level, second);
  }
  return LOG_BOUND * Math.tanh(sum / LOG_BOUND);
}

export class RateBook {
  /** Last quote per pair: GET exchange-rates is the hot path and the price only changes each second. */
  private readonly cache = new Map<string, { second: number; price: Decimal; buy: Decimal; sell: Decimal }>();

  constructor(private readonly seed: number) {}

  /** The quote for `pair` at sandbox time `nowMs`, or undefined for an unknown pair. */
  quote(pair: string, nowMs: number): Quote | undefined {
    const info = currencyOfPair(pair);
    if (!info) return undefined;
    const second = Math.floor(nowMs / 1000);
    let hit = this.cache.get(pair);
    if (!hit || hit.second !== second) {
      hit = { second, ...this.pricesAt(info, second) };
      this.cache.set(pair, hit);
    }
    return { pair, price: hit.price, price_buy: hit.buy, price_sell: hit.sell, timestamp: nowMs, date: apiDate(nowMs) };
  }

  private pricesAt(info: CurrencyInfo, second: number): { price: Decimal; buy: Decimal; sell: Decimal } {
    const pairIndex = CURRENCIES.indexOf(info);
    const mid = info.anchorEur * Math.exp(logOffset(this.seed, pairIndex, second));
    // Floats only generate the market; from here on prices are decimals quoted to
    // the pair's places, and the spread is forced to at least one unit each side so
    // price_buy > price > price_sell holds even for cheap coins.
    const unit = new Decimal(1).dividedBy(new Decimal(10).pow(info.pricePlaces));
    const price = new Decimal(mid.toFixed(info.pricePlaces));
    const half = Decimal.max(unit, price.times(HALF_SPREAD).toDecimalPlaces(info.pricePlaces, Decimal.ROUND_HALF_UP));
    return { price, buy: price.plus(half), sell: price.minus(half) };
  }
}
