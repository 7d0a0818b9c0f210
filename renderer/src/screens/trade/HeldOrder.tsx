// A withdrawal waiting out the cool-off on a bank account new to the desk: when
// it goes, counting down, and a button to cancel it before then — after asking,
// since a cancelled withdrawal cannot be brought back. Main decides whether the
// hold ended or the cancel came first; this only asks.
import { useState } from 'react';
import type { OrderView } from '../../../../shared/desk-api';
import { call } from '../../bridge';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatCountdown, formatDateTime } from '../../format';
import { useNow } from '../../hooks/use-now';
import { upsertOrder } from '../../state/orders';
import { userLabel, useUsers } from '../../state/users';
import { orderLabel } from './SettleOrderDialog';

/** "Held — goes at 26/11/2026, 14:32 (in 1:59:07)". */
export function HeldUntil({ holdUntilMs }: { holdUntilMs: number }) {
  const now = useNow(1000);
  const left = holdUntilMs - now;
  return (
    <div className="muted">
      Goes at {formatDateTime(holdUntilMs)} {left > 0 ? `(in ${formatCountdown(left)})` : '(now, after its checks)'}
    </div>
  );
}

export function CancelHeldButton({ order }: { order: OrderView }) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const known = useUsers((s) => s.byId[order.userId]);
  const user = known && (known.name || known.surname) ? userLabel(known) : `user #${order.userId}`;
  const cancel = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      upsertOrder(await call((d) => d.orders.cancelHeld({ orderId: order.id })));
      setAsking(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const what = order.kind === 'withdraw' ? 'withdrawal' : 'order';
  return (
    <>
      <button
        type="button"
        className="small"
        disabled={busy}
        onClick={() => {
          setError(null);
          setAsking(true);
        }}
        aria-label={`Cancel held order: ${orderLabel(order, user)}`}
      >
        {busy ? 'Cancelling…' : 'Cancel'}
      </button>
      {asking ? (
        <ConfirmDialog
          title={`Cancel this held ${what}?`}
          confirmLabel={`Cancel ${what}`}
          cancelLabel="Keep it held"
          tone="danger"
          busy={busy}
          busyNote="Cancelling…"
          error={error}
          onCancel={() => setAsking(false)}
          onConfirm={() => void cancel()}
        >
          <p>
            {orderLabel(order, user)} will never be sent
            {order.holdUntilMs !== null ? ` (it was to go at ${formatDateTime(order.holdUntilMs)})` : ''}. To send it later, place it again.
          </p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}
