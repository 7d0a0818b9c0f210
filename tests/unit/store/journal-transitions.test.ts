import { describe, expect, it } from 'vitest';
import { orderTransitions } from '../../../main/store/journal-transitions';

class Refused extends Error {}
const { toAccepted, toFailed, toFinal, toNeedsReview, toRecordedState } = orderTransitions((message) => {
  throw new Refused(message);
});

const sending = { state: 'sending', transactionId: null, error: null };
const accepted = { state: 'accepted', transactionId: 7, error: null };

describe('journal transitions (one set of rules for the local and the team journal)', () => {
  it('accepts a sending or needs_review row once; a repeated answer changes nothing', () => {
    expect(toAccepted(7)(sending, 'k')).toEqual({ state: 'accepted', transactionId: 7, error: null });
    expect(toAccepted(7)({ state: 'needs_review', transactionId: null, error: 'lost' }, 'k')).toEqual({
      state: 'accepted',
      transactionId: 7,
      error: null,
    });
    expect(toAccepted(7)(accepted, 'k')).toBeUndefined();
    expect(toAccepted(7)({ state: 'failed', transactionId: null, error: 'x' }, 'k')).toEqual({ transactionId: 7 });
    expect(() => toAccepted(8)(accepted, 'k')).toThrow(/accepted as transaction 7, not 8/);
    expect(() => toAccepted(0)).toThrow(/Not a transaction id/);
  });

  it('reviews only a sending row, and never changes a final one', () => {
    expect(toNeedsReview('lost')(sending, 'k')).toEqual({ state: 'needs_review', error: 'lost' });
    expect(toNeedsReview('lost')(accepted, 'k')).toBeUndefined();
    expect(toFinal('success')(accepted, 'k')).toEqual({ state: 'success' });
    expect(toFinal('failed')({ ...accepted, state: 'success' }, 'k')).toBeUndefined();
    expect(toFailed('refused')({ ...accepted, state: 'Completed' }, 'k')).toBeUndefined();
    expect(toFailed('refused')(sending, 'k')).toEqual({ state: 'failed', error: 'refused' });
    expect(() => toFinal('pending')).toThrow(/not a final state/);
  });

  it('records an unsettled API state only for a row that waits for its transaction', () => {
    expect(toRecordedState('pending')(accepted, 'k')).toEqual({ state: 'pending' });
    expect(toRecordedState('pending')({ ...accepted, state: 'pending' }, 'k')).toBeUndefined();
    expect(toRecordedState('queued')({ ...accepted, state: 'pending' }, 'k')).toEqual({ state: 'queued' });
    expect(toRecordedState('pending')(sending, 'k')).toBeUndefined();
    expect(() => toRecordedState('success')).toThrow(/not a state the API reports/);
  });
});
