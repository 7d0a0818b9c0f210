// What an order's state means, for main (polling, notifications) and the renderer
// alike. Pure: no Node or DOM imports.
//
// A journal row goes sending → accepted → the transaction's state as Kriptomat
// reports it. The reference only names `pending`, `success` and `failed` and says
// to tolerate unknown strings, so only states that plainly say "done" or "did not
// happen" count as final; anything else may still move on.

/** The desk's own state for an order that may or may not have taken effect: the operator must check. */
export const NEEDS_REVIEW = 'needs_review';

const SUCCESS_STATES = new Set(['success', 'completed']);
const FAILURE_STATES = new Set(['failed', 'cancelled', 'canceled', 'rejected', 'declined', 'expired', 'error']);

function normal(state: string): string {
  return state.trim().toLowerCase();
}

/** The order took effect for good. */
export function isSuccessfulOrderState(state: string): boolean {
  return SUCCESS_STATES.has(normal(state));
}

/** The order definitely did not take effect (or was reversed). */
export function isFailedOrderState(state: string): boolean {
  return FAILURE_STATES.has(normal(state));
}

/** Settled one way or the other: nothing more will happen to the order. */
export function isFinalOrderState(state: string): boolean {
  return isSuccessfulOrderState(state) || isFailedOrderState(state);
}

export function isNeedsReviewState(state: string): boolean {
  return normal(state) === NEEDS_REVIEW;
}
