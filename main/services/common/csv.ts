// Names for CSV exports (the CSV itself is the store's: RFC 4180, formula-guarded).

/** `kriptomat-transactions-2026-11-23T10-52-00.csv`: safe on every filesystem. */
export function csvFilename(prefix: string, nowMs: number): string {
  return `${prefix}-${new Date(nowMs).toISOString().slice(0, 19).replace(/:/g, '-')}.csv`;
}
