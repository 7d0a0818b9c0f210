// A withdrawal waiting out the cool-off on a bank account new to the desk: when
// it goes, counting down, and a button to cancel it before then. Main decides
// whether the hold ended or the cancel came first; this only asks.
import { useState } from 'react';
import type { OrderView } from '../../../../shared/desk-api';
import { call } from '../../bridge';
import { ErrorAlert } from '../../components/ErrorAlert';
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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const known = useUsers((s) => s.byId[order.userId]);
  const user = known && (known.name || known.surname) ? userLabel(known) : `user #${order.userId}`;
  const cancel = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      upsertOrder(await call((d) => d.orders.cancelHeld({ orderId: order.id })));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        className="small"
        disabled={busy}
        onClick={() => void cancel()}
        aria-label={`Cancel held order: ${orderLabel(order, user)}`}
      >
        {busy ? 'Cancelling…' : 'Cancel'}
      </button>
      <ErrorAlert error={error} />
    </>
  );
}
