// One staleness rule for a rate: what Rates marks stale, what the ticket blocks
// orders on and the age past which main reads a fresh rate for an order's checks.
import { describe, expect, it } from 'vitest';
import { rateMaxAgeMs } from '../../../main/services/market/market';
import { rateFreshness as rendererFreshness } from '../../../renderer/src/domain/rate-freshness';
import { rateBlocker } from '../../../renderer/src/screens/trade/gates';
import { rateFreshness, rateStaleAfterMs } from '../../../shared/rate-freshness';
import { fakeContext } from '../services/fakes';

describe('the staleness rule of a rate', () => {
  it('is three polling intervals, never less than 30 s', () => {
    expect(rateStaleAfterMs(1)).toBe(30_000);
    expect(rateStaleAfterMs(10)).toBe(30_000);
    expect(rateStaleAfterMs(60)).toBe(180_000);
  });

  it('is the same for Rates, the ticket and main’s order checks', async () => {
    const { ctx } = fakeContext({});
    for (const polling of [5, 10, 60]) {
      await ctx.settings.update({ pollingIntervalSeconds: polling });
      const limit = rateStaleAfterMs(polling);
      expect(rateMaxAgeMs(ctx)).toBe(limit);
      const rate = { pair: 'btceur', price: '1', priceBuy: '1', priceSell: '1', timestampMs: 0, receivedAtMs: 0 };
      // Just within the limit: fresh on Rates, and the ticket lets the order go.
      expect(rendererFreshness(rate, limit, polling)?.stale).toBe(false);
      expect(rateBlocker(rate, limit, limit, 'BTC/EUR')).toBeNull();
      // Past it: stale on Rates, and the ticket blocks the order.
      expect(rateFreshness(rate, limit + 1, polling)?.stale).toBe(true);
      expect(rateBlocker(rate, limit + 1, limit, 'BTC/EUR')).toMatch(/stale/);
    }
  });
});
