// Filters and sort of the transactions screen (kept across screen switches), and the
// state of the transaction sync — whoever started it: the operator's Sync button, or
// main's first full sync in the background on the first sign-in to an environment.
// Both report through transactions.syncProgress events; when a sync is done the
// table reloads and so does the user directory (main adds every user it saw).
import { create } from 'zustand';
import type { DeskEvents, SyncResult, UserView } from '../../../shared/desk-api';
import { call, describeError } from '../bridge';
import { formatInteger } from '../format';
import { whileSameEnvironment } from './same-environment';
import { useSession } from './session';
import { upsertUsers, useUsers } from './users';

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

export type SyncProgress = DeskEvents['transactions.syncProgress'];

interface SyncState {
  /** The last progress event of the current environment's sync. */
  progress: SyncProgress | null;
  /** This window's own sync call is in flight (the Sync button). */
  requesting: boolean;
  /** The answer to this window's last sync call, in words. */
  result: string | null;
  /** Why the last sync failed, in words; cleared when the next one starts. */
  error: string | null;
  /** When the last sync finished, by the local clock. */
  doneAtMs: number | null;
}

interface TransactionsState extends SyncState {
  filter: TransactionFilterDraft;
  sort: { column: SortColumn; direction: 'asc' | 'desc' };
  /** Bumped when a sync finished so the table reloads. */
  dataVersion: number;
}

const idleSync: SyncState = { progress: null, requesting: false, result: null, error: null, doneAtMs: null };

export const useTransactions = create<TransactionsState>()(() => ({
  filter: emptyTransactionFilter,
  sort: { column: 'date', direction: 'desc' },
  ...idleSync,
  dataVersion: 0,
}));

export function setTransactionFilter(patch: Partial<TransactionFilterDraft>): void {
  useTransactions.setState((s) => ({ filter: { ...s.filter, ...patch } }));
}

export function clearTransactionFilter(): void {
  useTransactions.setState({ filter: emptyTransactionFilter });
}

export function toggleSort(column: SortColumn): void {
  useTransactions.setState((s) => ({
    sort:
      s.sort.column === column
        ? { column, direction: s.sort.direction === 'asc' ? 'desc' : 'asc' }
        : { column, direction: column === 'date' || column === 'id' ? 'desc' : 'asc' },
  }));
}

/** A sync is running: main said so, or this window's call has not answered yet. */
export function syncRunning(s: Pick<SyncState, 'progress' | 'requesting'>): boolean {
  return s.requesting || s.progress?.phase === 'running';
}

export function useSyncRunning(): boolean {
  return useTransactions(syncRunning);
}

/** Reloads the table and the user directory after a sync (main adds every user the history names). */
function syncFinished(): void {
  useTransactions.setState((s) => ({ dataVersion: s.dataVersion + 1, doneAtMs: Date.now() }));
  void refreshUserDirectory();
}

async function refreshUserDirectory(): Promise<void> {
  const keep = whileSameEnvironment((users: UserView[]) => {
    upsertUsers(users);
    // Lists keyed on the version (the Users directory) fetch again.
    useUsers.setState((s) => ({ version: s.version + 1 }));
  });
  try {
    keep(await call((d) => d.users.directory({})));
  } catch {
    // Each screen that lists users shows its own loading error.
  }
}

export function applySyncProgress(progress: SyncProgress): void {
  useTransactions.setState({
    progress,
    ...(progress.phase === 'running' ? { error: null } : {}),
    ...(progress.phase === 'error' ? { error: progress.message ?? 'The sync stopped.' } : {}),
  });
  if (progress.phase === 'done') syncFinished();
}

function describeResult(r: SyncResult): string {
  return `Sync done: ${formatInteger(r.newTransactions)} new, ${formatInteger(r.totalCached)} cached (${formatInteger(r.fetchedPages)} ${r.fetchedPages === 1 ? 'page' : 'pages'} fetched).`;
}

/**
 * Syncs the cache now. A sync main is already running (the first one in the
 * background, say) is joined, not repeated: main answers both with the same result.
 */
export async function startSync(): Promise<void> {
  if (useTransactions.getState().requesting) return;
  // An answer that arrives after an environment switch is about the one left.
  const here = whileSameEnvironment((apply: () => void) => apply());
  const startedAt = Date.now();
  useTransactions.setState({ requesting: true, result: null, error: null });
  try {
    const r = await call((d) => d.transactions.sync({}));
    here(() => {
      useTransactions.setState({ result: describeResult(r) });
      // Reload even if the 'done' event was missed (or has not arrived yet).
      const doneAt = useTransactions.getState().doneAtMs;
      if (doneAt === null || doneAt < startedAt) syncFinished();
    });
  } catch (e) {
    here(() => useTransactions.setState({ error: describeError(e) }));
  } finally {
    useTransactions.setState({ requesting: false });
  }
}

// Sync state belongs to one environment: a switch forgets the last one's.
let syncProfile: string | null = null;
useSession.subscribe((s) => {
  const profileId = s.session?.profileId ?? null;
  if (profileId === syncProfile) return;
  if (syncProfile !== null) useTransactions.setState((t) => ({ ...idleSync, dataVersion: t.dataVersion + 1 }));
  syncProfile = profileId;
});

/**
 * Local calendar dates (yyyy-mm-dd) to the epoch-ms bounds of whole local days.
 * Transaction dates are shown in local time (the API's UTC converted, ../format.ts),
 * so their filter bounds are local days too: what the operator sees in a row decides
 * whether the row matches.
 */
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
