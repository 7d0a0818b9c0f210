// The status bar's words for Kriptomat's health: OK, slow, and unreachable since
// when with the next retry — in a fixed zone and locale, so the text is the rule's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthWords } from '../../../renderer/src/domain/health-words';
import type { KriptomatHealthView } from '../../../shared/desk-api';

const saved = { tz: process.env['TZ'], navigator: Object.getOwnPropertyDescriptor(globalThis, 'navigator') };
beforeAll(() => {
  process.env['TZ'] = 'Europe/Ljubljana';
  Object.defineProperty(globalThis, 'navigator', { value: { languages: ['en-GB'], language: 'en-GB' }, configurable: true });
});
afterAll(() => {
  if (saved.tz === undefined) delete process.env['TZ'];
  else process.env['TZ'] = saved.tz;
  if (saved.navigator) Object.defineProperty(globalThis, 'navigator', saved.navigator);
});

const since = Date.UTC(2026, 10, 26, 13, 5, 0);
const base: KriptomatHealthView = {
  profileId: 'local-sandbox',
  state: 'ok',
  sinceMs: since,
  nextRetryAtMs: null,
  lastAnswerMs: 120,
  message: null,
};

describe('healthWords', () => {
  it('says OK, slow with the answer time, or not checked yet', () => {
    expect(healthWords(base, since)).toBe('Kriptomat: OK');
    expect(healthWords({ ...base, state: 'slow', lastAnswerMs: 3_250 }, since)).toBe('Kriptomat: slow (answered in 3.3 s)');
    expect(healthWords(null, since)).toBe('Kriptomat: not checked yet');
  });

  it('says since when it is unreachable and when the desk tries again', () => {
    const down: KriptomatHealthView = { ...base, state: 'unreachable', nextRetryAtMs: since + 60_000, message: 'Kriptomat answered 500.' };
    expect(healthWords(down, since + 48_000)).toBe('Kriptomat: unreachable since 14:05:00 CET · retry in 12 s');
    expect(healthWords(down, since + 60_000)).toBe('Kriptomat: unreachable since 14:05:00 CET · retrying');
    expect(healthWords({ ...down, nextRetryAtMs: null }, since)).toBe('Kriptomat: unreachable since 14:05:00 CET');
  });
});
