// Transactions of all users from the local cache: filter, sort, open one, sync
// from Kriptomat with progress (whoever started the sync), and export exactly the
// filtered rows to CSV. An empty table always says why and what to do.
import { useId, useState } from 'react';
import type { TransactionView } from '../../../shared/desk-api';
import { call } from '../bridge';
import { downloadText } from '../components/download';
import { ErrorAlert, StatusNote } from '../components/ErrorAlert';
import { ProgressBar } from '../components/ProgressBar';
import { Section } from '../components/Section';
import { pagesInWords } from '../components/SyncIndicator';
import { formatCount, formatInteger, formatTime } from '../format';
import { useDebounced } from '../hooks/use-debounced';
import { startSync, useSyncRunning, useTransactions, type TransactionFilterDraft } from '../state/transactions';
import '../styles/tables.css';
import { activeFilterWords, toTransactionFilter } from './transactions/filter';
import { TransactionDetailDialog } from './transactions/TransactionDetailDialog';
import { TransactionFilters } from './transactions/TransactionFilters';
import { TransactionGrid } from './transactions/TransactionGrid';

export function TransactionsScreen() {
  const draft = useTransactions((s) => s.filter);
  const debouncedDraft = useAppliedFilter(draft);
  const { filter } = toTransactionFilter(debouncedDraft);
  const { problems } = toTransactionFilter(draft);
  const filterKey = JSON.stringify(filter);
  const [open, setOpen] = useState<TransactionView | null>(null);

  return (
    <div className="screen screen-wide">
      <h1>Transactions</h1>
      <Section title="Cache" className="tx-tools">
        <div className="tools-row">
          <SyncPanel />
          <ExportPanel />
        </div>
      </Section>
      <TransactionFilters problems={problems} />
      <TransactionGrid filter={filter} filterKey={filterKey} activeFilters={activeFilterWords(debouncedDraft)} onOpen={setOpen} />
      {open ? <TransactionDetailDialog tx={open} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}

/**
 * The filter the table shows: what is typed (ids, search, dates) once typing pauses,
 * so each keystroke is not a query; a choice from a list (type, pair, state) at once,
 * so the rows never disagree with a list's shown choice for a quarter of a second.
 */
function useAppliedFilter(draft: TransactionFilterDraft): TransactionFilterDraft {
  const typed = useDebounced(JSON.stringify([draft.userId, draft.text, draft.from, draft.to]), 250);
  const [userId, text, from, to] = JSON.parse(typed) as [string, string, string, string];
  return { ...draft, userId, text, from, to };
}

function SyncPanel() {
  const progress = useTransactions((s) => s.progress);
  const requesting = useTransactions((s) => s.requesting);
  const result = useTransactions((s) => s.result);
  const error = useTransactions((s) => s.error);
  const doneAtMs = useTransactions((s) => s.doneAtMs);
  const running = useSyncRunning();

  return (
    <div className="sync">
      <button type="button" onClick={() => void startSync()} disabled={requesting}>
        {running ? 'Syncing…' : 'Sync transactions'}
      </button>
      {running ? (
        <>
          {progress?.phase === 'running' ? (
            <ProgressBar label="Sync progress" done={progress.pagesDone} total={progress.pagesTotal} />
          ) : (
            <ProgressBar label="Sync progress" done={0} total={null} />
          )}
          <p className="sync-line" data-testid="sync-pages">
            Fetching the history from Kriptomat: {pagesInWords(progress?.phase === 'running' ? progress : null)}
          </p>
        </>
      ) : null}
      {/* Kept after 'done' so a fast sync is still visibly finished. */}
      {!running && progress?.phase === 'done' ? (
        <>
          <ProgressBar label="Sync progress" done={Math.max(1, progress.pagesDone)} total={Math.max(1, progress.pagesDone)} />
          <p className="sync-line" data-testid="sync-pages">
            Synced{doneAtMs ? ` at ${formatTime(doneAtMs)}` : ''}: {formatInteger(progress.pagesDone)}{' '}
            {progress.pagesDone === 1 ? 'page' : 'pages'} read.
          </p>
        </>
      ) : null}
      <ErrorAlert error={error ? `Sync failed: ${error}` : null} />
      <StatusNote>{result}</StatusNote>
    </div>
  );
}

/** The CSV keeps the API's figures and dates as recorded: dates in UTC, said in the name and beside the button. */
export function utcCsvFilename(filename: string): string {
  if (/utc/i.test(filename)) return filename;
  return filename.replace(/(\.csv)?$/i, '-UTC.csv');
}

function ExportPanel() {
  const sort = useTransactions((s) => s.sort);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const noteId = useId();

  const exportCsv = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      // The filter as typed right now (not the debounced one), so the file matches the screen.
      const { filter } = toTransactionFilter(useTransactions.getState().filter);
      const result = await call((d) => d.transactions.exportCsv({ filter, sort }));
      const filename = utcCsvFilename(result.filename);
      downloadText(filename, result.csv);
      setDone(`Exported ${formatCount(result.rows, 'row')} to ${filename}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="export">
      <button type="button" onClick={exportCsv} disabled={busy} aria-describedby={noteId}>
        {busy ? 'Exporting…' : 'Export CSV'}
      </button>
      <p className="muted export-note" id={noteId}>
        The file keeps the API&rsquo;s dates, in UTC.
      </p>
      <ErrorAlert error={error} />
      <StatusNote>{done}</StatusNote>
    </div>
  );
}
