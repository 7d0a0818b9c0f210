// Fetching every page of a transaction list. Page 1 comes first: its `meta`
// says how many pages there are, and the rest are fetched with bounded
// concurrency. The reference does not document `meta`, so when it is missing or
// odd we fall back to one page at a time until an empty (or last) page.
import type { PaginationMeta } from '../../shared/kriptomat';

export interface PageOf<T> {
  transactions: T[];
  meta?: PaginationMeta;
}

export interface PageProgress {
  page: number;
  rows: number;
  /** From page 1's meta, when it had a usable one. */
  totalPages: number | null;
}

export interface FetchAllPagesOptions<T> {
  /** Pages in flight at once. Default 4. */
  concurrency?: number;
  /**
   * Incremental mode: called for each page in order; returning true stops after
   * that page (e.g. "every row of this page is already cached": newest come first,
   * so everything after it is known too).
   */
  stopWhen?: (rows: T[], page: number) => boolean;
  /** Rows appearing on two pages (new rows shift older ones down while we page) are kept once. */
  keyOf?: (row: T) => string | number;
  onPage?: (progress: PageProgress) => void;
  /** A guard against a service that never returns an empty page. Default 100 000. */
  maxPages?: number;
}

function usableTotal(meta: PaginationMeta | undefined): number | null {
  const total = meta?.total_pages;
  if (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 1) return null;
  if (meta?.current_page !== undefined && meta.current_page !== 1) return null;
  return total;
}

export async function fetchAllPages<T>(
  fetchPage: (page: number) => Promise<PageOf<T>>,
  options: FetchAllPagesOptions<T> = {},
): Promise<T[]> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  const maxPages = Math.max(1, options.maxPages ?? 100_000);
  const collected: T[] = [];
  const seen = new Set<string | number>();
  let totalPages: number | null = null;
  let ended = false;

  /** Takes one page in order; returns whether paging is over. */
  const take = (page: number, result: PageOf<T>): boolean => {
    const rows = result.transactions;
    options.onPage?.({ page, rows: rows.length, totalPages });
    if (rows.length === 0 || result.meta?.out_of_range === true) return true;
    for (const row of rows) {
      if (options.keyOf) {
        const key = options.keyOf(row);
        if (seen.has(key)) continue;
        seen.add(key);
      }
      collected.push(row);
    }
    if (options.stopWhen?.(rows, page)) return true;
    if (result.meta?.last_page === true) return true;
    // A page count from page 1 ends paging at that page, unless the page itself says more follow.
    if (totalPages !== null && page >= totalPages && result.meta?.last_page !== false) return true;
    return page >= maxPages;
  };

  const first = await fetchPage(1);
  totalPages = usableTotal(first.meta);
  ended = take(1, first);
  let next = 2;

  if (!ended && totalPages !== null && totalPages > 1) {
    // Bounded pool over pages 2..totalPages; results are taken strictly in page order.
    const limit = Math.min(totalPages, maxPages);
    const done = new Map<number, PageOf<T>>();
    let toTake = 2;
    let failed = false;
    const worker = async (): Promise<void> => {
      while (!ended && !failed && next <= limit) {
        const page = next++;
        try {
          done.set(page, await fetchPage(page));
        } catch (error) {
          failed = true;
          throw error;
        }
        while (!ended && done.has(toTake)) {
          const result = done.get(toTake)!;
          done.delete(toTake);
          ended = take(toTake, result);
          toTake++;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, limit - 1) }, worker));
    next = toTake;
  }

  // No usable page count (or more pages than it promised): one page at a time.
  while (!ended) {
    const page = next++;
    ended = take(page, await fetchPage(page));
  }
  return collected;
}
