// A clock for tests: time moves only when the test says so. `advance` fires the
// timers that fall due in order, each at its own instant, and lets the work they
// start settle before moving on — so a simulated day runs in real milliseconds.
import type { Clock, TimerHandle } from '../../main/session/clock';

interface Timer {
  id: number;
  at: number;
  callback: () => void;
}

export interface FakeClockOptions {
  /** Called before time moves by `deltaMs` (e.g. to move a sandbox's clock along). */
  onAdvance?: (deltaMs: number) => Promise<void> | void;
  /** Awaited after each timer callback (e.g. `() => session.idle()`); defaults to a few event-loop turns. */
  settle?: () => Promise<void>;
}

/** A few turns of the real event loop: lets promise chains and loopback I/O callbacks run. */
export async function flushEventLoop(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class FakeClock implements Clock {
  private current: number;
  private timers: Timer[] = [];
  private nextId = 1;
  onAdvance: FakeClockOptions['onAdvance'];
  settle: FakeClockOptions['settle'];

  constructor(startMs = Date.UTC(2026, 0, 15, 9, 0, 0), options: FakeClockOptions = {}) {
    this.current = startMs;
    this.onAdvance = options.onAdvance;
    this.settle = options.settle;
  }

  now(): number {
    return this.current;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const timer: Timer = { id: this.nextId++, at: this.current + Math.max(0, ms), callback };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Timers not yet fired. */
  pendingTimers(): number[] {
    return this.timers.map((t) => t.at).sort((a, b) => a - b);
  }

  private async moveTo(target: number): Promise<void> {
    const delta = target - this.current;
    if (delta <= 0) return;
    await this.onAdvance?.(delta);
    this.current = target;
  }

  /** Moves time forward by `ms`, firing due timers in order at their own instants. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      await this.moveTo(due.at);
      this.timers = this.timers.filter((t) => t !== due);
      due.callback();
      await (this.settle ? this.settle() : flushEventLoop());
    }
    await this.moveTo(target);
    await flushEventLoop();
  }

  /**
   * Advances in `stepMs` slices until `promise` settles, giving real I/O a turn
   * between slices; fails after `maxMs` of simulated time.
   */
  async runUntil<T>(promise: Promise<T>, options: { stepMs?: number; maxMs?: number } = {}): Promise<T> {
    const stepMs = options.stepMs ?? 1_000;
    const maxMs = options.maxMs ?? 10 * 60_000;
    let settled = false;
    const watched = promise.then(
      (value) => {
        settled = true;
        return value;
      },
      (error: unknown) => {
        settled = true;
        throw error;
      },
    );
    watched.catch(() => undefined);
    for (let spent = 0; !settled; spent += stepMs) {
      await new Promise<void>((resolve) => setTimeout(resolve, 1));
      if (settled) break;
      if (spent >= maxMs) throw new Error(`runUntil: still pending after ${maxMs} ms of simulated time`);
      await this.advance(stepMs);
    }
    return watched;
  }
}
