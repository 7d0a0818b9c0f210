// The one staleness rule for a rate (issue 20: Rates called a rate stale at 10 s
// while the ticket took orders on it until 30 s): the Rates screen marks a rate
// stale, the ticket blocks orders on it, and main reads a fresh one for an order's
// checks past the same age. Pure: no Node or DOM imports.

/** Polling intervals a rate may miss before it is stale. */
export const STALE_AFTER_POLLS = 3;
/** A rate is never stale sooner than this, however short the polling interval. */
export const MIN_STALE_AFTER_MS = 30_000;

/** How old a rate may be (by the local clock of its arrival) before it is stale: 3 polling intervals, at least 30 s. */
export function rateStaleAfterMs(pollingIntervalSeconds: number): number {
  return Math.max(STALE_AFTER_POLLS * pollingIntervalSeconds * 1000, MIN_STALE_AFTER_MS);
}

export interface RateFreshness {
  /** Milliseconds since main received the rate. */
  ageMs: number;
  stale: boolean;
  staleAfterMs: number;
}

/** The freshness of a rate received at `receivedAtMs`, at `nowMs`; null when there is no rate. */
export function rateFreshness(
  rate: { receivedAtMs: number } | undefined,
  nowMs: number,
  pollingIntervalSeconds: number,
): RateFreshness | null {
  if (!rate) return null;
  const staleAfterMs = rateStaleAfterMs(pollingIntervalSeconds);
  const ageMs = Math.max(0, nowMs - rate.receivedAtMs);
  return { ageMs, stale: ageMs > staleAfterMs, staleAfterMs };
}
