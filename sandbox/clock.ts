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

/** The API's `date` format: ISO 8601 with milliseconds and no zone (UTC wall time). */
export function apiDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23);
}
