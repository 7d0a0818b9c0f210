import { useState } from 'react';
import { call } from '../../bridge';
import { StateBadge } from '../../components/Badges';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Section } from '../../components/Section';
import { Empty, Loading } from '../../components/States';
import { transactionCells } from '../../components/transactionCells';
import { useLoad } from '../../hooks/useLoad';
import { useUserOrderVersion } from '../../state/userActivity';

/** The user's transactions from the API, page by page; refreshed when their orders move. */
export function UserTransactionsSection({ userId }: { userId: number }) {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState<number | null>(null);
  const orderVersion = useUserOrderVersion(userId);
  const txs = useLoad(`${userId}|${page}|${orderVersion}`, async () => {
    const result = await call((d) => d.transactions.forUser({ userId, page }));
    if (page === 1 && result.rows.length > 0) setPageSize(result.rows.length);
    return result;
  });
  const data = txs.data;
  const shownUpTo = data ? (page - 1) * (pageSize ?? data.rows.length) + data.rows.length : 0;
  const hasNext = data ? shownUpTo < data.total && data.rows.length > 0 : false;

  return (
    <Section
      title="Transactions of this user"
      actions={
        <button type="button" className="small" onClick={txs.reload}>
          Refresh transactions
        </button>
      }
    >
      <ErrorAlert error={txs.error} />
      {txs.loading && !data ? <Loading what="transactions" /> : null}
      {data && data.rows.length === 0 ? <Empty>{page === 1 ? 'No transactions yet.' : 'No more transactions.'}</Empty> : null}
      {data && data.rows.length > 0 ? (
        <div className="table-scroll">
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
                    <td className="num">{c.amount}</td>
                    <td>{c.pair}</td>
                    <td className="num">{c.price}</td>
                    <td>{c.date}</td>
                    <td>
                      <StateBadge state={tx.state} />
                    </td>
                    <td className="num">{c.fee}</td>
                    <td className="num">{c.subtotal}</td>
                    <td className="num">{c.total}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {data && (page > 1 || hasNext) ? (
        <div className="pager">
          <button type="button" className="small" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
            Previous page
          </button>
          <span>
            Page {page} · {data.total} transactions
          </span>
          <button type="button" className="small" disabled={!hasNext} onClick={() => setPage((p) => p + 1)}>
            Next page
          </button>
        </div>
      ) : null}
    </Section>
  );
}
