// A small sign of a transaction sync anywhere in the desk (the status bar): pages
// done of the total while it runs — whoever started it — and a failed sync until the
// next one starts. Each links to the Transactions screen, which has the details.
import { formatCount, formatInteger } from '../format';
import { hrefFor } from '../state/navigation';
import { useTransactions, type SyncProgress } from '../state/transactions';
import '../styles/tables.css';

/** "page 3 of 18", "page 3" when the total is not known yet, "starting" before the first page. */
export function pagesInWords(progress: Pick<SyncProgress, 'pagesDone' | 'pagesTotal'> | null): string {
  if (!progress || progress.pagesDone === 0) return progress?.pagesTotal ? `0 of ${formatCount(progress.pagesTotal, 'page')}` : 'starting';
  const done = formatInteger(progress.pagesDone);
  return progress.pagesTotal
    ? `${done} of ${formatCount(progress.pagesTotal, 'page')}`
    : `${done} ${progress.pagesDone === 1 ? 'page' : 'pages'}`;
}

export function SyncIndicator() {
  const progress = useTransactions((s) => s.progress);
  const requesting = useTransactions((s) => s.requesting);
  const error = useTransactions((s) => s.error);
  const running = requesting || progress?.phase === 'running';
  if (running) {
    const current = progress?.phase === 'running' ? progress : null;
    return (
      <a className="sync-chip" href={hrefFor({ screen: 'transactions' })} data-testid="sync-indicator">
        <span className="sync-dot" aria-hidden="true" />
        Syncing transactions: {pagesInWords(current)}
      </a>
    );
  }
  if (error) {
    return (
      <a className="sync-chip sync-chip-error" href={hrefFor({ screen: 'transactions' })} data-testid="sync-indicator" title={error}>
        Transaction sync failed
      </a>
    );
  }
  return null;
}
