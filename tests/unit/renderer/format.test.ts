// The desk's display rules (renderer/src/format.ts): one precision per currency, one
// per pair, a flat change that is neutral, and one date style with the zone named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../../shared/money';
import {
  apiDateMs,
  changeTone,
  formatCount,
  formatApiDate,
  formatDateTime,
  formatMoney,
  formatPercent,
  formatPrice,
  formatTime,
  localZoneName,
  notePairPrice,
  pricePlaces,
  pricePlacesForValue,
} from '../../../renderer/src/format';
import { rateFreshness, rateStaleAfterMs } from '../../../renderer/src/domain/rate-freshness';

// A fixed locale and zone: the rules, not the machine, decide the text.
const saved = { tz: process.env['TZ'], navigator: Object.getOwnPropertyDescriptor(globalThis, 'navigator') };
beforeAll(() => {
  process.env['TZ'] = 'Europe/Ljubljana';
  Object.defineProperty(globalThis, 'navigator', { value: { languages: ['en-GB'], language: 'en-GB' }, configurable: true });
});
afterAll(() => {
  if (saved.tz === undefined) delete process.env['TZ'];
  else process.env['TZ'] = saved.tz;
  if (saved.navigator) Object.defineProperty(globalThis, 'navigator', saved.navigator);
  else delete (globalThis as { navigator?: unknown }).navigator;
});

describe('counts', () => {
  it('says "1 transaction", not "1 transactions", and groups large counts', () => {
    expect(formatCount(1, 'transaction')).toBe('1 transaction');
    expect(formatCount(0, 'transaction')).toBe('0 transactions');
    expect(formatCount(2, 'row')).toBe('2 rows');
    expect(formatCount(1204, 'transaction')).toBe('1,204 transactions');
    expect(formatCount(1, 'entry', 'entries')).toBe('1 entry');
    expect(formatCount(3, 'entry', 'entries')).toBe('3 entries');
  });
});

describe('money', () => {
  it('shows EUR with 2 places and crypto with 8, whatever the API sent', () => {
    expect(formatMoney('1234.5', 'eur')).toBe('€1,234.50');
    expect(formatMoney('0.01', 'eth')).toBe('0.01000000 ETH');
    expect(formatMoney('1132.20956512', 'xrp')).toBe('1,132.20956512 XRP');
    expect(formatMoney('3', 'btc')).toBe('3.00000000 BTC');
  });
  it('keeps precision a float would lose', () => {
    expect(formatMoney('12345678901234.12345678', 'btc')).toBe('12,345,678,901,234.12345678 BTC');
    expect(formatMoney('0.1', 'eur')).toBe('€0.10');
  });
  it('shows missing and unreadable amounts plainly', () => {
    expect(formatMoney(null, 'eur')).toBe('—');
    expect(formatMoney('', 'eur')).toBe('—');
    expect(formatMoney('n/a', 'eur')).toBe('n/a');
  });
});

describe('prices', () => {
  it('uses 2 places from €1 up and 4 significant digits below', () => {
    expect(pricePlacesForValue('59412.75')).toBe(2);
    expect(pricePlacesForValue('1')).toBe(2);
    expect(pricePlacesForValue('0.4505')).toBe(4);
    expect(pricePlacesForValue('0.45')).toBe(4);
    expect(pricePlacesForValue('0.05123')).toBe(5);
    expect(pricePlacesForValue('0.000000123')).toBe(8);
  });
  it('shows every price of a pair at the same places: never €0.451 beside €0.4505', () => {
    notePairPrice('xrpeur', '0.4505');
    expect(['0.4505', '0.451', '0.45'].map((p) => formatPrice(p, 'xrpeur'))).toEqual(['€0.4505', '€0.4510', '€0.4500']);
    notePairPrice('btceur', '59412.75');
    expect(formatPrice('59412.7', 'btceur')).toBe('€59,412.70');
    // A price of the pair that strays across €1 keeps the pair's places.
    expect(formatPrice('1.02', 'xrpeur')).toBe('€1.0200');
    expect(pricePlaces('XRPEUR')).toBe(4);
  });
  it('falls back to the value itself when the pair has no rate yet', () => {
    expect(formatPrice('0.5139', 'dogeeur')).toBe('€0.5139');
    expect(formatPrice('58149.5')).toBe('€58,149.50');
    expect(formatPrice(null)).toBe('—');
  });
});

describe('percent changes', () => {
  it('signs a change and shows a change that rounds to zero as a flat 0.00%', () => {
    expect(formatPercent(new Decimal('0.0123'))).toBe('+1.23%');
    expect(formatPercent(new Decimal('-0.0007'))).toBe('-0.07%');
    expect(formatPercent(new Decimal('-0.00001'))).toBe('0.00%');
    expect(formatPercent(new Decimal('0'))).toBe('0.00%');
    expect(formatPercent(null)).toBe('—');
  });
  it('gives a tone that matches the figure shown', () => {
    expect(changeTone(new Decimal('0.0123'))).toBe('up');
    expect(changeTone(new Decimal('-0.0007'))).toBe('down');
    expect(changeTone(new Decimal('-0.00001'))).toBe('flat');
    expect(changeTone(new Decimal('-0'))).toBe('flat');
    expect(changeTone(new Decimal('0.00004'))).toBe('flat');
    expect(changeTone(null)).toBeNull();
  });
});

describe('dates', () => {
  const winter = Date.UTC(2026, 10, 26, 13, 5, 3);
  const summer = Date.UTC(2026, 6, 1, 13, 5, 3);
  it('shows local time on a 24-hour clock with the zone named', () => {
    expect(formatDateTime(winter)).toBe('26 Nov 2026, 14:05:03 CET');
    expect(formatDateTime(summer)).toBe('1 Jul 2026, 15:05:03 CEST');
    expect(formatTime(winter)).toBe('14:05:03 CET');
    expect(localZoneName(winter)).toBe('CET');
    expect(formatDateTime(null)).toBe('—');
  });
  it('reads the API’s zone-less dates as UTC and shows them in the same style', () => {
    expect(apiDateMs('2026-11-26T13:05:03.658')).toBe(winter + 658);
    expect(apiDateMs('2026-11-26 13:05:03')).toBe(winter);
    expect(apiDateMs('2026-11-26T14:05:03+01:00')).toBe(winter);
    expect(formatApiDate('2026-11-26T13:05:03.000000')).toBe('26 Nov 2026, 14:05:03 CET');
    expect(formatApiDate('yesterday')).toBe('yesterday');
  });
});

describe('stale rates', () => {
  it('marks a rate not renewed for three polling intervals, and never sooner than 30 s', () => {
    expect(rateStaleAfterMs(5)).toBe(30_000);
    expect(rateStaleAfterMs(20)).toBe(60_000);
    expect(rateFreshness({ receivedAtMs: 0 }, 30_000, 5)).toEqual({ ageMs: 30_000, stale: false, staleAfterMs: 30_000 });
    expect(rateFreshness({ receivedAtMs: 0 }, 30_001, 5)?.stale).toBe(true);
    expect(rateFreshness(undefined, 1, 5)).toBeNull();
  });
});
