// Latest rate per pair, fed by market.latest at start and rates.tick events after,
// and when a rate counts as stale (the shared rule: display and ordering alike).
import { create } from 'zustand';
import type { CurrencyView, RateView } from '../../../shared/desk-api';
import { call, describeError } from '../bridge';
import { notePairPrice } from '../format';
import { useNow } from '../hooks/use-now';
import { rateFreshness, rateStaleAfterMs, type RateFreshness } from '../domain/rate-freshness';
import { useSettings } from './settings';

interface RatesState {
  latest: Record<string, RateView>;
  pairs: string[];
  currencies: CurrencyView[];
  error: string | null;
  loaded: boolean;
}

export const useRates = create<RatesState>()(() => ({ latest: {}, pairs: [], currencies: [], error: null, loaded: false }));

export function applyTick(rate: RateView): void {
  useRates.setState((s) => {
    const previous = s.latest[rate.pair];
    if (previous && previous.receivedAtMs > rate.receivedAtMs) return s;
    notePairPrice(rate.pair, rate.price);
    const pairs = s.pairs.includes(rate.pair) ? s.pairs : [...s.pairs, rate.pair].sort();
    return { latest: { ...s.latest, [rate.pair]: rate }, pairs };
  });
}

export async function loadMarket(): Promise<void> {
  try {
    const [pairs, latest, currencies] = await Promise.all([
      call((d) => d.market.pairs({})),
      call((d) => d.market.latest({})),
      call((d) => d.market.currencies({})),
    ]);
    const byPair: Record<string, RateView> = {};
    for (const rate of latest) byPair[rate.pair] = rate;
    useRates.setState((s) => {
      const merged = { ...byPair, ...newer(s.latest, byPair) };
      for (const rate of Object.values(merged)) notePairPrice(rate.pair, rate.price);
      return { pairs: [...pairs].sort(), latest: merged, currencies, error: null, loaded: true };
    });
  } catch (error) {
    useRates.setState({ error: describeError(error), loaded: true });
  }
}

/** Ticks that arrived while market.latest was in flight win over its answer. */
function newer(current: Record<string, RateView>, loaded: Record<string, RateView>): Record<string, RateView> {
  const out: Record<string, RateView> = {};
  for (const [pair, rate] of Object.entries(current)) {
    const other = loaded[pair];
    if (!other || other.receivedAtMs < rate.receivedAtMs) out[pair] = rate;
  }
  return out;
}

// ── staleness (the rule itself is in domain/rate-freshness.ts, free of the store for tests) ──

export { MIN_STALE_AFTER_MS, rateFreshness, rateStaleAfterMs, STALE_AFTER_POLLS, type RateFreshness } from '../domain/rate-freshness';

/** The stale limit at the polling interval of the settings: Rates marks a rate stale and the ticket refuses orders on it past this. */
export function useRateStaleAfterMs(): number {
  const polling = useSettings((s) => s.settings?.pollingIntervalSeconds ?? 10);
  return rateStaleAfterMs(polling);
}

/**
 * The latest rate of `pair` and its freshness, re-evaluated every second: what a
 * ticket or a rates table shows beside a price. The ticket refuses orders on a rate
 * stale by the same rule.
 */
export function useRateFreshness(pair: string | null | undefined): { rate: RateView | undefined; freshness: RateFreshness | null } {
  const rate = useRates((s) => (pair ? s.latest[pair] : undefined));
  const polling = useSettings((s) => s.settings?.pollingIntervalSeconds ?? 10);
  const now = useNow(1000);
  return { rate, freshness: rateFreshness(rate, now, polling) };
}
