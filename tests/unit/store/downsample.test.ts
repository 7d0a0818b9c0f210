import { describe, expect, it } from 'vitest';
import { gapThreshold, medianInterval, withBreaks, type RawPoint } from '../../../main/store/sqlite/downsample';

describe('medianInterval / gapThreshold', () => {
  it('takes the median step, robust to one long pause', () => {
    expect(medianInterval([0, 5000, 10000, 15000, 600000, 605000])).toBe(5000);
    expect(gapThreshold([0, 5000, 10000, 15000, 600000, 605000])).toBe(15000);
  });

  it('has no threshold with fewer than two points, and honours an explicit one', () => {
    expect(medianInterval([7])).toBeUndefined();
    expect(gapThreshold([7])).toBe(Number.POSITIVE_INFINITY);
    expect(gapThreshold([0, 5000, 10000], 1234)).toBe(1234);
  });
});

describe('withBreaks', () => {
  it('puts a null point inside every pause longer than the threshold', () => {
    const pts: RawPoint[] = [
      [0, '1', '1', '1'],
      [5000, '2', '2', '2'],
      [60000, '3', '3', '3'],
      [65000, '4', '4', '4'],
    ];
    const out = withBreaks(pts, 15000);
    expect(out.map((p) => p.price)).toEqual(['1', '2', null, '3', '4']);
    expect(out[2]).toEqual({ t: 32500, price: null, priceBuy: null, priceSell: null });
  });
});
