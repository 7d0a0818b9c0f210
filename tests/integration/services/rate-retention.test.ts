import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/store/sqlite';
import { adaptStore, RATE_RETENTION_MS } from '../../../main/store/sqlite/adapter';

describe('rate history retention', () => {
  it('drops rates past retention as new ones are recorded', async () => {
    const store = openStore(':memory:');
    const port = adaptStore(store);
    const now = Date.UTC(2026, 10, 23);
    const old = now - RATE_RETENTION_MS - 60_000;
    const rate = (t: number) => ({ pair: 'btceur', price: '100', priceBuy: '101', priceSell: '99', timestampMs: t, receivedAtMs: t });
    await port.recordRate('p', rate(old));
    expect(store.rates.count('p', 'btceur')).toBe(1);
    for (let i = 0; i < 10_000; i++) await port.recordRate('p', rate(now + i * 1000));
    expect(store.rates.count('p', 'btceur')).toBe(10_000);
    expect(store.rates.count('p', 'btceur', 0, now - 1)).toBe(0);
    store.close();
  });
});
