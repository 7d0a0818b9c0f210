// Latest rate per pair, fed by market.latest at start and rates.tick events after.
import { create } from 'zustand';
import type { CurrencyView, RateView } from '../../../shared/desk-api';
import { call, describeError } from '../bridge';

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
    useRates.setState((s) => ({ pairs: [...pairs].sort(), latest: { ...byPair, ...newer(s.latest, byPair) }, currencies, error: null, loaded: true }));
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
