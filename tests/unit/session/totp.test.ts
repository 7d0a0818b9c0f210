import { describe, expect, it } from 'vitest';
import { isUsableTotpSecret, msUntilNextStep, normalizeTotpSecret, totpCode, totpStep } from '../../../main/session/totp';
import { renewalMargin } from '../../../main/session/renewal';

// RFC 6238 Appendix B (SHA-1), 8 digits; Google Authenticator shows the last 6.
const RFC_VECTORS: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];
const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // ASCII "12345678901234567890"

describe('TOTP', () => {
  it.each(RFC_VECTORS)('at t=%i s gives the last 6 digits of %s', (seconds, eight) => {
    expect(totpCode(SECRET, seconds * 1000)).toBe(eight.slice(-6));
  });

  it('accepts secrets typed in groups and lower case', () => {
    expect(normalizeTotpSecret('gezd gnbv gy3t qojq-gezdgnbvgy3tqojq==')).toBe(SECRET);
    expect(totpCode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq', 59_000)).toBe('287082');
    expect(isUsableTotpSecret(SECRET)).toBe(true);
    expect(isUsableTotpSecret('not base32!')).toBe(false);
  });

  it('knows its 30-second steps', () => {
    expect(totpStep(59_000)).toBe(1);
    expect(totpStep(60_000)).toBe(2);
    expect(msUntilNextStep(59_000)).toBe(1_000);
    expect(msUntilNextStep(60_000)).toBe(30_000);
  });
});

describe('renewal margin', () => {
  it('scales with the token lifetime within bounds', () => {
    expect(renewalMargin(3_600_000)).toBe(300_000); // an hour: 5 minutes early
    expect(renewalMargin(600_000)).toBe(60_000); // 10 minutes: 1 minute early
    expect(renewalMargin(30_000)).toBe(5_000); // short: at least 5 s
    expect(renewalMargin(6_000)).toBe(3_000); // very short: never more than half
    expect(renewalMargin(86_400_000)).toBe(300_000);
  });
});
