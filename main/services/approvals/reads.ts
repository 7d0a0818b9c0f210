// What an approver needs beside a pending proposal — the user, their balance in
// the currency the order spends, the pair's rate now — read once per listing:
// a queue with several proposals for one user reads that user and balance once,
// and one pair's rate once, all in parallel (bounded by the tuning's concurrency).
// A read that fails shows as "could not be read now" on the card (null), never
// as a failed listing.
import type { RateView, UserView } from '../../../shared/desk-api';
import { mapBounded } from '../runtime/concurrency';
import type { ServiceContext } from '../common/context';
import { latestRate, rateMaxAgeMs } from '../market/market';
import { readUser, readUserBalance } from '../common/cached-reads';
import type { ProfileRuntime } from '../runtime/runtime';
import { userView } from '../common/views';

/** An order's side of the pair's rate: what a buy pays, what a sell gets; null for a withdrawal. */
export function sideOf(kind: string, rate: Pick<RateView, 'priceBuy' | 'priceSell'>): string | null {
  if (kind === 'withdraw') return null;
  return kind === 'buy' ? rate.priceBuy : rate.priceSell;
}

/** The pair's rate the approver decides at (the checks' source, fetched when stale); null for a withdrawal. */
export async function rateFor(
  ctx: ServiceContext,
  runtime: ProfileRuntime,
  p: { kind: string; pair: string | null },
): Promise<RateView | null> {
  if (p.pair === null || p.kind === 'withdraw') return null;
  return latestRate(ctx, runtime, p.pair, rateMaxAgeMs(ctx));
}

/** The user as main last read them (KYC and status fresh enough for the checks), else read now. */
async function userOf(ctx: ServiceContext, runtime: ProfileRuntime, userId: number): Promise<UserView> {
  const gate = runtime.reads.user(userId, ctx.timers.now(), ctx.tuning.orderReadFreshMs);
  const stored = gate ? await ctx.store.getUser(runtime.profile.id, userId) : null;
  if (gate && stored) return { ...stored, status: gate.status, kycStatus: gate.kyc_status };
  return userView(userId, await readUser(ctx, runtime, userId), ctx.timers.now());
}

async function balanceOf(ctx: ServiceContext, runtime: ProfileRuntime, userId: number, currency: string): Promise<string> {
  return (
    runtime.reads.balance(userId, currency, ctx.timers.now(), ctx.tuning.orderReadFreshMs) ??
    (await readUserBalance(ctx, runtime, userId, currency)).balance
  );
}

/** What one listing wants read: users, balances (user and currency) and pairs' rates. */
export interface QueueWants {
  users: Iterable<number>;
  balances: Iterable<{ userId: number; currency: string }>;
  pairs: Iterable<string>;
}

/** What one listing read; null where a read failed or was not asked for. */
export interface QueueReads {
  user(userId: number): UserView | null;
  balance(userId: number, currency: string): string | null;
  /** The side of the pair's rate an order of `kind` is valued at. */
  rate(kind: string, pair: string | null): string | null;
}

const balanceKey = (userId: number, currency: string): string => `${userId}:${currency}`;

/**
 * Reads each wanted user, balance and pair once, in parallel. `rates` are pairs'
 * rates already read (a decision's), not read again.
 */
export async function readForQueue(
  ctx: ServiceContext,
  runtime: ProfileRuntime,
  wants: QueueWants,
  rates: ReadonlyMap<string, RateView> = new Map(),
): Promise<QueueReads> {
  const users = new Map<number, UserView | null>();
  const balances = new Map<string, string | null>();
  const pairRates = new Map<string, Pick<RateView, 'priceBuy' | 'priceSell'> | null>(rates);
  const reads: Array<() => Promise<void>> = [];
  const orNull = async <T>(read: () => Promise<T>): Promise<T | null> => {
    try {
      return await read();
    } catch (error) {
      ctx.log.warn('approvals: a read for the queue failed', { error });
      return null;
    }
  };
  for (const userId of new Set(wants.users))
    reads.push(async () => void users.set(userId, await orNull(() => userOf(ctx, runtime, userId))));
  const wantedBalances = new Map([...wants.balances].map((b) => [balanceKey(b.userId, b.currency), b]));
  for (const [key, b] of wantedBalances)
    reads.push(async () => void balances.set(key, await orNull(() => balanceOf(ctx, runtime, b.userId, b.currency))));
  for (const pair of new Set(wants.pairs)) {
    if (!pairRates.has(pair))
      reads.push(async () => void pairRates.set(pair, await orNull(() => latestRate(ctx, runtime, pair, rateMaxAgeMs(ctx)))));
  }
  await mapBounded(reads, ctx.tuning.concurrency, (read) => read());
  return {
    user: (userId) => users.get(userId) ?? null,
    balance: (userId, currency) => balances.get(balanceKey(userId, currency)) ?? null,
    rate: (kind, pair) => {
      const rate = pair === null ? null : pairRates.get(pair);
      return rate ? sideOf(kind, rate) : null;
    },
  };
}
