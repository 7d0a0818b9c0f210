// Fetching every page of a transaction list. Page 1 comes first: its `meta`
// says how many pages there are, and the rest are fetched concurrently through
// an adaptive window (AIMD, like TCP's congestion window): it starts small,
// grows by about one page per round trip while answers come back fast, halves
// on a 429 and starts nothing before the Retry-After has passed, and never
// exceeds `maxConcurrency`. A fixed pool is either too small for a slow link or
// too large for a busy service; the window finds the middle by itself.
// Results are taken strictly in page order, so whatever has been taken is a
// prefix of the history, never one with a hole. The reference does not
// document `meta`, so when it is missing or odd we fall back to one page at a
// time until an empty (or last) page.
import type { PaginationMeta } from '../../shared/kriptomat';
import { isKriptomatError } from './errors';

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
  /** The ceiling: never more pages in flight than this; 1 is plain sequential paging. Default 8. */
  maxConcurrency?: number;
  /** Where the window starts, below the ceiling. Default 2. */
  initialConcurrency?: number;
  /**
   * Incremental mode: called for each page in order; returning true stops after
   * that page (e.g. "every row of this page is already cached": newest come first,
   * so everything after it is known too). May answer asynchronously (a store
   * lookup): pages are still taken one at a time, in order.
   */
  stopWhen?: (rows: T[], page: number) => boolean | Promise<boolean>;
  /** Rows appearing on two pages (new rows shift older ones down while we page) are kept once. */
  keyOf?: (row: T) => string | number;
  onPage?: (progress: PageProgress) => void;
  /** A guard against a service that never returns an empty page. Default 100 000. */
  maxPages?: number;
  /** How often one page is asked again after a 429 before the fetch fails. Default 3. */
  maxRateLimitRetries?: number;
  /** A Retry-After longer than this is not waited for: the 429 fails the fetch. Default 60 s, as the transport's. */
  maxRetryAfterMs?: number;
  /** How a Retry-After pause waits, and the clock answers are timed by (ms); injected by tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** An answer counts as fast within twice the fastest seen, plus slack for timer noise on a quick link. */
const FAST_FACTOR = 2;
const FAST_SLACK_MS = 2;
/** A 429 without a Retry-After still pauses the whole fetch this long. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 1_000;

function usableTotal(meta: PaginationMeta | undefined): number | null {
  const total = meta?.total_pages;
  if (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 1) return null;
  if (meta?.current_page !== undefined && meta.current_page !== 1) return null;
  return total;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function fetchAllPages<T>(
  fetchPage: (page: number) => Promise<PageOf<T>>,
  options: FetchAllPagesOptions<T> = {},
): Promise<T[]> {
  const ceiling = Math.max(1, Math.floor(options.maxConcurrency ?? 8));
  const maxPages = Math.max(1, options.maxPages ?? 100_000);
  const maxRetries = Math.max(0, options.maxRateLimitRetries ?? 3);
  const maxRetryAfterMs = Math.max(0, options.maxRetryAfterMs ?? 60_000);
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? (() => performance.now());
  const collected: T[] = [];
  const seen = new Set<string | number>();
  let totalPages: number | null = null;
  let ended = false;

  /** Takes one page in order; returns whether paging is over. */
  const take = async (page: number, result: PageOf<T>): Promise<boolean> => {
    if (page === 1) totalPages = usableTotal(result.meta);
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
    if (options.stopWhen && (await options.stopWhen(rows, page))) return true;
    if (result.meta?.last_page === true) return true;
    // A page count from page 1 ends paging at that page, unless the page itself says more follow.
    if (totalPages !== null && page >= totalPages && result.meta?.last_page !== false) return true;
    return page >= maxPages;
  };

  // The window, shared by every phase below. It is fractional so that it grows
  // by one page per window's worth of fast answers (additive increase).
  let window = Math.min(ceiling, Math.max(1, Math.floor(options.initialConcurrency ?? 2)));
  let fastest = Number.POSITIVE_INFINITY;
  let launched = 0;
  /** `launched` when the window was last halved: the 429s of requests started before then are the same congestion. */
  let cutAt = 0;
  /** No request starts before this (a Retry-After). */
  let resumeAt = Number.NEGATIVE_INFINITY;
  const rateLimitRetries = new Map<number, number>();

  /**
   * The wait before asking a rate-limited page again, or undefined when the
   * error must fail the fetch. The transport already repeats a 429'd GET itself,
   * sleeping its Retry-After between attempts, and throws after its last attempt
   * without sleeping: so a 429 that reaches this point has not been waited for
   * yet, and waiting here is the one wait for it, not a second one.
   */
  const rateLimitWait = (error: unknown, page: number): number | undefined => {
    if (!isKriptomatError(error) || error.kind !== 'rate_limited') return undefined;
    const count = (rateLimitRetries.get(page) ?? 0) + 1;
    const waitMs = error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : DEFAULT_RATE_LIMIT_WAIT_MS;
    if (count > maxRetries || waitMs > maxRetryAfterMs) return undefined;
    rateLimitRetries.set(page, count);
    return waitMs;
  };

  /**
   * Fetches pages from `first` to `last` (until paging ends) with at most `cap`
   * in flight, taking them in order; returns the next page not taken. Waits for
   * every request it started before returning or throwing, so nothing is left
   * running behind the caller's back.
   */
  const pump = async (first: number, last: number, cap: number): Promise<number> => {
    const done = new Map<number, PageOf<T>>();
    /** Pages to ask again after a 429, lowest first: they block the pages after them from being taken. */
    const again: number[] = [];
    const inFlight = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    let next = first;
    let toTake = first;
    /**
     * Pages are taken by one drain at a time, chained: taking may wait for
     * stopWhen, and two answers arriving meanwhile must not take the same page
     * twice or out of order. The chain never rejects; a failure is kept.
     */
    let taking: Promise<void> = Promise.resolve();
    const drain = async (): Promise<void> => {
      try {
        while (!ended && done.has(toTake)) {
          const taken = done.get(toTake)!;
          done.delete(toTake);
          ended = await take(toTake, taken);
          toTake++;
        }
      } catch (error) {
        failure ??= { error };
      }
    };

    const attempt = async (page: number, seq: number): Promise<void> => {
      const started = now();
      let result: PageOf<T>;
      try {
        result = await fetchPage(page);
      } catch (error) {
        const waitMs = rateLimitWait(error, page);
        if (waitMs === undefined) {
          failure ??= { error };
          return;
        }
        // Multiplicative decrease, once per congestion: the other requests of the
        // same window that come back 429 too do not halve it again.
        if (seq > cutAt) {
          window = Math.max(1, Math.floor(window / 2));
          cutAt = launched;
        }
        resumeAt = Math.max(resumeAt, now() + waitMs);
        again.push(page);
        again.sort((a, b) => a - b);
        return;
      }
      const ms = now() - started;
      fastest = Math.min(fastest, ms);
      // Additive increase, only while the window is in full use (otherwise it says
      // nothing about whether more would help) and the answers are not slowing
      // down, which is how a service shows it is queueing our requests (an answer
      // the transport had to repeat after a 429 of its own is slow too).
      if (inFlight.size >= Math.floor(window) && ms <= FAST_FACTOR * fastest + FAST_SLACK_MS) {
        window = Math.min(ceiling, window + 1 / Math.floor(window));
      }
      done.set(page, result);
      taking = taking.then(drain);
      await taking;
    };

    while (!ended && failure === undefined) {
      const pending = again.length > 0 || next <= last;
      if (!pending && inFlight.size === 0) break;
      if (!pending || inFlight.size >= Math.min(cap, Math.floor(window))) {
        await Promise.race(inFlight);
        continue;
      }
      const pause = resumeAt - now();
      if (pause > 0) {
        // Answers still arriving are taken meanwhile; a failure among them ends the wait.
        await Promise.race([sleep(pause), ...inFlight]);
        continue;
      }
      const page = again.shift() ?? next++;
      const task: Promise<void> = attempt(page, ++launched).then(() => {
        inFlight.delete(task);
      });
      inFlight.add(task);
    }
    await Promise.all(inFlight);
    // Once paging has ended, every page up to the end has been taken: a failure can
    // only be of a page past it, in flight when the end came, and does not matter.
    if (failure !== undefined && !ended) throw failure.error;
    return toTake;
  };

  // Page 1 alone: its meta says how many pages follow.
  let next = await pump(1, 1, 1);
  if (!ended && totalPages !== null && totalPages > 1) next = await pump(next, Math.min(totalPages, maxPages), ceiling);
  // No usable page count (or more pages than it promised): one page at a time.
  if (!ended) await pump(next, maxPages, 1);
  return collected;
}
