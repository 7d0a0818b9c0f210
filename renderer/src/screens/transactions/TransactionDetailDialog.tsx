import type { TransactionView } from '../../../../shared/desk-api';
import { call } from '../../bridge';
import { Dialog } from '../../components/Dialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/States';
import { transactionCells } from '../../components/transaction-cells';
import { useLoad } from '../../hooks/use-load';

/** One transaction, re-read from the API (the cache may predate its settlement). */
export function TransactionDetailDialog({ tx, onClose }: { tx: TransactionView; onClose: () => void }) {
  const fresh = useLoad(`${tx.userId}|${tx.id}`, () => call((d) => d.transactions.show({ userId: tx.userId, transactionId: tx.id })));
  const c = transactionCells(fresh.data ?? tx);
  return (
    <Dialog title={`Transaction ${tx.id}`} onClose={onClose}>
      {fresh.loading ? <Loading what="the latest state" /> : null}
      {fresh.error ? <ErrorAlert error={fresh.error} /> : null}
      <dl className="facts">
        <dt>ID</dt>
        <dd>{c.id}</dd>
        <dt>User</dt>
        <dd>
          <a href={`#/users/${tx.userId}`} onClick={onClose}>
            #{c.userId}
          </a>
        </dd>
        <dt>Type</dt>
        <dd>{c.type}</dd>
        <dt>Amount</dt>
        <dd>{c.amount}</dd>
        <dt>Pair</dt>
        <dd>{c.pair}</dd>
        <dt>Price</dt>
        <dd>{c.price}</dd>
        <dt>Date</dt>
        <dd>{c.date}</dd>
        <dt>State</dt>
        <dd>{c.state}</dd>
        <dt>Fee</dt>
        <dd>{c.fee}</dd>
        <dt>Subtotal</dt>
        <dd>{c.subtotal}</dd>
        <dt>Total</dt>
        <dd>{c.total}</dd>
      </dl>
      <div className="dialog-actions">
        <button type="button" onClick={onClose} data-autofocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
