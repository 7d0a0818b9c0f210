import { describe, expect, it } from 'vitest';
import { checkIban, formatIban, normalizeIban } from '../../../shared/iban';

// Vectors from ../shared/test-vectors.md.
describe('checkIban', () => {
  it.each([
    'DE89370400440532013000',
    'GB82WEST12345698765432',
    'SI56263300012039086',
    'NL91ABNA0417164300',
    'FR1420041010050500013M02606',
    'DE68500105171556714723',
  ])('accepts %s', (iban) => {
    expect(checkIban(iban)).toEqual({ ok: true, iban });
  });
  it.each(['DE89370400440532013001', 'GB82WEST12345698765431'])('refuses the bad checksum of %s', (iban) => {
    expect(checkIban(iban)).toMatchObject({ ok: false, reason: 'checksum' });
  });
  it('treats the printed form with spaces as the same IBAN', () => {
    expect(normalizeIban('SI56 2633 0001 2039 086')).toBe('SI56263300012039086');
    expect(checkIban('si56 2633 0001 2039 086')).toEqual({ ok: true, iban: 'SI56263300012039086' });
  });
  it('explains length and format problems', () => {
    expect(checkIban('DE8937040044053201300')).toMatchObject({ ok: false, reason: 'length' });
    expect(checkIban('1234')).toMatchObject({ ok: false, reason: 'format' });
    expect(checkIban('')).toMatchObject({ ok: false, reason: 'empty' });
  });
  it('prints in groups of four', () => {
    expect(formatIban('DE89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
  });
});
