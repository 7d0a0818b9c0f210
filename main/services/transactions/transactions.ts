// The transaction cache and its sync. The API lists transactions newest first, 8
// per page; the client's pagination helper reads page 1, then the rest with
// bounded concurrency, strictly in page order — an incremental sync stops at the
// first page holding a transaction already cached, once every cached row that is
// not final has been brought up to date. Every user id seen joins the
// directory (the API cannot list users).
import type { SyncResult, TransactionPage as TransactionPageView } from '../../../shared/desk-api';
import type { Transaction, TransactionPage } from '../../../shared/kriptomat';
import { toDeskError } from '../../errors';
import { fetchAllPages } from '../../kriptomat/pagination';
import type { ServiceContext } from '../common/context';
import { csvFilename } from '../common/csv';
import type { HandlersOf } from '../common/handlers';
import type { ProfileRuntime } from '../runtime/runtime';
import { mapBounded } from '../runtime/concurrency';
import type { TransactionSort, UnsettledTransactions } from '../../store/port';
import { fetchUser } from '../users/directory';
import { transactionView } from '../common/views';

export interface SyncOptions {
  full: boolean;
  /** The ceiling of pages (and by-id reads) in flight; the pages' window adapts below it. */
  concurrency: number;
  onProgress?(pagesDone: number, pagesTotal: number | null): void;
}

/** Where a sync reads from: the all-users list by page, and one transaction by id. */
export interface TransactionSource {
  page(page: number): Promise<TransactionPage>;
  one(userId: number, transactionId: number): Promise<Transaction>;
}

/** The API's fixed page size (the reference's `per_page`): used to estimate how far back a row sits. */
const PER_PAGE = 8;

/**
 * How an incremental sync brings cached rows that are not final up to date:
 * by paging on back to the oldest of them, or by reading each one by id —
 * whichever costs fewer requests. The first page is read anyway.
 */
export function planUnsettledRefresh(unsettled: UnsettledTransactions): 'none' | 'page-back' | 'read-each' {
  if (unsettled.rows.length === 0) return 'none';
  const pagesToOldest = Math.ceil((unsettled.newerThanOldest + 1) / PER_PAGE);
  return unsettled.rows.length < pagesToOldest ? 'read-each' : 'page-back';
}

/**
 * Reads pages into the cache; concurrency 1 is plain sequential paging (the
 * bench's baseline). Stopping at a known page is only safe when the cache holds
 * the complete history — a transaction cached by an order's polling says nothing
 * about older ones — so until one sync has run to the end, every sync is full.
 * An incremental sync also refreshes every cached row that is not final, even
 * one that newer transactions pushed past the first known page, so a settled or
 * failed transaction never stays pending in the cache.
 * Rows are written once all reads are in: an interrupted sync leaves the cache as
 * it was, never with a hole that a later incremental sync would skip.
 */
export async function syncTransactions(
  ctx: Pick<ServiceContext, 'store'>,
  profileId: string,
  source: TransactionSource,
  options: SyncOptions,
): Promise<SyncResult> {
  const { store } = ctx;
  const incremental = !options.full && (await store.isHistoryComplete(profileId));
  const unsettled = incremental ? await store.unsettledTransactions(profileId) : { rows: [], newerThanOldest: 0 };
  const plan = planUnsettledRefresh(unsettled);
  const oldestUnsettled = unsettled.rows.at(-1)?.id ?? Number.POSITIVE_INFINITY;
  const reachedKnown = async (page: Transaction[]): Promise<boolean> =>
    (
      await store.knownTransactionIds(
        profileId,
        page.map((tx) => tx.id),
      )
    ).size > 0;
  let fetchedPages = 0;
  const rows = await fetchAllPages((page) => source.page(page), {
    maxConcurrency: options.concurrency,
    keyOf: (tx) => tx.id,
    ...(incremental
      ? {
          stopWhen: async (page: Transaction[]) =>
            (await reachedKnown(page)) && (plan !== 'page-back' || page.some((tx) => tx.id <= oldestUnsettled)),
        }
      : {}),
    onPage: ({ totalPages }) => {
      fetchedPages += 1;
      options.onProgress?.(fetchedPages, totalPages);
    },
  });
  const seen = new Set(rows.map((tx) => tx.id));
  // Unsettled rows the pages did not bring (read-each, or a row the list no longer shows).
  const missing = unsettled.rows.filter((row) => !seen.has(row.id));
  const refreshed = await mapBounded(missing, options.concurrency, async (row) => {
    try {
      return await source.one(row.userId, row.id);
    } catch (error) {
      // A transaction Kriptomat no longer knows stays as cached; anything else fails the sync.
      if (toDeskError(error).kind === 'not_found') return null;
      throw error;
    }
  });
  const all = [...rows, ...refreshed.filter((tx): tx is Transaction => tx !== null)];
  const newTransactions = all.length > 0 ? await store.upsertTransactions(profileId, all) : 0;
  await store.markHistoryComplete(profileId);
  const users = [...new Set(rows.map((tx) => tx.user_id))];
  if (users.length > 0) await store.discoverUsers(profileId, users);
  return { fetchedPages, newTransactions, totalCached: await store.countTransactions(profileId) };
}

/** How many profiles of users found in the history the first sync reads afterwards. */
const MAX_PROFILES_AFTER_FIRST_SYNC = 500;

const DEFAULT_SORT: TransactionSort = { column: 'id', direction: 'desc' };

export interface TransactionService {
  handlers: HandlersOf<'transactions'>;
  /**
   * On a sign-in: when this environment's history was never read to the end, the
   * first full sync runs in the background (its progress goes out as
   * `transactions.syncProgress`), so the directory and the history fill by themselves.
   */
  syncIfNeverCompleted(runtime: ProfileRuntime): void;
  /** True while a sync of this desk's is running (its progress goes out as events of its own). */
  syncing(): boolean;
}

export function createTransactionService(ctx: ServiceContext): TransactionService {
  /** One sync at a time per profile: a second caller shares the running one. */
  const running = new Map<ProfileRuntime, Promise<SyncResult>>();

  const sync = (runtime: ProfileRuntime, full: boolean): Promise<SyncResult> => {
    const existing = running.get(runtime);
    if (existing) return existing;
    const api = runtime.api;
    const source: TransactionSource = {
      page: (page) => api.allTransactions(page),
      one: (userId, transactionId) => api.showTransaction(userId, transactionId),
    };
    const task = syncTransactions(ctx, runtime.profile.id, source, {
      full,
      concurrency: ctx.tuning.syncConcurrency,
      onProgress: (pagesDone, pagesTotal) => ctx.events.emit('transactions.syncProgress', { phase: 'running', pagesDone, pagesTotal }),
    })
      .then((result) => {
        ctx.events.emit('transactions.syncProgress', { phase: 'done', pagesDone: result.fetchedPages, pagesTotal: result.fetchedPages });
        return result;
      })
      .catch((error: unknown) => {
        ctx.events.emit('transactions.syncProgress', {
          phase: 'error',
          pagesDone: 0,
          pagesTotal: null,
          message: error instanceof Error ? 'The sync stopped: Kriptomat could not be read.' : 'The sync stopped.',
        });
        throw error;
      })
      .finally(() => running.delete(runtime));
    running.set(runtime, task);
    return task;
  };

  /**
   * Users the history named but the desk never opened have only an id: their
   * profiles are read once (a bounded number, a few at a time), so the directory
   * and the ticket's user list show names on day one.
   */
  const fetchDiscoveredProfiles = async (runtime: ProfileRuntime): Promise<void> => {
    const unnamed = (await ctx.store.searchUsers(runtime.profile.id, undefined))
      .filter((user) => user.fetchedAtMs === null)
      .slice(0, MAX_PROFILES_AFTER_FIRST_SYNC);
    await mapBounded(unnamed, ctx.tuning.concurrency, async (user) => {
      if (runtime.stopped) return;
      try {
        await fetchUser(ctx, runtime, user.id);
      } catch (error) {
        ctx.log.warn('could not read a user named in the history', { userId: user.id, error });
      }
    });
  };

  const syncIfNeverCompleted = (runtime: ProfileRuntime): void => {
    if (!ctx.tuning.syncOnFirstSignIn) return;
    runtime.spawn('first transaction sync', async () => {
      // Asked here, in the background: the sign-in does not wait for the store.
      if ((await ctx.store.isHistoryComplete(runtime.profile.id)) || runtime.stopped) return;
      try {
        await sync(runtime, true);
      } catch (error) {
        // Already reported as a syncProgress error; the operator can press Sync again.
        ctx.log.warn('the first transaction sync stopped', { profileId: runtime.profile.id, error });
        return;
      }
      await fetchDiscoveredProfiles(runtime);
    });
  };

  const handlers: HandlersOf<'transactions'> = {
    'transactions.sync': async ({ full }) => sync(ctx.runtime(), full ?? false),

    'transactions.query': async ({ filter, sort, limit, offset }) =>
      ctx.store.queryTransactions(ctx.runtime().profile.id, filter, sort ?? DEFAULT_SORT, limit, offset),

    'transactions.exportCsv': async ({ filter, sort }) => {
      const { csv, rows } = await ctx.store.exportTransactionsCsv(ctx.runtime().profile.id, filter, sort ?? DEFAULT_SORT);
      return { filename: csvFilename('kriptomat-transactions', ctx.timers.now()), csv, rows };
    },

    'transactions.show': async ({ userId, transactionId }) => {
      const runtime = ctx.runtime();
      const tx = await runtime.api.showTransaction(userId, transactionId);
      await ctx.store.upsertTransactions(runtime.profile.id, [tx]);
      return transactionView(tx);
    },

    'transactions.forUser': async ({ userId, page }): Promise<TransactionPageView> => {
      const runtime = ctx.runtime();
      const result = await runtime.api.userTransactions(userId, page ?? 1);
      if (result.transactions.length > 0) await ctx.store.upsertTransactions(runtime.profile.id, result.transactions);
      const rows = result.transactions.map(transactionView);
      return { rows, total: result.meta?.total_count ?? rows.length };
    },
  };

  return { handlers, syncIfNeverCompleted, syncing: () => running.size > 0 };
}
