// The transaction cache and its sync. The API lists transactions newest first, 8
// per page; the client's pagination helper reads page 1, then the rest with
// bounded concurrency, strictly in page order — an incremental sync stops at the
// first page holding a transaction already cached. Every user id seen joins the
// directory (the API cannot list users).
import type { SyncResult, TransactionPage as TransactionPageView } from '../../shared/desk-api';
import type { Transaction, TransactionPage } from '../../shared/kriptomat';
import { fetchAllPages } from '../kriptomat/pagination';
import type { ServiceContext } from './context';
import { csvFilename } from './csv';
import type { HandlersOf } from './handlers';
import type { ProfileRuntime } from './runtime';
import type { TransactionSort } from './store-port';
import { transactionView } from './views';

export interface SyncOptions {
  full: boolean;
  concurrency: number;
  onProgress?(pagesDone: number, pagesTotal: number | null): void;
}

/**
 * Reads pages into the cache; concurrency 1 is plain sequential paging (the
 * bench's baseline). Stopping at a known page is only safe when the cache holds
 * the complete history — a transaction cached by an order's polling says nothing
 * about older ones — so until one sync has run to the end, every sync is full.
 * Rows are written once all pages are in: an interrupted sync leaves the cache as
 * it was, never with a hole that a later incremental sync would skip.
 */
export async function syncTransactions(
  ctx: Pick<ServiceContext, 'store'>,
  profileId: string,
  fetchPage: (page: number) => Promise<TransactionPage>,
  options: SyncOptions,
): Promise<SyncResult> {
  const { store } = ctx;
  const incremental = !options.full && store.isHistoryComplete(profileId);
  let fetchedPages = 0;
  const rows = await fetchAllPages(fetchPage, {
    concurrency: options.concurrency,
    keyOf: (tx) => tx.id,
    ...(incremental ? { stopWhen: (page: Transaction[]) => store.knownTransactionIds(profileId, page.map((tx) => tx.id)).size > 0 } : {}),
    onPage: ({ totalPages }) => {
      fetchedPages += 1;
      options.onProgress?.(fetchedPages, totalPages);
    },
  });
  const newTransactions = rows.length > 0 ? store.upsertTransactions(profileId, rows) : 0;
  store.markHistoryComplete(profileId);
  const users = [...new Set(rows.map((tx) => tx.user_id))];
  if (users.length > 0) store.discoverUsers(profileId, users);
  return { fetchedPages, newTransactions, totalCached: store.countTransactions(profileId) };
}

const DEFAULT_SORT: TransactionSort = { column: 'id', direction: 'desc' };

export function createTransactionHandlers(ctx: ServiceContext): HandlersOf<'transactions'> {
  /** One sync at a time per profile: a second caller shares the running one. */
  const running = new Map<ProfileRuntime, Promise<SyncResult>>();

  const sync = (runtime: ProfileRuntime, full: boolean): Promise<SyncResult> => {
    const existing = running.get(runtime);
    if (existing) return existing;
    const api = runtime.api;
    const task = syncTransactions(ctx, runtime.profile.id, (page) => api.allTransactions(page), {
      full,
      concurrency: ctx.tuning.concurrency,
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

  return {
    'transactions.sync': async ({ full }) => sync(ctx.runtime(), full ?? false),

    'transactions.query': async ({ filter, sort, limit, offset }) =>
      ctx.store.queryTransactions(ctx.runtime().profile.id, filter, sort ?? DEFAULT_SORT, limit, offset),

    'transactions.exportCsv': async ({ filter, sort }) => {
      const { csv, rows } = ctx.store.exportTransactionsCsv(ctx.runtime().profile.id, filter, sort ?? DEFAULT_SORT);
      return { filename: csvFilename('kriptomat-transactions', ctx.timers.now()), csv, rows };
    },

    'transactions.show': async ({ userId, transactionId }) => {
      const runtime = ctx.runtime();
      const tx = await runtime.api.showTransaction(userId, transactionId);
      ctx.store.upsertTransactions(runtime.profile.id, [tx]);
      return transactionView(tx);
    },

    'transactions.forUser': async ({ userId, page }): Promise<TransactionPageView> => {
      const runtime = ctx.runtime();
      const result = await runtime.api.userTransactions(userId, page ?? 1);
      if (result.transactions.length > 0) ctx.store.upsertTransactions(runtime.profile.id, result.transactions);
      const rows = result.transactions.map(transactionView);
      return { rows, total: result.meta?.total_count ?? rows.length };
    },
  };
}
