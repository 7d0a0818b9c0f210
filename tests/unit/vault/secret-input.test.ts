import { describe, expect, it } from 'vitest';
import { checkProfileId, normaliseSecrets, normaliseTotpSecret } from '../../../main/vault/secret-input';
import { VaultError } from '../../../main/vault/vault';

const TOTP = 'JBSWY3DPEHPK3PXP';

describe('normaliseTotpSecret', () => {
  it.each([
    ['jbsw y3dp ehpk 3pxp', TOTP],
    ['JBSWY3DPEHPK3PXP', TOTP],
    ['  jbswy3dp\tehpk3pxp\n', TOTP],
    ['JBSWY3DPEHPK3PXP====', TOTP],
    ['gezd gnbv gy3t qojq gezd gnbv gy3t qojq', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'],
  ])('normalises %j', (input, expected) => {
    expect(normaliseTotpSecret(input)).toBe(expected);
  });

  it.each(['JBSWY3DPEHPK3PX1', 'JBSWY3DP-EHPK3PXP', 'JBSWY3DPEHPK3PX0', 'JBSW=Y3DPEHPK3PXP', 'ÄBSWY3DPEHPK3PXP'])(
    'refuses %j as not base32, without echoing it',
    (input) => {
      const error = captured(() => normaliseTotpSecret(input));
      expect(error).toBeInstanceOf(VaultError);
      expect(error.message).toMatch(/not valid base32/);
      expect(error.message).not.toContain(input);
    },
  );

  it('refuses a secret too short to be real', () => {
    expect(() => normaliseTotpSecret('JBSWY3DP')).toThrow(/too short/);
  });
});

describe('normaliseSecrets', () => {
  it('keeps passwords exactly as typed (spaces can be part of a password) and normalises the TOTP secret', () => {
    expect(normaliseSecrets({ password: ' pass word ', client_secret: 'cs', totp_secret: 'jbsw y3dp ehpk 3pxp' })).toEqual({
      password: ' pass word ',
      client_secret: 'cs',
      totp_secret: TOTP,
    });
  });

  it('accepts a partial set and an empty one', () => {
    expect(normaliseSecrets({ client_secret: 'cs' })).toEqual({ client_secret: 'cs' });
    expect(normaliseSecrets({})).toEqual({});
  });

  it.each([
    [{ password: '' }, /password is empty/],
    [{ password: '   ' }, /password is empty/],
    [{ client_secret: 42 }, /client secret must be text/],
    [{ password: 'x'.repeat(1001) }, /longer than 1000/],
    [{ clientSecret: 'hunter2' }, /Unknown secret name\(s\): clientSecret/],
    [null, /must be given as an object/],
    [['hunter2'], /must be given as an object/],
  ])('refuses %j', (input, message) => {
    const error = captured(() => normaliseSecrets(input));
    expect(error).toBeInstanceOf(VaultError);
    expect((error as VaultError).kind).toBe('invalid_input');
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('hunter2');
  });
});

describe('checkProfileId', () => {
  it.each(['staging', 'local-sandbox', 'custom-0a1b2c'])('accepts %s', (id) => {
    expect(checkProfileId(id)).toBe(id);
  });
  it.each(['', 'Staging', 'a:b', '../x', '.probe', 'x'.repeat(64), 7])('refuses %j', (id) => {
    expect(() => checkProfileId(id)).toThrow(VaultError);
  });
});

function captured(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}
