// What main last read of a user — the KYC and account status, the balances, the
// bank accounts — with the time the read was sent. Main already serves these to
// the ticket (`users.open`, `balances.user`, `banks.list`); keeping them here lets
// an order's checks use what the operator is looking at while it is fresh
// (ServiceTuning.orderReadFreshMs) instead of asking Kriptomat again, so an order
// costs the one round trip of its POST. Kriptomat's own answer to the POST stays
// the final word: a check passed on a read a few seconds old can still be refused.
//
// Reads are stamped with when they were sent, not when they came back, so an
// answer is never taken for fresher than it is. When the desk itself changes a
// user's balances (an order it sent), reads sent before that are not kept: their
// answer may or may not include the order.
import type { User } from '../../../shared/kriptomat';
import { dec } from '../../../shared/money';

/** The part of a user the order checks look at. */
export type UserGate = Pick<User, 'status' | 'kyc_status'>;

interface Stamped<T> {
  value: T;
  atMs: number;
}

function balanceKey(userId: number, currency: string): string {
  return `${userId}:${currency.toLowerCase()}`;
}

export class ReadCache {
  private readonly users = new Map<number, Stamped<UserGate>>();
  private readonly balances = new Map<string, Stamped<string>>();
  private readonly bankAccounts = new Map<number, Stamped<number[]>>();
  /** Per user, when the desk last learned of something that may have changed their balances. */
  private readonly changedAtMs = new Map<number, number>();
  /** Per user, how many of the desk's orders are on their way: a balance read meanwhile may or may not include them. */
  private readonly ordersInFlight = new Map<number, number>();

  /** Keeps `value` unless a read sent later is already kept. */
  private static keep<K, T>(map: Map<K, Stamped<T>>, key: K, value: T, sentAtMs: number): void {
    const current = map.get(key);
    if (current && current.atMs > sentAtMs) return;
    map.set(key, { value, atMs: sentAtMs });
  }

  private static fresh<T>(entry: Stamped<T> | undefined, nowMs: number, maxAgeMs: number): T | undefined {
    return entry && nowMs - entry.atMs <= maxAgeMs ? entry.value : undefined;
  }

  noteUser(userId: number, user: UserGate, sentAtMs: number): void {
    ReadCache.keep(this.users, userId, { status: user.status, kyc_status: user.kyc_status }, sentAtMs);
  }

  noteBalance(userId: number, currency: string, balance: string, sentAtMs: number): void {
    if ((this.ordersInFlight.get(userId) ?? 0) > 0) return;
    if (sentAtMs < (this.changedAtMs.get(userId) ?? Number.NEGATIVE_INFINITY)) return;
    ReadCache.keep(this.balances, balanceKey(userId, currency), balance, sentAtMs);
  }

  noteBankAccounts(userId: number, ids: readonly number[], sentAtMs: number): void {
    ReadCache.keep(this.bankAccounts, userId, [...ids], sentAtMs);
  }

  /** The user as last read, if that read is at most `maxAgeMs` old. */
  user(userId: number, nowMs: number, maxAgeMs: number): UserGate | undefined {
    return ReadCache.fresh(this.users.get(userId), nowMs, maxAgeMs);
  }

  balance(userId: number, currency: string, nowMs: number, maxAgeMs: number): string | undefined {
    return ReadCache.fresh(this.balances.get(balanceKey(userId, currency)), nowMs, maxAgeMs);
  }

  bankAccountIds(userId: number, nowMs: number, maxAgeMs: number): number[] | undefined {
    return ReadCache.fresh(this.bankAccounts.get(userId), nowMs, maxAgeMs);
  }

  /**
   * An order of the desk is on its way to Kriptomat: until the returned function
   * is called (with its answer, after `booked` or `forgetBalances`), balance reads
   * of the user are not kept, since they may or may not include it.
   */
  orderSending(userId: number): () => void {
    this.ordersInFlight.set(userId, (this.ordersInFlight.get(userId) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.ordersInFlight.get(userId) ?? 1) - 1;
      if (left > 0) this.ordersInFlight.set(userId, left);
      else this.ordersInFlight.delete(userId);
    };
  }

  /**
   * An order of the desk was booked: the balance it debited goes down by what it
   * took (the read keeps its time: it is the same read, less the order), the one
   * it credited is forgotten (the exact credit is Kriptomat's to compute).
   */
  booked(userId: number, debit: { currency: string; amount: string }, creditCurrency: string | null, atMs: number): void {
    this.changedAtMs.set(userId, atMs);
    const key = balanceKey(userId, debit.currency);
    const entry = this.balances.get(key);
    if (entry) {
      const left = dec(entry.value).minus(dec(debit.amount));
      if (left.isNegative()) this.balances.delete(key);
      else this.balances.set(key, { value: left.toFixed(), atMs: entry.atMs });
    }
    if (creditCurrency !== null) this.balances.delete(balanceKey(userId, creditCurrency));
  }

  /** The desk sent something that may or may not have moved the user's balances: read them again. */
  forgetBalances(userId: number, atMs: number): void {
    this.changedAtMs.set(userId, atMs);
    const prefix = `${userId}:`;
    for (const key of [...this.balances.keys()]) if (key.startsWith(prefix)) this.balances.delete(key);
  }

  /** Everything kept of the user (Kriptomat refused an order that the reads let through). */
  forgetUser(userId: number, atMs: number): void {
    this.forgetBalances(userId, atMs);
    this.users.delete(userId);
    this.bankAccounts.delete(userId);
  }
}
