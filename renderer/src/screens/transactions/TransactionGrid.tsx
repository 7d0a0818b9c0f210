// The virtualized transactions table: only the rows in view exist in the DOM, and
// rows are fetched a page at a time (offset/limit) when they scroll into view, so
// 100,000 cached transactions scroll as smoothly as 100.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { TransactionView } from '../../../../shared/desk-api';
import { call } from '../../bridge';
import { StateBadge } from '../../components/Badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Empty, Loading } from '../../components/States';
import { transactionCells } from '../../components/transaction-cells';
import { pagesInWords } from '../../components/SyncIndicator';
import { formatCount } from '../../format';
import { listInWords, useCredentialsGap } from '../../hooks/use-credentials-gap';
import { hrefFor } from '../../state/navigation';
import { clearTransactionFilter, startSync, toggleSort, useTransactions, type SortColumn } from '../../state/transactions';
import type { TransactionFilter } from './filter';

const PAGE = 200;
const ROW_HEIGHT = 32;
const HEADER_HEIGHT = 36;
/** Wait until scrolling pauses before fetching, so a fast fling does not queue every page. */
const FETCH_DELAY_MS = 60;

const columns: { key: SortColumn; label: string; numeric?: boolean }[] = [
  { key: 'id', label: 'ID', numeric: true },
  { key: 'userId', label: 'User', numeric: true },
  { key: 'type', label: 'Type' },
  { key: 'amount', label: 'Amount', numeric: true },
  { key: 'pair', label: 'Pair' },
  { key: 'price', label: 'Price', numeric: true },
  { key: 'date', label: 'Date' },
  { key: 'state', label: 'State' },
  { key: 'fee', label: 'Fee', numeric: true },
  { key: 'subtotal', label: 'Subtotal', numeric: true },
  { key: 'total', label: 'Total', numeric: true },
];

interface Props {
  filter: TransactionFilter;
  filterKey: string;
  /** The filters in force, in words ("User ID 999"), for an empty result. */
  activeFilters: string[];
  onOpen: (tx: TransactionView) => void;
}

export function TransactionGrid({ filter, filterKey, activeFilters, onOpen }: Props) {
  const sort = useTransactions((s) => s.sort);
  const dataVersion = useTransactions((s) => s.dataVersion);
  const queryKey = `${filterKey}|${sort.column}:${sort.direction}|${dataVersion}`;
  const scrollRef = useRef<HTMLDivElement>(null);
  const pages = useRef(new Map<number, TransactionView[]>());
  const inFlight = useRef(new Set<number>());
  const filterRef = useRef({ filter, sort, queryKey });
  const [total, setTotal] = useState<number | null>(null);
  const [, setPagesVersion] = useState(0);
  const [error, setError] = useState<unknown>(null);
  /** The query whose first page has answered: until then the table is busy. */
  const [answeredKey, setAnsweredKey] = useState<string | null>(null);

  // A new query: forget every page and start at the top with the first page.
  useEffect(() => {
    filterRef.current = { filter, sort, queryKey };
    pages.current = new Map();
    inFlight.current = new Set();
    setTotal(null);
    setError(null);
    scrollRef.current?.scrollTo({ top: 0 });
    void fetchPage(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- queryKey captures filter and sort
  }, [queryKey]);

  async function fetchPage(index: number): Promise<void> {
    const { filter: f, sort: s, queryKey: key } = filterRef.current;
    if (pages.current.has(index) || inFlight.current.has(index)) return;
    inFlight.current.add(index);
    try {
      const page = await call((d) => d.transactions.query({ filter: f, sort: s, limit: PAGE, offset: index * PAGE }));
      if (filterRef.current.queryKey !== key) return;
      pages.current.set(index, page.rows);
      setTotal(page.total);
      setAnsweredKey(key);
      setPagesVersion((v) => v + 1);
    } catch (e) {
      if (filterRef.current.queryKey === key) {
        setError(e);
        // Answered, with an error: the alert says so, and the table is no longer busy.
        setAnsweredKey(key);
      }
    } finally {
      if (filterRef.current.queryKey === key) inFlight.current.delete(index);
    }
  }

  const virtualizer = useVirtualizer({
    count: total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const firstPage = items.length ? Math.floor(items[0]!.index / PAGE) : 0;
  const lastPage = items.length ? Math.floor(items[items.length - 1]!.index / PAGE) : 0;

  useEffect(() => {
    if (total === null) return;
    const timer = window.setTimeout(() => {
      for (let p = firstPage; p <= lastPage; p += 1) void fetchPage(p);
    }, FETCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [firstPage, lastPage, total, queryKey]);

  // The render that brings a new query comes before the effect that forgets the old
  // pages: rows of the old query are never shown under the new one's filters.
  const rowAt = (index: number): TransactionView | undefined =>
    filterRef.current.queryKey === queryKey ? pages.current.get(Math.floor(index / PAGE))?.[index % PAGE] : undefined;

  return (
    <>
      <ErrorAlert error={error} />
      <p className="muted" role="status" data-testid="transactions-total">
        {total === null ? 'Counting…' : `${formatCount(total, 'transaction')} ${total === 1 ? 'matches' : 'match'}`}
      </p>
      {total === 0 ? <NoRows activeFilters={activeFilters} /> : null}
      <div
        ref={scrollRef}
        className="vt-scroll"
        hidden={total === 0}
        role="table"
        aria-label="Transactions"
        aria-rowcount={(total ?? 0) + 1}
        aria-busy={answeredKey !== queryKey}
      >
        <div role="rowgroup" className="vt-head">
          <div role="row" aria-rowindex={1} className="vt-row">
            {columns.map((c) => {
              const active = sort.column === c.key;
              return (
                <div
                  key={c.key}
                  role="columnheader"
                  className={`vt-cell ${c.numeric ? 'num' : ''}`}
                  aria-sort={active ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" className="sort-button" onClick={() => toggleSort(c.key)}>
                    {c.label}
                    <span aria-hidden="true">{active ? (sort.direction === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                  </button>
                </div>
              );
            })}
          </div>
        </div>
        <div role="rowgroup" className="vt-body" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const tx = rowAt(item.index);
            const cells = tx ? transactionCells(tx) : null;
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                className={`vt-row ${item.index % 2 ? 'odd' : ''}`}
                style={{ transform: `translateY(${item.start - HEADER_HEIGHT}px)` }}
                data-transaction-id={tx?.id}
              >
                {columns.map((c, i) =>
                  i === 0 ? (
                    <div key={c.key} role="cell" className="vt-cell num">
                      {tx ? (
                        <button type="button" className="link-button" aria-label={`Show transaction ${tx.id}`} onClick={() => onOpen(tx)}>
                          {tx.id}
                        </button>
                      ) : (
                        '…'
                      )}
                    </div>
                  ) : (
                    <div key={c.key} role="cell" className={`vt-cell ${c.numeric ? 'num' : ''}`}>
                      {tx && c.key === 'state' ? <StateBadge state={tx.state} /> : (cells?.[c.key] ?? '')}
                    </div>
                  ),
                )}
              </div>
            );
          })}
        </div>
      </div>
      {total === null && !error ? <Loading what="transactions" /> : null}
    </>
  );
}

/** Why the table is empty, and what to do: clear the filters, wait for the sync, add credentials, or sync. */
function NoRows({ activeFilters }: { activeFilters: string[] }) {
  const progress = useTransactions((s) => s.progress);
  const running = useTransactions((s) => s.requesting || s.progress?.phase === 'running');
  const gap = useCredentialsGap();
  if (activeFilters.length > 0) {
    return (
      <Empty
        testId="transactions-empty"
        actions={
          <button type="button" onClick={clearTransactionFilter}>
            Clear filters
          </button>
        }
      >
        No transaction matches{' '}
        {activeFilters.map((words, i) => (
          <span key={words}>
            {i > 0 ? ' · ' : ''}
            <strong className="filter-words">{words}</strong>
          </span>
        ))}
        .
      </Empty>
    );
  }
  if (running) {
    return (
      <Empty testId="transactions-empty">
        Nothing is cached yet: the history is being fetched from Kriptomat ({pagesInWords(progress?.phase === 'running' ? progress : null)}
        ). The table fills when the sync is done.
      </Empty>
    );
  }
  if (gap) {
    return (
      <Empty
        testId="transactions-empty"
        actions={<a href={hrefFor({ screen: 'environments' })}>Add credentials on the Environments screen</a>}
      >
        No transactions are cached. {gap.profileName} has no credentials yet: add {listInWords(gap.missing)}, sign in, then sync.
      </Empty>
    );
  }
  return (
    <Empty
      testId="transactions-empty"
      actions={
        <button type="button" onClick={() => void startSync()}>
          Sync transactions
        </button>
      }
    >
      No transactions are cached for this environment yet. A sync fetches the whole history from Kriptomat.
    </Empty>
  );
}
