// Seeded, dependency-free randomness. Everything the sandbox invents (seed data,
// rate noise, fault dice) comes from here so one `--seed` reproduces one world.

/** 32-bit integer mix (a murmur3 finaliser): good avalanche, cheap, stateless. */
export function mix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Stateless hash of several integers to [0, 1). Used where a value must depend
 * only on its coordinates (seed, pair, time), never on call history.
 */
export function hashUnit(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    // Split values beyond 32 bits (epoch seconds fit, grid indices may not) so
    // no high bits are silently dropped.
    const hi = Math.floor(part / 4294967296);
    const lo = part >>> 0;
    h = mix32(h ^ mix32(lo));
    h = mix32(h ^ mix32(hi + 0x632be5ab));
  }
  return h / 4294967296;
}

/** A small sequential PRNG (mulberry32) for generating seed data in order. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = mix32(seed ^ 0x5bd1e995) || 1;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** `length` characters from `alphabet`. */
  text(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }
}
