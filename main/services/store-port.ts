// What the services need from the local store, in their own terms. The store
// (main/store) is adapted to this in store-adapter.ts; unit tests use an
// in-memory stand-in. Keeping the seam narrow means a change of store internals
// never ripples through every service.
import type { AuditEntryView, RatePoint, RateView, TransactionView, UserView } from '../../shared/desk-api';
import type { Transaction } from '../../shared/kriptomat';
import type { z } from 'zod';
import type { AcceptOptions, JournalEntry as JournalRow, NewOrder } from '../store';
import type { auditFilterSchema, transactionFilterSchema, transactionSortSchema } from '../../shared/desk-api';

export interface UnsettledTransactions {
  rows: Array<{ id: number; userId: number }>;
  newerThanOldest: number;
}

export type TransactionFilter = z.output<typeof transactionFilterSchema>;
export type TransactionSort = z.output<typeof transactionSortSchema>;
export type AuditFilter = z.output<typeof auditFilterSchema>;

/** Journal rows are the store's own (main/store/order-journal.ts documents the states). */
export type { JournalEntry as JournalRow, JournalState, NewOrder } from '../store';

export interface AuditRecord {
  atMs: number;
  osUser: string;
  profileId: string;
  action: string;
  summary: string;
  outcome: 'ok' | 'error';
}

export interface AuditSink {
  appendAudit(entry: AuditRecord): void;
}

export interface DeskStorePort extends AuditSink {
  // user directory (per profile: ids of one environment mean nothing in another)
  saveUser(profileId: string, user: UserView): void;
  /** Remembers ids seen in transactions without a fetched profile; returns how many were new. */
  discoverUsers(profileId: string, userIds: readonly number[]): number;
  getUser(profileId: string, userId: number): UserView | null;
  searchUsers(profileId: string, query: string | undefined): UserView[];

  // order journal (each write is durable before it returns)
  /** Writes the row in state `sending`. Call before anything is sent. */
  beginOrder(order: NewOrder): JournalRow;
  /**
   * sending | needs_review → accepted with the transaction id; a repeated answer changes nothing.
   * `fsync: false` only for Kriptomat's answer to the POST (main/store/order-journal.ts, AcceptOptions).
   */
  markOrderAccepted(idempotencyKey: string, transactionId: number, options?: AcceptOptions): JournalRow;
  /** sending → needs_review with the reason (not re-sent, not polled); other rows are not changed. */
  markOrderNeedsReview(idempotencyKey: string, reason: string): JournalRow;
  /** The transaction's final state (success, failed, …); a final row is not changed again. */
  markOrderFinal(idempotencyKey: string, state: string): JournalRow;
  /** The API reports a state that settles nothing (`pending`, or unknown): kept as received, still awaiting settlement. */
  recordOrderState(idempotencyKey: string, state: string): JournalRow;
  /** Refused: failed with the reason; a final row is not changed again. */
  markOrderFailed(idempotencyKey: string, reason: string): JournalRow;
  /** One row by its id, or null. */
  getOrder(id: string): JournalRow | null;
  /** Rows still `sending` (oldest first). */
  pendingSends(profileId: string): JournalRow[];
  /** Rows with a transaction that is not final yet (oldest first). */
  awaitingSettlement(profileId: string): JournalRow[];
  /** Newest first. */
  recentOrders(profileId: string, options?: { userId?: number; states?: readonly string[]; limit?: number }): JournalRow[];

  // rate history
  recordRate(profileId: string, rate: RateView): void;
  rateSeries(profileId: string, pair: string, fromMs: number, toMs: number, maxPoints: number): RatePoint[];
  latestRates(profileId: string): RateView[];

  // transaction cache
  /** Inserts or refreshes (a state may move on); returns how many ids were not cached before. */
  upsertTransactions(profileId: string, rows: readonly Transaction[]): number;
  /** Which of `ids` are already cached. */
  knownTransactionIds(profileId: string, ids: readonly number[]): Set<number>;
  queryTransactions(
    profileId: string,
    filter: TransactionFilter,
    sort: TransactionSort | undefined,
    limit: number,
    offset: number,
  ): { rows: TransactionView[]; total: number };
  countTransactions(profileId: string): number;
  /** Cached rows whose state is not final (newest first), and how many cached rows are newer than the oldest of them. */
  unsettledTransactions(profileId: string): UnsettledTransactions;
  /** RFC 4180 CSV of every matching row, with its row count. */
  exportTransactionsCsv(profileId: string, filter: TransactionFilter, sort: TransactionSort | undefined): { csv: string; rows: number };
  /** Whether one sync has read the whole list: only then may a sync stop at the first known page. */
  isHistoryComplete(profileId: string): boolean;
  markHistoryComplete(profileId: string): void;

  // audit log
  queryAudit(filter: AuditFilter, limit: number, offset: number): { rows: AuditEntryView[]; total: number };
  exportAuditCsv(filter: AuditFilter): { csv: string; rows: number };

  close(): void;
}
