// What both tickets do with an order the operator confirmed: one in flight at a
// time (a second Enter or click while the first is out is ignored), the error or
// the line saying what happened, and the confirm dialog closed either way.
import { useRef, useState } from 'react';
import type { OrderView } from '../../../../shared/desk-api';
import { AWAITING_APPROVAL, HELD } from '../../../../shared/order-states';
import { upsertOrder, useOrders } from '../../state/orders';

/** States whose line promises what comes next ("sent once approved", "goes at 14:00 unless cancelled"). */
const PROMISING = new Set<string>([AWAITING_APPROVAL, HELD]);

interface SentNote {
  line: string;
  /** The order the line is about, while its line promises what comes next; null otherwise. */
  orderId: string | null;
  state: string | null;
}

export interface OrderSubmit<S> {
  /** The summary the confirm dialog shows; null when it is closed. */
  confirming: S | null;
  setConfirming(summary: S | null): void;
  submitting: boolean;
  /** An order is out: a new review must not open the dialog again. */
  inFlight(): boolean;
  error: unknown;
  setError(error: unknown): void;
  /** What became of the last order, in words. */
  sent: string | null;
  setSent(line: string | null): void;
  /** Sends the confirmed order with `send`; on an answer lists it and says `told(order)`. */
  submit(send: () => Promise<OrderView>, told: (order: OrderView) => string): Promise<void>;
}

export function useOrderSubmit<S>(): OrderSubmit<S> {
  const [confirming, setConfirming] = useState<S | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<SentNote | null>(null);
  // A promise the order no longer keeps (withdrawn, rejected, cancelled, or simply sent) is
  // not repeated: the line goes once the order moves on, and Order progress says what became of it.
  const now = useOrders((s) => (note?.orderId ? s.orders.find((o) => o.id === note.orderId)?.state : undefined));
  const sent = note === null || (note.orderId !== null && now !== undefined && now !== note.state) ? null : note.line;
  const setSent = (line: string | null): void => setNote(line === null ? null : { line, orderId: null, state: null });
  const flight = useRef(false);
  return {
    confirming,
    setConfirming,
    submitting,
    inFlight: () => flight.current,
    error,
    setError,
    sent,
    setSent,
    async submit(send, told) {
      if (flight.current) return;
      flight.current = true;
      setSubmitting(true);
      setError(null);
      try {
        const order = await send();
        upsertOrder(order);
        const promising = PROMISING.has(order.state);
        setNote({ line: told(order), orderId: promising ? order.id : null, state: promising ? order.state : null });
      } catch (e) {
        setError(e);
      } finally {
        flight.current = false;
        setSubmitting(false);
        setConfirming(null);
      }
    },
  };
}
