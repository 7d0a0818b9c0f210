// What both tickets do with an order the operator confirmed: one in flight at a
// time (a second Enter or click while the first is out is ignored), the error or
// the line saying what happened, and the confirm dialog closed either way.
import { useRef, useState } from 'react';
import type { OrderView } from '../../../../shared/desk-api';
import { upsertOrder } from '../../state/orders';

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
  const [sent, setSent] = useState<string | null>(null);
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
        setSent(told(order));
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
