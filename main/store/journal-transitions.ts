// How a journal row may move once it is written, as pure functions over its
// state fields: one set of rules for the local journal (order-journal.ts) and
// the team's (main/store/postgres/journal.ts), so a desk behaves the same on either
// store. Each returns the fields to change, or undefined when the row stays as
// it is; a transition that makes no sense is refused with the store's own error.
import { isFinalOrderState, isUnsettledApiState } from '../../shared/order-states';

export interface OrderStateFields {
  state: string;
  transactionId: number | null;
  error: string | null;
}

export type OrderTransition = (row: OrderStateFields, key: string) => Partial<OrderStateFields> | undefined;

export interface OrderTransitions {
  /** sending | needs_review → accepted with the transaction id; a repeated answer changes nothing. */
  toAccepted(transactionId: number): OrderTransition;
  /** sending → needs_review with the reason; any other row is left alone. */
  toNeedsReview(reason: string): OrderTransition;
  /** The transaction's final state; a final row is not changed again. */
  toFinal(state: string): OrderTransition;
  /** A state that settles nothing (pending, or unknown), for a row that has a transaction and waits for it. */
  toRecordedState(state: string): OrderTransition;
  /** Refused or could not complete: failed with the reason; a final row is not changed again. */
  toFailed(reason: string): OrderTransition;
}

const accepted =
  (refuse: (message: string) => never) =>
  (transactionId: number): OrderTransition => {
    if (!Number.isSafeInteger(transactionId) || transactionId <= 0) refuse(`Not a transaction id: ${transactionId}`);
    return (row, key) => {
      if (row.transactionId !== null && row.transactionId !== transactionId) {
        refuse(`Order ${key} was accepted as transaction ${row.transactionId}, not ${transactionId}`);
      }
      if (row.state === 'sending' || row.state === 'needs_review') return { state: 'accepted', transactionId, error: null };
      // Already accepted or final: only fill in a transaction id a failed row did not have.
      return row.transactionId === null ? { transactionId } : undefined;
    };
  };

const toNeedsReview =
  (reason: string): OrderTransition =>
  (row) =>
    row.state === 'sending' ? { state: 'needs_review', error: reason } : undefined;

const final =
  (refuse: (message: string) => never) =>
  (state: string): OrderTransition => {
    if (!isFinalOrderState(state)) refuse(`${state} is not a final state`);
    return (row) => (isFinalOrderState(row.state) ? undefined : { state });
  };

const recorded =
  (refuse: (message: string) => never) =>
  (state: string): OrderTransition => {
    if (!isUnsettledApiState(state)) refuse(`${state} is not a state the API reports for an unsettled transaction`);
    return (row) =>
      row.transactionId !== null && (row.state === 'accepted' || isUnsettledApiState(row.state)) && row.state !== state
        ? { state }
        : undefined;
  };

const toFailed =
  (reason: string): OrderTransition =>
  (row) =>
    isFinalOrderState(row.state) ? undefined : { state: 'failed', error: reason };

/** The transitions, refusing with `refuse` (which throws the store's own error). */
export function orderTransitions(refuse: (message: string) => never): OrderTransitions {
  return { toAccepted: accepted(refuse), toNeedsReview, toFinal: final(refuse), toRecordedState: recorded(refuse), toFailed };
}
