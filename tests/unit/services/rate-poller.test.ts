import { describe, expect, it } from 'vitest';
import { RatePoller } from '../../../main/services/runtime/rate-poller';
import type { Timers } from '../../../main/services/runtime/timers';

/** Timers that only fire when the test says so. */
class ManualTimers implements Timers {
  t = 0;
  queue: Array<{ id: number; at: number; fn: () => void }> = [];
  private id = 0;
  now = (): number => this.t;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = ++this.id;
    this.queue.push({ id, at: this.t + ms, fn });
    return id;
  };
  clearTimeout = (handle: unknown): void => {
    this.queue = this.queue.filter((q) => q.id !== handle);
  };
  sleep = (): Promise<void> => Promise.resolve();
  /** Fires the next timer; returns the delay it was scheduled with. */
  async fireNext(): Promise<number> {
    this.queue.sort((a, b) => a.at - b.at);
    const next = this.queue.shift();
    if (!next) throw new Error('no timer');
    const waited = next.at - this.t;
    this.t = next.at;
    next.fn();
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    return waited;
  }
}

describe('RatePoller', () => {
  it('polls every pair each interval and backs off exponentially on errors', async () => {
    const timers = new ManualTimers();
    let fail = false;
    const seen: string[] = [];
    let intervalMs = 5000;
    const poller = new RatePoller<string>({
      pairs: async () => ['btceur', 'etheur'],
      fetchRate: async (pair) => {
        if (fail) throw new Error('down');
        return `${pair}@${timers.now()}`;
      },
      onRate: (_pair, rate) => void seen.push(rate),
      intervalMs: () => intervalMs,
      timers,
      maxBackoffMs: 40_000,
    });
    poller.start();
    expect(await timers.fireNext()).toBe(0);
    expect(seen).toEqual(['btceur@0', 'etheur@0']);
    expect(await timers.fireNext()).toBe(5000);
    fail = true;
    expect(await timers.fireNext()).toBe(5000); // this tick fails
    expect(await timers.fireNext()).toBe(10_000);
    expect(await timers.fireNext()).toBe(20_000);
    expect(await timers.fireNext()).toBe(40_000);
    expect(await timers.fireNext()).toBe(40_000); // capped
    expect(poller.consecutiveFailures).toBe(5);
    fail = false;
    expect(await timers.fireNext()).toBe(40_000); // succeeds
    expect(poller.consecutiveFailures).toBe(0);
    intervalMs = 1000;
    expect(await timers.fireNext()).toBe(5000); // already scheduled with the old interval
    expect(await timers.fireNext()).toBe(1000);
    await poller.stop();
    expect(timers.queue).toHaveLength(0);
  });

  it("hands a tick's rates to onTick together, once every pair is polled, and not for a failed tick", async () => {
    const timers = new ManualTimers();
    let fail = false;
    const ticks: Array<Array<{ pair: string; rate: string }>> = [];
    const poller = new RatePoller<string>({
      pairs: async () => ['btceur', 'etheur'],
      fetchRate: async (pair) => {
        if (fail && pair === 'etheur') throw new Error('down');
        return `${pair}@${timers.now()}`;
      },
      onRate: () => {},
      onTick: (rates) => void ticks.push(rates),
      intervalMs: () => 5000,
      timers,
    });
    poller.start();
    await timers.fireNext();
    expect(ticks).toEqual([
      [
        { pair: 'btceur', rate: 'btceur@0' },
        { pair: 'etheur', rate: 'etheur@0' },
      ],
    ]);
    fail = true;
    await timers.fireNext();
    expect(ticks).toHaveLength(1);
    await poller.stop();
  });

  it('restart applies a new interval at once', async () => {
    const timers = new ManualTimers();
    let intervalMs = 60_000;
    const poller = new RatePoller<number>({
      pairs: async () => ['btceur'],
      fetchRate: async () => 1,
      onRate: () => {},
      intervalMs: () => intervalMs,
      timers,
    });
    poller.start();
    await timers.fireNext();
    intervalMs = 2000;
    poller.restart();
    expect(await timers.fireNext()).toBe(0);
    expect(await timers.fireNext()).toBe(2000);
    await poller.stop();
  });
});
