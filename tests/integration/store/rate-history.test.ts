import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decimalText } from '../../../shared/money';
import { openStore, type RatePoint, type RateSample, type Store } from '../../../main/store/sqlite';
import { tempDir, type TempDir } from './temp-store';

const T0 = Date.UTC(2025, 0, 1);
const STEP = 5000;
const WEEK = 7 * 24 * 3600 * 1000;

function sample(i: number, price: string): RateSample {
  return { timestampMs: T0 + i * STEP, price, priceBuy: price, priceSell: price };
}

/** A smooth wave in cents, as decimal text. */
function wave(i: number): string {
  return (30000 + Math.round(Math.sin(i / 700) * 50000) / 100).toFixed(2);
}

const isBreak = (p: RatePoint): boolean => p.price === null;

describe('rate history: recording', () => {
  let tmp: TempDir;
  let store: Store;
  beforeEach(() => {
    tmp = tempDir();
    store = openStore(tmp.file());
  });
  afterEach(() => {
    store.close();
    tmp.remove();
  });

  it('stores API numbers as exact decimal text and ignores a repeated timestamp', () => {
    expect(
      store.rates.record('staging', 'btceur', { timestampMs: 1543326193694, price: 3250.6, priceBuy: 3252.6, priceSell: 3248.6 }),
    ).toBe(true);
    expect(store.rates.record('staging', 'btceur', { timestampMs: 1543326193694, price: '1', priceBuy: '1', priceSell: '1' })).toBe(false);
    expect(store.rates.latest('staging')).toEqual([
      { pair: 'btceur', timestampMs: 1543326193694, price: '3250.6', priceBuy: '3252.6', priceSell: '3248.6' },
    ]);
    expect(() => store.rates.record('staging', 'btceur', { timestampMs: 1, price: 'abc', priceBuy: '1', priceSell: '1' })).toThrow();
    expect(() => store.rates.record('staging', 'btceur', { timestampMs: 1.5, price: '1', priceBuy: '1', priceSell: '1' })).toThrow(
      RangeError,
    );
  });

  it('keeps pairs and profiles apart and returns the newest per pair', () => {
    store.rates.recordMany('sandbox', 'btceur', [sample(0, '100'), sample(1, '101')]);
    store.rates.recordMany('sandbox', 'etheur', [sample(0, '10')]);
    store.rates.recordMany('production', 'btceur', [sample(5, '999')]);
    expect(store.rates.latest('sandbox').map((r) => [r.pair, r.price])).toEqual([
      ['btceur', '101'],
      ['etheur', '10'],
    ]);
    expect(store.rates.count('sandbox', 'btceur')).toBe(2);
    expect(store.rates.series('production', 'btceur', T0, T0 + WEEK).map((p) => p.price)).toEqual(['999']);
    expect(store.rates.series('sandbox', 'xrpeur', T0, T0 + WEEK)).toEqual([]);
  });

  it('returns every point in range, in time order, when they fit', () => {
    store.rates.recordMany(
      's',
      'btceur',
      Array.from({ length: 50 }, (_, i) => sample(49 - i, String(49 - i))),
    );
    const pts = store.rates.series('s', 'btceur', T0 + 10 * STEP, T0 + 19 * STEP);
    expect(pts.map((p) => p.price)).toEqual(['10', '11', '12', '13', '14', '15', '16', '17', '18', '19']);
  });

  it('draws a pause in polling as a break point, or not when gapMs says so', () => {
    const samples = [
      ...Array.from({ length: 20 }, (_, i) => sample(i, '1')),
      ...Array.from({ length: 20 }, (_, i) => sample(100 + i, '2')),
    ];
    store.rates.recordMany('s', 'btceur', samples);
    const pts = store.rates.series('s', 'btceur', T0, T0 + WEEK);
    expect(pts).toHaveLength(41);
    const gaps = pts.filter(isBreak);
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.t).toBeGreaterThan(T0 + 19 * STEP);
    expect(gaps[0]!.t).toBeLessThan(T0 + 100 * STEP);
    expect(pts[20]).toEqual(gaps[0]);
    expect(store.rates.series('s', 'btceur', T0, T0 + WEEK, { gapMs: 10 * 60_000 }).filter(isBreak)).toHaveLength(0);
  });

  it('prunes old points', () => {
    store.rates.recordMany(
      's',
      'btceur',
      Array.from({ length: 10 }, (_, i) => sample(i, '1')),
    );
    expect(store.rates.prune(T0 + 4 * STEP, 's')).toBe(4);
    expect(store.rates.count('s', 'btceur')).toBe(6);
  });
});

describe('rate history: a week at 5-second polling', () => {
  let tmp: TempDir;
  let store: Store;
  const N = WEEK / STEP; // 120,960
  const SPIKE_HIGH = 50_123;
  const SPIKE_LOW = 87_654;
  const PAUSE_FROM = 60_000; // two hours without polling
  const PAUSE_TO = PAUSE_FROM + (2 * 3600 * 1000) / STEP;

  beforeAll(() => {
    tmp = tempDir();
    store = openStore(tmp.file());
    const samples: RateSample[] = [];
    for (let i = 0; i < N; i++) {
      if (i >= PAUSE_FROM && i < PAUSE_TO) continue;
      const price = i === SPIKE_HIGH ? '99999.99' : i === SPIKE_LOW ? '0.01' : wave(i);
      samples.push(sample(i, price));
    }
    store.rates.recordMany('staging', 'btceur', samples);
  });
  afterAll(() => {
    store.close();
    tmp.remove();
  });

  it('caps the series and keeps single-sample extremes exactly', () => {
    const pts = store.rates.series('staging', 'btceur', T0, T0 + WEEK);
    expect(pts.length).toBeLessThanOrEqual(1000);
    expect(pts.length).toBeGreaterThan(900);
    expect(pts).toContainEqual({ t: T0 + SPIKE_HIGH * STEP, price: '99999.99', priceBuy: '99999.99', priceSell: '99999.99' });
    expect(pts).toContainEqual({ t: T0 + SPIKE_LOW * STEP, price: '0.01', priceBuy: '0.01', priceSell: '0.01' });
    for (let i = 1; i < pts.length; i++) expect(pts[i]!.t).toBeGreaterThan(pts[i - 1]!.t);
    // Every real point is a stored sample, unchanged (prices are kept as normalised decimal text).
    for (const p of pts.filter((x) => !isBreak(x))) {
      const i = (p.t - T0) / STEP;
      expect(Number.isInteger(i)).toBe(true);
      if (i !== SPIKE_HIGH && i !== SPIKE_LOW) expect(p.price).toBe(decimalText(wave(i)));
    }
  });

  it('keeps the wave shape: each bucket holds its own min and max', () => {
    const pts = store.rates.series('staging', 'btceur', T0, T0 + WEEK, { maxPoints: 200 }).filter((p) => !isBreak(p));
    const values = pts.map((p) => Number(p.price)).filter((v) => v > 1 && v < 99999);
    // The wave swings ±500 EUR; the downsampled series must reach (nearly) both ends.
    expect(Math.max(...values)).toBeGreaterThan(30499);
    expect(Math.min(...values)).toBeLessThan(29501);
  });

  it('marks the two-hour pause with exactly one break point', () => {
    const pts = store.rates.series('staging', 'btceur', T0, T0 + WEEK);
    const breaks = pts.filter(isBreak);
    expect(breaks).toHaveLength(1);
    expect(breaks[0]!.t).toBeGreaterThan(T0 + (PAUSE_FROM - 1) * STEP);
    expect(breaks[0]!.t).toBeLessThan(T0 + PAUSE_TO * STEP);
  });

  it('honours maxPoints for any size, and narrows to a sub-range', () => {
    for (const max of [4, 10, 333, 1001, 5000]) {
      expect(store.rates.series('staging', 'btceur', T0, T0 + WEEK, { maxPoints: max }).length).toBeLessThanOrEqual(max);
    }
    const hour = store.rates.series('staging', 'btceur', T0, T0 + 3600 * 1000);
    expect(hour).toHaveLength(721);
    expect(() => store.rates.series('staging', 'btceur', T0, T0 + WEEK, { maxPoints: 3 })).toThrow(RangeError);
  });

  it('stays within maxPoints when polling is very gappy', () => {
    const gappy = Array.from({ length: 3000 }, (_, i) => sample(Math.floor(i / 3) * 100 + (i % 3), String(i)));
    store.rates.recordMany('staging', 'gappyeur', gappy);
    const pts = store.rates.series('staging', 'gappyeur', T0, T0 + WEEK, { maxPoints: 100 });
    expect(pts.length).toBeLessThanOrEqual(100);
    expect(pts.filter(isBreak).length).toBeGreaterThan(10);
    // No two break points in a row, none at the ends.
    expect(isBreak(pts[0]!)).toBe(false);
    expect(isBreak(pts.at(-1)!)).toBe(false);
    for (let i = 1; i < pts.length; i++) expect(isBreak(pts[i]!) && isBreak(pts[i - 1]!)).toBe(false);
  });
});
