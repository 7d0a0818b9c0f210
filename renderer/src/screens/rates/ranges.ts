export interface RateRange {
  id: string;
  label: string;
  /** Window length; null = everything recorded (from epoch 0). */
  ms: number | null;
}

export const rateRanges: RateRange[] = [
  { id: '15m', label: '15 min', ms: 15 * 60 * 1000 },
  { id: '1h', label: '1 h', ms: 60 * 60 * 1000 },
  { id: '24h', label: '24 h', ms: 24 * 60 * 60 * 1000 },
  { id: '7d', label: '7 d', ms: 7 * 24 * 60 * 60 * 1000 },
  { id: 'all', label: 'All', ms: null },
];

export function rangeStart(range: RateRange, now: number): number {
  return range.ms === null ? 0 : Math.max(0, now - range.ms);
}
