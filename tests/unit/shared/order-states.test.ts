import { describe, expect, it } from 'vitest';
import { FINAL_ORDER_STATES, isFinalOrderState, isUnsettledApiState, NEEDS_REVIEW } from '../../../shared/order-states';

describe('order states: one meaning of final', () => {
  it('counts only states that plainly say done or did not happen as final', () => {
    for (const state of ['success', 'completed', 'failed', 'cancelled', 'rejected', ' FAILED '])
      expect(isFinalOrderState(state)).toBe(true);
    for (const state of ['pending', 'sending', 'accepted', NEEDS_REVIEW, 'on_hold', 'processing', ''])
      expect(isFinalOrderState(state)).toBe(false);
  });

  it('lists every final state in lower case for SQL filters', () => {
    expect(FINAL_ORDER_STATES.every((s) => s === s.toLowerCase() && isFinalOrderState(s))).toBe(true);
    expect(FINAL_ORDER_STATES).toContain('success');
    expect(FINAL_ORDER_STATES).toContain('failed');
  });

  it("treats pending and unknown API states as unsettled, but not the journal's own states", () => {
    expect(isUnsettledApiState('pending')).toBe(true);
    expect(isUnsettledApiState('on_hold')).toBe(true);
    expect(isUnsettledApiState('success')).toBe(false);
    expect(isUnsettledApiState('sending')).toBe(false);
    expect(isUnsettledApiState('accepted')).toBe(false);
    expect(isUnsettledApiState(NEEDS_REVIEW)).toBe(false);
  });
});
