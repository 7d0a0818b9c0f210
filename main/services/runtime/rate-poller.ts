// One poller per signed-in profile: every interval it fetches the rate of every
// pair, hands each to `onRate` (store + `rates.tick`), and on failure backs off
// exponentially so an outage or a 429 storm is not made worse by us. The next
// tick is scheduled only after the previous one finished, so ticks never overlap.
// The back-off ends as soon as Kriptomat answers any call (`answered`): a rate
// then comes at most one interval later, so a stale rate never blocks orders for
// long after an outage.
import { mapBounded } from './concurrency';
import type { Timers } from './timers';

export interface RatePollerOptions<R> {
  pairs(): Promise<string[]>;
  fetchRate(pair: string): Promise<R>;
  onRate(pair: string, rate: R): void | Promise<void>;
  /** Once a tick has every pair's rate, with all of them (after each onRate). */
  onTick?(rates: Array<{ pair: string; rate: R }>): void | Promise<void>;
  /** Read on every tick, so a settings change applies from the next one. */
  intervalMs(): number;
  timers: Timers;
  /** Ceiling of the backoff; default 5 minutes. */
  maxBackoffMs?: number;
  onError?(error: unknown, consecutiveFailures: number): void;
  /** Every time the next tick is planned (epoch ms by `timers`), and null when none is (stopped). */
  onScheduled?(atMs: number | null): void;
  concurrency?: number;
}

export class RatePoller<R> {
  private handle: unknown = null;
  private running = false;
  private inFlight: Promise<void> | null = null;
  private failures = 0;
  private dueAtMs: number | null = null;

  constructor(private readonly options: RatePollerOptions<R>) {}

  get consecutiveFailures(): number {
    return this.failures;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** When the next tick starts (epoch ms); null while one runs or when stopped. */
  get nextTickAtMs(): number | null {
    return this.dueAtMs;
  }

  /** Starts polling with an immediate first tick. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops polling; resolves when a tick in flight has finished. */
  async stop(): Promise<void> {
    this.running = false;
    this.cancelTimer();
    await this.inFlight;
  }

  /** Applies a new interval now instead of after the current wait. */
  restart(): void {
    if (!this.running) return;
    this.cancelTimer();
    // A tick in flight schedules the next one itself when it ends.
    if (this.inFlight === null) this.schedule(0);
  }

  /**
   * Kriptomat answered a call (any call, not only a rate): the outage is over, so
   * the back-off ends and the next tick comes at most one interval from now.
   */
  answered(): void {
    if (this.failures === 0) return;
    this.failures = 0;
    if (!this.running || this.inFlight !== null || this.dueAtMs === null) return;
    const base = this.nextDelayMs();
    const now = this.options.timers.now();
    if (this.dueAtMs - now > base) {
      this.cancelTimer();
      this.schedule(base);
    }
  }

  /** The operator's "Retry now": a tick at once (or the one in flight); resolves when it has ended. */
  async pollNow(): Promise<void> {
    if (!this.running) return;
    if (this.inFlight === null) {
      this.cancelTimer();
      this.fire();
    }
    await this.inFlight;
  }

  /** One poll of every pair; exposed for tests and for a manual refresh. */
  async tick(): Promise<void> {
    const pairs = await this.options.pairs();
    const polled = await mapBounded(pairs, this.options.concurrency ?? 4, async (pair) => {
      const rate = await this.options.fetchRate(pair);
      await this.options.onRate(pair, rate);
      return { pair, rate };
    });
    await this.options.onTick?.(polled);
  }

  /** The wait after a tick: the interval, doubled per consecutive failure up to the ceiling. */
  nextDelayMs(): number {
    const base = Math.max(250, this.options.intervalMs());
    if (this.failures === 0) return base;
    const max = Math.max(base, this.options.maxBackoffMs ?? 300_000);
    return Math.min(max, base * 2 ** Math.min(this.failures, 16));
  }

  private schedule(ms: number): void {
    this.dueAtMs = this.options.timers.now() + ms;
    this.options.onScheduled?.(this.dueAtMs);
    this.handle = this.options.timers.setTimeout(() => {
      this.handle = null;
      this.fire();
    }, ms);
  }

  private fire(): void {
    this.dueAtMs = null;
    this.inFlight = this.run().finally(() => {
      this.inFlight = null;
      if (this.running) this.schedule(this.nextDelayMs());
      else this.options.onScheduled?.(null);
    });
  }

  private cancelTimer(): void {
    if (this.handle !== null) this.options.timers.clearTimeout(this.handle);
    this.handle = null;
    if (this.dueAtMs !== null) {
      this.dueAtMs = null;
      if (!this.running) this.options.onScheduled?.(null);
    }
  }

  private async run(): Promise<void> {
    if (!this.running) return;
    try {
      await this.tick();
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      this.options.onError?.(error, this.failures);
    }
  }
}
