// When a rate counts as stale for display: not renewed for two polling intervals.
// (Refusing an order on an old rate is the ticket's stricter gate, settings.useStaleAfterMs.)
import type { RateView } from '../../../shared/desk-api';

/** Polling intervals a rate may miss before it is shown as stale. */
export const STALE_AFTER_POLLS = 2;

/** How old a rate may be (by the local clock of its arrival) before it is shown as stale. */
export function rateStaleAfterMs(pollingIntervalSeconds: number): number {
  return STALE_AFTER_POLLS * pollingIntervalSeconds * 1000;
}

export interface RateFreshness {
  /** Milliseconds since main received the rate. */
  ageMs: number;
  stale: boolean;
  staleAfterMs: number;
}

/** The freshness of `rate` at `nowMs`; null when there is no rate. */
export function rateFreshness(
  rate: Pick<RateView, 'receivedAtMs'> | undefined,
  nowMs: number,
  pollingIntervalSeconds: number,
): RateFreshness | null {
  if (!rate) return null;
  const staleAfterMs = rateStaleAfterMs(pollingIntervalSeconds);
  const ageMs = Math.max(0, nowMs - rate.receivedAtMs);
  return { ageMs, stale: ageMs > staleAfterMs, staleAfterMs };
}
