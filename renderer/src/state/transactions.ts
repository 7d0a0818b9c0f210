// Filters and sort of the transactions screen (kept across screen switches) and
// the progress of the last sync, from transactions.syncProgress events.
import { create } from 'zustand';
import type { DeskEvents } from '../../../shared/desk-api';

export type SortColumn = 'id' | 'userId' | 'type' | 'amount' | 'pair' | 'price' | 'date' | 'state' | 'fee' | 'subtotal' | 'total';

export interface TransactionFilterDraft {
  userId: string;
  type: string;
  pair: string;
  state: string;
  from: string;
  to: string;
  text: string;
}

export const emptyTransactionFilter: TransactionFilterDraft = { userId: '', type: '', pair: '', state: '', from: '', to: '', text: '' };

interface TransactionsState {
  filter: TransactionFilterDraft;
  sort: { column: SortColumn; direction: 'asc' | 'desc' };
  progress: DeskEvents['transactions.syncProgress'] | null;
  /** Bumped when a sync finished so the table reloads. */
  dataVersion: number;
}

export const useTransactions = create<TransactionsState>()(() => ({
  filter: emptyTransactionFilter,
  sort: { column: 'date', direction: 'desc' },
  progress: null,
  dataVersion: 0,
}));

export function setTransactionFilter(patch: Partial<TransactionFilterDraft>): void {
  useTransactions.setState((s) => ({ filter: { ...s.filter, ...patch } }));
}

export function toggleSort(column: SortColumn): void {
  useTransactions.setState((s) => ({
    sort: s.sort.column === column ? { column, direction: s.sort.direction === 'asc' ? 'desc' : 'asc' } : { column, direction: column === 'date' || column === 'id' ? 'desc' : 'asc' },
  }));
}

export function applySyncProgress(progress: DeskEvents['transactions.syncProgress']): void {
  useTransactions.setState((s) => ({ progress, dataVersion: progress.phase === 'done' ? s.dataVersion + 1 : s.dataVersion }));
}

/** Local calendar dates (yyyy-mm-dd) to the epoch-ms bounds of whole days. */
export function dayStartMs(date: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const ms = new Date(`${date}T00:00:00`).getTime();
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

export function dayEndMs(date: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  // The next local midnight, not +24 h: days around a daylight-saving change are 23 or 25 h.
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const ms = new Date(y, m - 1, d + 1).getTime() - 1;
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

/**
 * Transaction dates are the API's zone-less text, which the desk (like the sandbox)
 * reads as UTC and shows as it comes; their filter bounds are whole UTC days so that
 * what the operator sees in a row decides whether the row matches.
 */
export function utcDayStartMs(date: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

export function utcDayEndMs(date: string): number | undefined {
  const start = utcDayStartMs(date);
  return start === undefined ? undefined : start + 24 * 3600 * 1000 - 1;
}
