// One set of limits for the risk policy: the bridge's rule schema takes exactly
// what the team database's CHECKs take (30 days of expiry in seconds, a year of
// new-account hours, 12 digits of EUR), and a rule's expiry is said and edited in
// the largest unit that keeps it exact.
import { describe, expect, it } from 'vitest';
import { approvalRuleInputSchema, policyUpdateSchema } from '../../../shared/api/approvals';
import { deskMethods } from '../../../shared/desk-api';
import { EXPIRY_SECONDS_MAX, NEW_ACCOUNT_HOURS_MAX, expiryInUnits, expiryProblem, expiryWords } from '../../../shared/policy-limits';

const rule = {
  action: 'withdraw',
  thresholdEur: '999999999999.99',
  newAccountHours: null,
  approvalsNeeded: 3,
  enabled: true,
  position: 0,
} as const;

describe('approval rule limits', () => {
  it('are the team database’s: 30 days of expiry, 8760 h since the account was added, 12 digits and 2 places', () => {
    expect(EXPIRY_SECONDS_MAX).toBe(2_592_000);
    expect(NEW_ACCOUNT_HOURS_MAX).toBe(8760);
    expect(approvalRuleInputSchema.safeParse({ ...rule, newAccountHours: 8760, expirySeconds: 2_592_000 }).success).toBe(true);
    expect(approvalRuleInputSchema.safeParse({ ...rule, expiryHours: 720 }).success).toBe(false);
    expect(approvalRuleInputSchema.safeParse({ ...rule, expirySeconds: 1 }).success).toBe(true);
    expect(approvalRuleInputSchema.safeParse({ ...rule, newAccountHours: 8761, expirySeconds: 60 }).success).toBe(false);
    expect(approvalRuleInputSchema.safeParse({ ...rule, expirySeconds: 2_592_001 }).success).toBe(false);
    expect(approvalRuleInputSchema.safeParse({ ...rule, thresholdEur: '1000000000000.00', expirySeconds: 60 }).success).toBe(false);
  });

  it('say in words which field is wrong and why', () => {
    const tooLong = policyUpdateSchema.safeParse({ saveRules: [{ ...rule, expirySeconds: 2_592_001 }] });
    expect(tooLong.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['saveRules.0.expirySeconds', 'Expiry in seconds: at most 2592000.'],
    ]);
    const missing = policyUpdateSchema.safeParse({ saveRules: [rule] });
    expect(missing.error?.issues.map((i) => i.path.join('.'))).toEqual(['saveRules.0.expirySeconds']);
  });

  it('the settings’ per-order limit and the rate move use the same patterns', () => {
    const settings = deskMethods['settings.update'].input;
    expect(settings.safeParse({ perOrderLimitEur: '999999999999.99' }).success).toBe(true);
    expect(settings.safeParse({ perOrderLimitEur: '1000000000000' }).success).toBe(false);
    expect(policyUpdateSchema.safeParse({ rateMovePercent: '99.99' }).success).toBe(true);
    expect(policyUpdateSchema.safeParse({ rateMovePercent: '100' }).success).toBe(false);
  });
});

describe('a rule’s expiry in units', () => {
  it.each([
    [2_592_000, 30, 'days', '30 days'],
    [86_400, 1, 'days', '1 day'],
    [7200, 2, 'hours', '2 hours'],
    [5400, 90, 'minutes', '90 minutes'],
    [45, 45, 'seconds', '45 seconds'],
    [3601, 3601, 'seconds', '3601 seconds'],
  ] as const)('%i s is %i %s', (seconds, amount, unit, words) => {
    expect(expiryInUnits(seconds)).toEqual({ amount, unit });
    expect(expiryWords(seconds)).toBe(words);
  });

  it('accepts whole amounts up to 30 days in any unit, nothing past it', () => {
    expect(expiryProblem(30, 'days')).toBeUndefined();
    expect(expiryProblem(720, 'hours')).toBeUndefined();
    expect(expiryProblem(1, 'seconds')).toBeUndefined();
    for (const [amount, unit] of [
      [31, 'days'],
      [721, 'hours'],
      [0, 'minutes'],
      [1.5, 'hours'],
      [Number.NaN, 'days'],
    ] as const) {
      expect(expiryProblem(amount, unit)).toMatch(/up to 30 days/);
    }
  });
});
