// The signed rate change an approver sees beside the rate at proposal.
import { describe, expect, it } from 'vitest';
import { rateChangePercent } from '../../../main/services/approvals/approvals';

describe('rateChangePercent', () => {
  it("is the signed percent from the proposal's rate to now, 2 places, in decimal arithmetic", () => {
    expect(rateChangePercent('60000', '61200')).toBe('2.00');
    expect(rateChangePercent('60000', '58800')).toBe('-2.00');
    expect(rateChangePercent('0.1', '0.3')).toBe('200.00');
    expect(rateChangePercent('3', '3.0001')).toBe('0.00');
    expect(rateChangePercent('3.0001', '3')).toBe('0.00');
    expect(rateChangePercent('61000.5', '61000.5')).toBe('0.00');
  });

  it('is null when either rate is unknown', () => {
    expect(rateChangePercent(null, '1')).toBeNull();
    expect(rateChangePercent('1', null)).toBeNull();
  });
});
