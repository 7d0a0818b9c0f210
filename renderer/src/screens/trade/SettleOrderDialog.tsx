// Settling an order that needs review: the desk could not tell whether Kriptomat
// booked it (a repeat was refused, or it was never confirmed for a day). The
// operator decides: booked — as one of the user's transactions that look like the
// order (same kind, pair and amount, after the order, no other order's), which
// main offers and checks again — or not booked, which marks it failed so the desk
// never sends it again. Both go to the audit log.
import { useId, useState } from 'react';
import type { OrderView, TransactionView } from '../../../../shared/desk-api';
import { orderCurrency } from '../../../../shared/pairs';
import { call, fieldError } from '../../bridge';
import { Dialog } from '../../components/Dialog';
import { ErrorAlert, StatusNote } from '../../components/ErrorAlert';
import { Loading } from '../../components/States';
import { amountCurrency, safePairLabel, typeLabels } from '../../components/transaction-cells';
import { formatApiDate, formatDateTime, formatMoney } from '../../format';
import { useLoad } from '../../hooks/use-load';
import { upsertOrder } from '../../state/orders';
import { userLabel, useUsers } from '../../state/users';

/** "Buy BTC/EUR 20.00 EUR for user 1": how the order is named in buttons and titles. */
export function orderLabel(order: OrderView, user: string): string {
  const side = order.kind === 'withdraw' ? 'Withdraw' : order.kind === 'buy' ? 'Buy' : 'Sell';
  const pair = order.pair ? ` ${safePairLabel(order.pair)}` : '';
  return `${side}${pair} ${formatMoney(order.amount, orderCurrency(order.kind, order.pair))} for ${user}`;
}

function candidateLabel(tx: TransactionView): string {
  const type = typeLabels[tx.type] ?? tx.type;
  const amount = formatMoney(tx.amount, amountCurrency(tx));
  return `Transaction #${tx.id} · ${formatApiDate(tx.date)} · ${type} ${amount} · total ${formatMoney(tx.total, 'eur')} · ${tx.state}`;
}

type Outcome = 'booked' | 'not_booked';

interface Props {
  order: OrderView;
  /** How the order's user is named, e.g. "Ana Novak (#1)". */
  user: string;
  onClose: () => void;
}

export function SettleOrderDialog({ order, user, onClose }: Props) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [picked, setPicked] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const groupName = useId();
  const candidates = useLoad(`settle:${order.id}`, () => call((d) => d.orders.reviewCandidates({ orderId: order.id })));

  const choices = candidates.data?.candidates ?? [];
  const ready = outcome === 'not_booked' || (outcome === 'booked' && picked !== null && choices.some((c) => c.id === picked));

  const settle = async (): Promise<void> => {
    if (!ready || busy || outcome === null) return;
    setBusy(true);
    setError(null);
    try {
      const settled = await call((d) =>
        outcome === 'booked' && picked !== null
          ? d.orders.settle({ orderId: order.id, outcome: 'booked', transactionId: picked })
          : d.orders.settle({ orderId: order.id, outcome: 'not_booked' }),
      );
      upsertOrder(settled);
      onClose();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  const confirmLabel =
    outcome === 'not_booked' ? 'Settle as not booked' : picked !== null ? `Settle as booked: transaction #${picked}` : 'Settle as booked';
  return (
    <Dialog title={`Settle order: ${orderLabel(order, user)}`} onClose={busy ? () => undefined : onClose}>
      <div className="dialog-body">
        <dl className="facts compact">
          <dt>Placed</dt>
          <dd>{formatDateTime(order.createdAtMs)}</dd>
          <dt>Why it needs review</dt>
          <dd>{order.error ?? 'The desk cannot tell whether Kriptomat booked it.'}</dd>
        </dl>
        <fieldset className="settle-outcome">
          <legend>Did Kriptomat book this order?</legend>
          <label className="checkbox">
            <input
              type="radio"
              name={`${groupName}-outcome`}
              value="booked"
              checked={outcome === 'booked'}
              onChange={() => setOutcome('booked')}
              disabled={busy}
              data-autofocus
            />
            Booked — it is one of the transactions below
          </label>
          <label className="checkbox">
            <input
              type="radio"
              name={`${groupName}-outcome`}
              value="not_booked"
              checked={outcome === 'not_booked'}
              onChange={() => setOutcome('not_booked')}
              disabled={busy}
            />
            Not booked — mark it failed; the desk never sends it again
          </label>
        </fieldset>
        {outcome === 'booked' ? (
          <fieldset className="settle-candidates">
            <legend>Matching transactions of the user</legend>
            {candidates.loading && !candidates.data ? <Loading what="the user's matching transactions" /> : null}
            <ErrorAlert error={candidates.error} />
            {candidates.data && !candidates.data.live ? (
              <p className="muted">Kriptomat could not be read just now: these come from the desk&apos;s copy of the transactions.</p>
            ) : null}
            {candidates.data && choices.length === 0 ? (
              <p className="empty">
                No unclaimed transaction of the user looks like this order (same kind, pair and amount, after it was placed).
              </p>
            ) : null}
            {choices.map((tx) => (
              <label key={tx.id} className="checkbox">
                <input
                  type="radio"
                  name={`${groupName}-transaction`}
                  value={tx.id}
                  checked={picked === tx.id}
                  onChange={() => setPicked(tx.id)}
                  disabled={busy}
                />
                {candidateLabel(tx)}
              </label>
            ))}
            {fieldError(error, 'transactionId') ? <div className="field-error">{fieldError(error, 'transactionId')}</div> : null}
            <button type="button" className="small" onClick={candidates.reload} disabled={busy || candidates.loading}>
              Look again
            </button>
          </fieldset>
        ) : null}
      </div>
      <ErrorAlert error={fieldError(error, 'transactionId') ? null : error} />
      <StatusNote>{busy ? 'Settling…' : null}</StatusNote>
      <div className="dialog-actions">
        <button type="button" onClick={onClose} disabled={busy}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={() => void settle()} disabled={!ready || busy}>
          {busy ? 'Working…' : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

/** The needs-review row's button that opens the dialog. */
export function SettleOrderButton({ order }: { order: OrderView }) {
  const [open, setOpen] = useState(false);
  const known = useUsers((s) => s.byId[order.userId]);
  // A user only seen in a transaction has no name yet.
  const user = known && (known.name || known.surname) ? userLabel(known) : `user #${order.userId}`;
  return (
    <>
      <button type="button" className="small" onClick={() => setOpen(true)} aria-label={`Settle order: ${orderLabel(order, user)}`}>
        Settle…
      </button>
      {open ? <SettleOrderDialog order={order} user={user} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
