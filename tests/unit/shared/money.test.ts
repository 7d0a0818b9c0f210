import { describe, expect, it } from 'vitest';
import { checkAmount, dec, toFixedDown, toFixedHalfUp, placesFor } from '../../../shared/money';

describe('checkAmount', () => {
  it('accepts plain positive decimals within the places allowed', () => {
    expect(checkAmount('250.00', 2)).toEqual({ ok: true, value: '250.00' });
    expect(checkAmount(' 0.02831491 ', 8)).toEqual({ ok: true, value: '0.02831491' });
    expect(checkAmount('007.5', 2)).toEqual({ ok: true, value: '7.5' });
    expect(checkAmount('999999999999.99', 2)).toEqual({ ok: true, value: '999999999999.99' });
    expect(checkAmount('0000000000000001', 2)).toEqual({ ok: true, value: '1' });
  });
  it.each([
    ['', 'Enter an amount.'],
    ['-1', 'must be more than zero'],
    ['-5', 'must be more than zero'],
    ['- 5.50', 'must be more than zero'],
    ['-x', 'plain decimal'],
    ['1e3', 'plain decimal'],
    ['1,5', 'plain decimal'],
    ['0', 'more than zero'],
    ['0.00', 'more than zero'],
    ['1.234', 'at most 2 decimal places'],
    ['1000000000000', 'at most 12 digits before the decimal point'],
    ['9'.repeat(400), 'at most 12 digits before the decimal point'],
  ])('refuses %j', (text, message) => {
    const result = checkAmount(text, 2);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
  it('refuses a number where text is expected', () => {
    expect(checkAmount(10, 2).ok).toBe(false);
  });
});

describe('decimal arithmetic', () => {
  it('keeps float noise out: 0.1 + 0.2 is 0.3', () => {
    expect(dec(0.1).plus(dec(0.2)).toFixed()).toBe('0.3');
  });
  it('rounds down and half up to a currency', () => {
    expect(toFixedDown('0.123456789', 8)).toBe('0.12345678');
    expect(toFixedHalfUp('2.345', 2)).toBe('2.35');
    expect(placesFor('EUR')).toBe(2);
    expect(placesFor('btc')).toBe(8);
  });
  it('refuses non-finite numbers', () => {
    expect(() => dec(Number.NaN)).toThrow(RangeError);
  });
});
