// What an order's checks read, and what the desk's own orders do to those reads.
// The user, the balance and the bank accounts come from the profile's ReadCache
// while what main last read is fresh (ServiceTuning.orderReadFreshMs), as it is
// when the ticket shows them; whatever is stale is read now (common/cached-reads.ts)
// — all of it in parallel (checkOrder asks for them together). A read here never
// writes the user directory: a check only reads.
import { baseOf } from '../../../shared/pairs';
import type { ServiceContext } from '../common/context';
import { readBankAccounts, readUser, readUserBalance } from '../common/cached-reads';
import type { ProfileRuntime } from '../runtime/runtime';
import { cachedPairs, latestRate, rateMaxAgeMs } from '../market/market';
import type { JournalRow } from '../../store/port';
import type { OrderCheckReads } from './checks';
import { limitInEffect } from './limit';

/**
 * The checks' reads. `fresh`: ignore what is kept and read everything now (to
 * explain a refusal with what Kriptomat holds at this moment).
 */
export function orderCheckReads(ctx: ServiceContext, runtime: ProfileRuntime, { fresh = false } = {}): OrderCheckReads {
  const maxAgeMs = fresh ? Number.NEGATIVE_INFINITY : ctx.tuning.orderReadFreshMs;
  const now = (): number => ctx.timers.now();
  return {
    pairs: () => cachedPairs(runtime),
    user: async (userId) => runtime.reads.user(userId, now(), maxAgeMs) ?? readUser(ctx, runtime, userId),
    balance: async (userId, currency) =>
      runtime.reads.balance(userId, currency, now(), maxAgeMs) ?? (await readUserBalance(ctx, runtime, userId, currency)).balance,
    prices: (pair) => latestRate(ctx, runtime, pair, rateMaxAgeMs(ctx)),
    bankAccountIds: async (userId) =>
      runtime.reads.bankAccountIds(userId, now(), maxAgeMs) ?? (await readBankAccounts(ctx, runtime, userId)).map((b) => b.id),
    limitEur: async () => (await limitInEffect(ctx, runtime.profile.id)).perOrderLimitEur,
  };
}

/** An order of the desk was booked: what it took leaves the kept balance, what it gave is read again. */
export function noteBooked(ctx: ServiceContext, runtime: ProfileRuntime, row: JournalRow): void {
  const base = row.pair === null ? null : baseOf(row.pair);
  const at = ctx.timers.now();
  switch (row.kind) {
    case 'buy':
      runtime.reads.booked(row.userId, { currency: 'eur', amount: row.amount }, base, at);
      break;
    case 'sell':
      if (base !== null) runtime.reads.booked(row.userId, { currency: base, amount: row.amount }, 'eur', at);
      else runtime.reads.forgetBalances(row.userId, at);
      break;
    case 'withdraw':
      runtime.reads.booked(row.userId, { currency: 'eur', amount: row.amount }, null, at);
      break;
  }
}
