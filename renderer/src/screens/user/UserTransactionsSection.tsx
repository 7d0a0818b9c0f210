// The user's transactions, paged through the desk's transaction cache (not the
// API's 8-row pages). Opening the section reads the user's newest page from the
// API first, so the newest rows are there even before a sync, and its count tells
// whether the cache holds all of them; "Sync transactions" fills the rest.
import { useEffect, useState } from 'react';
import { call } from '../../bridge';
import { StateBadge } from '../../components/Badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Section } from '../../components/Section';
import { Empty, Loading } from '../../components/States';
import { transactionCells } from '../../components/transaction-cells';
import { formatCount } from '../../format';
import { useLoad } from '../../hooks/use-load';
import { useTransactions } from '../../state/transactions';
import { useUserOrderVersion } from '../../state/user-activity';

export const USER_TRANSACTIONS_PAGE_SIZE = 20;

export function UserTransactionsSection({ userId }: { userId: number }) {
  const [page, setPage] = useState(1);
  const [syncing, setSyncing] = useState(false);
  const [syncError, setSyncError] = useState<unknown>(null);
  const orderVersion = useUserOrderVersion(userId);
  // Bumped by every finished sync, this desk's own or one started on the Transactions screen.
  const dataVersion = useTransactions((s) => s.dataVersion);

  // Counts the API reads that have finished, so the cache is read after the newest rows are in it.
  const [headRound, setHeadRound] = useState(0);
  // The API's count of this user's transactions (and their newest rows, into the cache).
  const head = useLoad(`${userId}|${orderVersion}`, async () => {
    try {
      return await call((d) => d.transactions.forUser({ userId, page: 1 }));
    } finally {
      setHeadRound((n) => n + 1);
    }
  });
  const cached = useLoad(headRound > 0 ? `${userId}|${page}|${dataVersion}|${headRound}` : null, () =>
    call((d) =>
      d.transactions.query({
        filter: { userId },
        sort: { column: 'id', direction: 'desc' },
        limit: USER_TRANSACTIONS_PAGE_SIZE,
        offset: (page - 1) * USER_TRANSACTIONS_PAGE_SIZE,
      }),
    ),
  );

  const data = cached.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / USER_TRANSACTIONS_PAGE_SIZE)) : 1;
  // A page past the end (rows gone after a re-sync): go to the last one that exists.
  useEffect(() => {
    if (data && page > pages) setPage(pages);
  }, [data, page, pages]);

  const apiTotal = head.data?.total ?? null;
  const missing = data && apiTotal !== null ? apiTotal - data.total : 0;

  const sync = async (): Promise<void> => {
    setSyncing(true);
    setSyncError(null);
    try {
      await call((d) => d.transactions.sync({}));
      head.reload();
    } catch (e) {
      setSyncError(e);
    } finally {
      setSyncing(false);
    }
  };

  const from = data && data.rows.length > 0 ? (page - 1) * USER_TRANSACTIONS_PAGE_SIZE + 1 : 0;
  const to = data ? from + data.rows.length - 1 : 0;

  return (
    <Section
      title="Transactions of this user"
      actions={
        <div className="actions">
          <button type="button" className="small" onClick={sync} disabled={syncing}>
            {syncing ? 'Syncing…' : 'Sync transactions'}
          </button>
          <button type="button" className="small" onClick={head.reload}>
            Refresh transactions
          </button>
        </div>
      }
    >
      <ErrorAlert error={head.error && !data ? head.error : null} />
      <ErrorAlert error={cached.error} />
      <ErrorAlert error={syncError} />
      {missing > 0 ? (
        <p className="muted" data-testid="cache-note">
          The desk has {data?.total} of this user’s {formatCount(apiTotal ?? 0, 'transaction')}: sync to page through all of them.
        </p>
      ) : null}
      {(head.loading || cached.loading) && !data ? <Loading what="transactions" /> : null}
      {data && data.rows.length === 0 ? <Empty>{page === 1 ? 'No transactions yet.' : 'No more transactions.'}</Empty> : null}
      {data && data.rows.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="User transactions, scrolls sideways on a narrow window">
          <table className="table" aria-label="User transactions">
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">Type</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col">Pair</th>
                <th scope="col" className="num">
                  Price
                </th>
                <th scope="col">Date</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  Fee
                </th>
                <th scope="col" className="num">
                  Subtotal
                </th>
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((tx) => {
                const c = transactionCells(tx);
                return (
                  <tr key={tx.id} data-transaction-id={tx.id}>
                    <td className="num">{c.id}</td>
                    <td>{c.type}</td>
                    <td className="num nowrap">{c.amount}</td>
                    <td className="nowrap">{c.pair}</td>
                    <td className="num nowrap">{c.price}</td>
                    <td className="nowrap">{c.date}</td>
                    <td>
                      <StateBadge state={tx.state} />
                    </td>
                    <td className="num nowrap">{c.fee}</td>
                    <td className="num nowrap">{c.subtotal}</td>
                    <td className="num nowrap">{c.total}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {data && data.total > 0 ? (
        <nav className="pager" aria-label="Pages of this user’s transactions">
          <button type="button" className="small" disabled={page <= 1} onClick={() => setPage(1)}>
            First page
          </button>
          <button type="button" className="small" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
            Previous page
          </button>
          <span role="status">
            Page {page} of {pages} · {from}–{to} of {formatCount(data.total, 'transaction')}
          </span>
          <button type="button" className="small" disabled={page >= pages} onClick={() => setPage((p) => p + 1)}>
            Next page
          </button>
          <button type="button" className="small" disabled={page >= pages} onClick={() => setPage(pages)}>
            Last page
          </button>
        </nav>
      ) : null}
    </Section>
  );
}
