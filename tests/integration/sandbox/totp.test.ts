// RFC 6238 Appendix B vectors through the sandbox's otplib wrapper, and the
// window/step rules the login relies on.
import { describe, expect, it } from 'vitest';
import { matchTotpStep, totpCode, totpStep } from '../../../sandbox/totp';

const SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // ASCII "12345678901234567890"
const VECTORS: [number, string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238, SHA-1, 30 s)', () => {
  it.each(VECTORS)('8-digit code at t=%i is %s', (t, code) => {
    expect(totpCode(SECRET, t * 1000, 8)).toBe(code);
  });

  it.each(VECTORS)('6-digit code at t=%i is the last six digits of %s', (t, code) => {
    expect(totpCode(SECRET, t * 1000)).toBe(code.slice(2));
  });

  it('accepts the current step and one either side, nothing further', () => {
    const t = 1_234_567_890_000;
    const step = totpStep(t);
    expect(matchTotpStep(SECRET, totpCode(SECRET, t), t)).toBe(step);
    expect(matchTotpStep(SECRET, totpCode(SECRET, t - 30_000), t)).toBe(step - 1);
    expect(matchTotpStep(SECRET, totpCode(SECRET, t + 30_000), t)).toBe(step + 1);
    expect(matchTotpStep(SECRET, totpCode(SECRET, t - 60_000), t)).toBeNull();
    expect(matchTotpStep(SECRET, totpCode(SECRET, t + 60_000), t)).toBeNull();
    expect(matchTotpStep(SECRET, 'abcdef', t)).toBeNull();
    expect(matchTotpStep(SECRET, '12345', t)).toBeNull();
  });

  it('does not disturb otplib’s global authenticator options', async () => {
    const { authenticator } = await import('otplib');
    // The options set on the global instance, not allOptions(): its default epoch is Date.now() at call time.
    const before = { ...authenticator.options };
    totpCode(SECRET, 59_000);
    expect(authenticator.options).toEqual(before);
    expect(authenticator.options.epoch).toBeUndefined();
  });
});
