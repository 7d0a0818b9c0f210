// How a journal row may move, as pure functions over its state fields: the same
// rules as the local journal (main/store/order-journal.ts), so a desk behaves
// the same on either store. Each returns the fields to change, or undefined
// when the row stays as it is; a transition that makes no sense throws.
import { isFinalOrderState, isUnsettledApiState } from '../../shared/order-states';
import { TeamStoreError } from './team-errors';

export interface OrderStateFields {
  state: string;
  transactionId: number | null;
  error: string | null;
}

export type OrderTransition = (row: OrderStateFields, key: string) => Partial<OrderStateFields> | undefined;

function refuse(message: string): never {
  throw new TeamStoreError('invalid', message);
}

/** sending | needs_review → accepted with the transaction id; a repeated answer changes nothing. */
export function toAccepted(transactionId: number): OrderTransition {
  if (!Number.isSafeInteger(transactionId) || transactionId <= 0) refuse(`Not a transaction id: ${transactionId}`);
  return (row, key) => {
    if (row.transactionId !== null && row.transactionId !== transactionId) {
      refuse(`Order ${key} was accepted as transaction ${row.transactionId}, not ${transactionId}`);
    }
    if (row.state === 'sending' || row.state === 'needs_review') return { state: 'accepted', transactionId, error: null };
    // Already accepted or final: only fill in a transaction id a failed row did not have.
    return row.transactionId === null ? { transactionId } : undefined;
  };
}

/** sending → needs_review with the reason; any other row is left alone. */
export function toNeedsReview(reason: string): OrderTransition {
  return (row) => (row.state === 'sending' ? { state: 'needs_review', error: reason } : undefined);
}

/** The transaction's final state; a final row is not changed again. */
export function toFinal(state: string): OrderTransition {
  if (!isFinalOrderState(state)) refuse(`${state} is not a final state`);
  return (row) => (isFinalOrderState(row.state) ? undefined : { state });
}

/** A state that settles nothing (pending, or unknown), for a row that has a transaction and waits for it. */
export function toRecordedState(state: string): OrderTransition {
  if (!isUnsettledApiState(state)) refuse(`${state} is not a state the API reports for an unsettled transaction`);
  return (row) =>
    row.transactionId !== null && (row.state === 'accepted' || isUnsettledApiState(row.state)) && row.state !== state
      ? { state }
      : undefined;
}

/** Refused or could not complete: failed with the reason; a final row is not changed again. */
export function toFailed(reason: string): OrderTransition {
  return (row) => (isFinalOrderState(row.state) ? undefined : { state: 'failed', error: reason });
}
