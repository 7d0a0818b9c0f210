// Time as the session sees it, injectable so tests can run a simulated day in
// milliseconds of real time (tests/support/fake-clock.ts).

export type TimerHandle = unknown;

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Node's setTimeout overflows above 2^31 − 1 ms (~24.8 days) and fires at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    // A renewal timer alone must not keep a process (a test, a CLI) alive.
    handle.unref?.();
    return handle;
  },
  clearTimeout(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** Waits `ms` on `clock`. */
export function sleepOn(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => {
    clock.setTimeout(resolve, ms);
  });
}

/**
 * Waits for `promise` at most `ms` on `clock`: true when it settled in time (a
 * rejection is rethrown), false when the time ran out. The promise itself runs
 * on; a late rejection is ignored.
 */
export function settlesWithin(clock: Clock, promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const timer = clock.setTimeout(() => resolve(false), ms);
    promise.then(
      () => {
        clock.clearTimeout(timer);
        resolve(true);
      },
      (error: unknown) => {
        clock.clearTimeout(timer);
        reject(error);
      },
    );
  });
}
