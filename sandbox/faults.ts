// Injected faults for testing clients against a misbehaving API. They apply to the
// API base paths only (never /__sandbox/), in a fixed order: latency, then 429,
// then 5xx, then drop-after-commit (the write is booked, then the socket is
// destroyed without a response, so the client cannot know whether it happened).
import { unprocessable, type FieldErrors } from './errors';
import { Rng } from './random';

export interface FaultConfig {
  latency_ms: number;
  error_rate: number;
  error_status: number;
  rate_limit_rate: number;
  retry_after_s: number;
  drop_after_commit_rate: number;
}

export const NO_FAULTS: FaultConfig = {
  latency_ms: 0,
  error_rate: 0,
  error_status: 500,
  rate_limit_rate: 0,
  retry_after_s: 1,
  drop_after_commit_rate: 0,
};

const LIMITS: Record<keyof FaultConfig, { min: number; max: number; integer: boolean }> = {
  latency_ms: { min: 0, max: 60_000, integer: true },
  error_rate: { min: 0, max: 1, integer: false },
  error_status: { min: 500, max: 599, integer: true },
  rate_limit_rate: { min: 0, max: 1, integer: false },
  retry_after_s: { min: 0, max: 3600, integer: true },
  drop_after_commit_rate: { min: 0, max: 1, integer: false },
};

/** Own keys only: "constructor" or "toString" are not settings just because every object inherits them. */
function isFaultName(key: string): key is keyof FaultConfig {
  return Object.hasOwn(LIMITS, key);
}

/**
 * A POST body replaces the whole fault set: fields left out go back to their
 * defaults, so a test always knows exactly which faults are active.
 */
export function parseFaults(body: Record<string, unknown>): FaultConfig {
  // No prototype: JSON.parse makes "__proto__" an own key, and assigning it on a
  // plain object would set the prototype instead of recording the error.
  const errors: FieldErrors = Object.create(null) as FieldErrors;
  const config: FaultConfig = { ...NO_FAULTS };
  for (const [key, value] of Object.entries(body)) {
    if (!isFaultName(key)) {
      errors[key] = [`Unknown fault setting; use ${Object.keys(LIMITS).join(', ')}.`];
      continue;
    }
    const limit = LIMITS[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || (limit.integer && !Number.isInteger(value))) {
      errors[key] = [`The ${key} must be ${limit.integer ? 'an integer' : 'a number'}.`];
      continue;
    }
    if (value < limit.min || value > limit.max) {
      errors[key] = [`The ${key} must be between ${limit.min} and ${limit.max}.`];
      continue;
    }
    config[key] = value;
  }
  if (Object.keys(errors).length > 0) throw unprocessable(errors);
  return config;
}

/** Seeded dice so a fault run with a given --seed is repeatable. */
export class FaultDice {
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = new Rng(seed ^ 0x2545f491);
  }

  /** True with probability `rate`; 0 never rolls, 1 always hits. */
  hit(rate: number): boolean {
    if (rate <= 0) return false;
    if (rate >= 1) return true;
    return this.rng.next() < rate;
  }
}
