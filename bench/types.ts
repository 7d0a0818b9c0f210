/** One measured figure. Times are never asserted; `ratio` compares with a baseline measured in the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** What the value is compared with, measured in the same run. */
  baseline?: { name: string; value: number; unit: string };
  /** value / baseline.value (or the inverse where noted in `name`). */
  ratio?: number;
  /** What the ratio should be: at most (`≤`) or at least (`≥`) this; printed beside the ratio with whether this run met it. */
  goal?: { ratio: number; is: '≤' | '≥' };
  /** An absolute bound the value itself must keep, where a requirement names one (the issue's "within a second"); printed with whether this run kept it. */
  bound?: { value: number; is: '≤' | '≥'; why: string };
  note?: string;
}

/** Each bench/*.bench.ts exports `bench` with this signature. */
export type Bench = () => Promise<BenchResult[]>;
