// Transactions of all users from the local cache: filter, sort, open one, sync
// from Kriptomat with progress, and export exactly the filtered rows to CSV.
import { useState } from 'react';
import type { TransactionView } from '../../../shared/desk-api';
import { call } from '../bridge';
import { downloadText } from '../components/download';
import { ErrorAlert, StatusNote } from '../components/ErrorAlert';
import { ProgressBar } from '../components/ProgressBar';
import { Section } from '../components/Section';
import { formatInteger } from '../format';
import { useDebounced } from '../hooks/useDebounced';
import { applySyncProgress, useTransactions } from '../state/transactions';
import { toTransactionFilter } from './transactions/filter';
import { TransactionDetailDialog } from './transactions/TransactionDetailDialog';
import { TransactionFilters } from './transactions/TransactionFilters';
import { TransactionGrid } from './transactions/TransactionGrid';

export function TransactionsScreen() {
  const draft = useTransactions((s) => s.filter);
  const debouncedDraft = useDebounced(draft, 250);
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
          <ExportButton />
        </div>
      </Section>
      <TransactionFilters problems={problems} />
      <TransactionGrid filter={filter} filterKey={filterKey} onOpen={setOpen} />
      {open ? <TransactionDetailDialog tx={open} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}

function SyncPanel() {
  const progress = useTransactions((s) => s.progress);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<string | null>(null);

  const sync = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const r = await call((d) => d.transactions.sync({}));
      setResult(`Sync done: ${formatInteger(r.newTransactions)} new, ${formatInteger(r.totalCached)} cached (${r.fetchedPages} pages fetched).`);
      // The answer may overtake the last progress events: it says the sync is done, and the table reloads.
      applySyncProgress({ phase: 'done', pagesDone: r.fetchedPages, pagesTotal: r.fetchedPages });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const running = busy || progress?.phase === 'running';
  return (
    <div className="sync">
      <button type="button" onClick={sync} disabled={busy}>
        {busy ? 'Syncing…' : 'Sync transactions'}
      </button>
      {/* Kept after 'done' (full) so a fast sync is still visibly finished. */}
      {progress?.phase === 'running' ? <ProgressBar label="Sync progress" done={progress.pagesDone} total={progress.pagesTotal} /> : null}
      {progress?.phase === 'done' ? <ProgressBar label="Sync progress" done={Math.max(1, progress.pagesDone)} total={Math.max(1, progress.pagesDone)} /> : null}
      {running && !progress ? <ProgressBar label="Sync progress" done={0} total={null} /> : null}
      {progress?.phase === 'error' ? <ErrorAlert error={`Sync failed: ${progress.message ?? 'unknown error'}`} /> : null}
      <ErrorAlert error={error} />
      <StatusNote>{result}</StatusNote>
    </div>
  );
}

function ExportButton() {
  const sort = useTransactions((s) => s.sort);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);

  const exportCsv = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      // The filter as typed right now (not the debounced one), so the file matches the screen.
      const { filter } = toTransactionFilter(useTransactions.getState().filter);
      const result = await call((d) => d.transactions.exportCsv({ filter, sort }));
      downloadText(result.filename, result.csv);
      setDone(`Exported ${formatInteger(result.rows)} rows to ${result.filename}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="export">
      <button type="button" onClick={exportCsv} disabled={busy}>
        {busy ? 'Exporting…' : 'Export CSV'}
      </button>
      <ErrorAlert error={error} />
      <StatusNote>{done}</StatusNote>
    </div>
  );
}
