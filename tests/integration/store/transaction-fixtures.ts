// Deterministic synthetic transactions shaped like the API's list rows.
import type { ApiTransaction } from '../../../main/store/sqlite';

const TYPES = ['buy', 'sell', 'fiat_deposit', 'fiat_withdrawal'];
const PAIRS = ['btceur', 'etheur', 'xrpeur'];
const STATES = ['success', 'success', 'success', 'pending', 'failed'];

/** A small linear congruential generator, so every run sees the same rows. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function syntheticTransactions(count: number, seed = 42): ApiTransaction[] {
  const rnd = lcg(seed);
  const start = Date.UTC(2024, 0, 1);
  const out: ApiTransaction[] = [];
  for (let i = 1; i <= count; i++) {
    const type = TYPES[Math.floor(rnd() * TYPES.length)]!;
    const trade = type === 'buy' || type === 'sell';
    const total = Math.round(rnd() * 1_000_000) / 100;
    const fee = Math.round(total) / 100;
    out.push({
      id: i,
      user_id: 1 + Math.floor(rnd() * 500),
      type,
      amount: trade ? Math.round(rnd() * 1e10) / 1e8 : total,
      pair: trade ? PAIRS[Math.floor(rnd() * PAIRS.length)]! : null,
      price: trade ? Math.round(rnd() * 5_000_000) / 100 : null,
      date: new Date(start + i * 60_000 + Math.floor(rnd() * 30_000)).toISOString().replace('Z', ''),
      state: STATES[Math.floor(rnd() * STATES.length)]!,
      fee,
      subtotal: Math.round((total - fee) * 100) / 100,
      total,
    });
  }
  return out;
}
