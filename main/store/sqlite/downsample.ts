// Pure helpers for rate charts: the typical polling interval, gap detection and
// the break points a chart draws as holes (recharts leaves a gap at a null value).

/** A chart point; all prices are null on a break point (a gap in polling). */
export interface RatePoint {
  t: number;
  price: string | null;
  priceBuy: string | null;
  priceSell: string | null;
}

export type RawPoint = [t: number, price: string, priceBuy: string, priceSell: string];

/** Median of the positive differences of sorted timestamps; undefined with fewer than two. */
export function medianInterval(sortedTs: readonly number[]): number | undefined {
  const diffs: number[] = [];
  for (let i = 1; i < sortedTs.length; i++) {
    const d = sortedTs[i]! - sortedTs[i - 1]!;
    if (d > 0) diffs.push(d);
  }
  if (diffs.length === 0) return undefined;
  diffs.sort((a, b) => a - b);
  const mid = diffs.length >> 1;
  return diffs.length % 2 ? diffs[mid]! : (diffs[mid - 1]! + diffs[mid]!) / 2;
}

/** A gap is longer than `factor` typical intervals (the desk polls at a fixed rate). */
export const GAP_FACTOR = 3;

export function gapThreshold(sortedTs: readonly number[], explicitGapMs?: number): number {
  if (explicitGapMs !== undefined) return explicitGapMs;
  const median = medianInterval(sortedTs);
  return median === undefined ? Number.POSITIVE_INFINITY : median * GAP_FACTOR;
}

export function breakPoint(prevT: number, nextT: number): RatePoint {
  return { t: Math.floor((prevT + nextT) / 2), price: null, priceBuy: null, priceSell: null };
}

export function toPoint(raw: RawPoint): RatePoint {
  return { t: raw[0], price: raw[1], priceBuy: raw[2], priceSell: raw[3] };
}

/** Points in time order with a break point wherever consecutive points are more than `gapMs` apart. */
export function withBreaks(points: readonly RawPoint[], gapMs: number): RatePoint[] {
  const out: RatePoint[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    if (i > 0 && p[0] - points[i - 1]![0] > gapMs) out.push(breakPoint(points[i - 1]![0], p[0]));
    out.push(toPoint(p));
  }
  return out;
}
