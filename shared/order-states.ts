// What an order's state means, for main (polling, notifications) and the renderer
// alike. Pure: no Node or DOM imports.
//
// A journal row goes sending → accepted → the transaction's state as Kriptomat
// reports it. The reference only names `pending`, `success` and `failed` and says
// to tolerate unknown strings, so only states that plainly say "done" or "did not
// happen" count as final; anything else may still move on.

/** The desk's own state for an order that may or may not have taken effect: the operator must check. */
export const NEEDS_REVIEW = 'needs_review';

/** The desk's own state for a withdrawal waiting out the cool-off on a new bank account: not sent yet. */
export const HELD = 'held';

/** A team order proposed under an approval rule: not sent until approved (then `sending`); rejected or expired are final. */
export const AWAITING_APPROVAL = 'awaiting_approval';

const SUCCESS_STATES: ReadonlySet<string> = new Set(['success', 'completed']);
const FAILURE_STATES: ReadonlySet<string> = new Set(['failed', 'cancelled', 'canceled', 'rejected', 'declined', 'expired', 'error']);

/** Every final state, lower case: for a store that filters in SQL by the same rule. */
export const FINAL_ORDER_STATES: readonly string[] = [...SUCCESS_STATES, ...FAILURE_STATES];

/** The desk's own states for a journal row that is not settled: never polled as a transaction. */
const JOURNAL_OWN_STATES: ReadonlySet<string> = new Set([HELD, AWAITING_APPROVAL, 'sending', 'accepted', NEEDS_REVIEW]);

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

/**
 * A state the API reported that does not settle the order (`pending`, or a string
 * the desk does not know): worth recording, and the row stays watched.
 */
export function isUnsettledApiState(state: string): boolean {
  return !isFinalOrderState(state) && !JOURNAL_OWN_STATES.has(normal(state));
}
