import { describe, expect, it } from 'vitest';
import { csvFilename } from '../../../main/services/common/csv';

describe('csvFilename', () => {
  it('is safe on every filesystem', () => {
    expect(csvFilename('x', Date.UTC(2026, 0, 2, 3, 4, 5))).toBe('x-2026-01-02T03-04-05.csv');
  });
});
