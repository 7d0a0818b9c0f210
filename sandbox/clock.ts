// The sandbox clock: real time plus an offset that tests move with
// POST /__sandbox/clock. It keeps ticking in real time so a human's
// authenticator app still works against a freshly started sandbox, while tests
// can jump forward to expire tokens, settle KYC and orders, or fake clock skew.

export class SandboxClock {
  constructor(
    private offsetMs = 0,
    private readonly realNow: () => number = Date.now,
  ) {}

  nowMs(): number {
    return this.realNow() + this.offsetMs;
  }

  /** Moves the clock by `seconds` (may be negative, to simulate skew). Returns the new now. */
  advance(seconds: number): number {
    this.offsetMs += Math.round(seconds * 1000);
    return this.nowMs();
  }

  /** Jumps to an absolute epoch-millisecond time. Returns the new now. */
  set(ms: number): number {
    this.offsetMs = Math.round(ms) - this.realNow();
    return this.nowMs();
  }

  /** The offset from real time; persisted so a restart keeps the same timeline. */
  get offset(): number {
    return this.offsetMs;
  }
}

/**
 * The latest time the clock may be moved to. Past year 9999 `date` loses its
 * four-digit year, and past ±8.64e15 ms a Date is invalid and every reply fails;
 * a year of margin lets real time keep ticking after a jump to the limit.
 */
export const LATEST_CLOCK_MS = Date.UTC(9999, 0, 1);

/** Whether the clock may be moved to `ms`: from 1970 (epoch 0) to LATEST_CLOCK_MS. */
export function clockTimeAllowed(ms: number): boolean {
  return ms >= 0 && ms <= LATEST_CLOCK_MS;
}

/** The API's `date` format: ISO 8601 with milliseconds and no zone (UTC wall time). */
export function apiDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}
