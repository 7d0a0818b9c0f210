import { describe, expect, it } from 'vitest';
import { REDACTED, isSecretKey, redact } from '../../../main/store/redact';

describe('redact', () => {
  it('blanks every secret key however it is spelled, at any depth', () => {
    const out = redact({
      email: 'ops@desk.io',
      password: 'Password_123',
      client_secret: 's3cret',
      clientSecret: 's3cret',
      totp_secret: 'JBSWY3DPEHPK3PXP',
      security_code: '478291',
      nested: { access_token: 'eyJ0', list: [{ token: '_act-460a', iban: 'DE68500105171556714723' }] },
    });
    expect(out).toEqual({
      email: 'ops@desk.io',
      password: REDACTED,
      client_secret: REDACTED,
      clientSecret: REDACTED,
      totp_secret: REDACTED,
      security_code: REDACTED,
      nested: { access_token: REDACTED, list: [{ token: REDACTED, iban: 'DE68500105171556714723' }] },
    });
    expect(JSON.stringify(out)).not.toMatch(/Password_123|s3cret|JBSWY|478291|eyJ0|_act-/);
  });

  it('does not mutate its input and keeps plain values', () => {
    const input = { password: 'x', amount: '250.00' };
    redact(input);
    expect(input.password).toBe('x');
    expect(redact('text')).toBe('text');
    expect(redact(null)).toBeNull();
    expect(redact(12n)).toBe('12');
  });

  it('knows which keys are secret', () => {
    expect(isSecretKey('Access-Token')).toBe(true);
    expect(isSecretKey('tokenCount')).toBe(false);
    expect(isSecretKey('summary')).toBe(false);
  });
});
