// The order rules both sides need: main refuses an order that breaks one, and the
// ticket says so before the operator confirms. Pure: no Node or DOM imports.
import { dec } from './money';

/** The API's smallest fiat withdrawal, in EUR (the reference's rule). */
export const MIN_WITHDRAW_EUR = '10.00';

/**
 * The fat-finger guard: an order for at least this share of the user's balance (in
 * the order's currency) asks the operator to type the amount again before Confirm.
 * A setting (`retypeAtBalancePercent`, whole percent); this is its default and range.
 */
export const DEFAULT_RETYPE_AT_BALANCE_PERCENT = 50;
export const RETYPE_AT_BALANCE_PERCENT_MIN = 1;
export const RETYPE_AT_BALANCE_PERCENT_MAX = 100;

/**
 * The cool-off on withdrawals: one to a bank account the desk first knew less
 * than this many hours ago is held until the account is that old, with a
 * countdown, and can be cancelled meanwhile. A setting (`withdrawHoldHours`,
 * whole hours); 0, the default, holds nothing. At most a week.
 */
export const WITHDRAW_HOLD_HOURS_MAX = 168;

/** When a withdrawal to an account first seen at `firstSeenAtMs` may go; null when it need not wait. */
export function withdrawHoldUntil(firstSeenAtMs: number, holdHours: number, nowMs: number): number | null {
  if (holdHours <= 0) return null;
  const until = firstSeenAtMs + holdHours * 3_600_000;
  return until > nowMs ? until : null;
}

/** Whether an order's EUR value is over the per-order limit (equal is within it). */
export function isOverLimit(eurValue: string, limitEur: string): boolean {
  return dec(eurValue).gt(dec(limitEur));
}

/**
 * The order's share of the balance it spends from, as a whole percent rounded down
 * (so "50 %" is never shown for 49.9 %); null when the balance is zero or less.
 */
export function shareOfBalancePercent(amount: string, balance: string): number | null {
  const b = dec(balance);
  if (!b.gt(0)) return null;
  return dec(amount).dividedBy(b).times(100).floor().toNumber();
}

/** Whether an order for `amount` out of `balance` is big enough to ask for the amount again. */
export function isLargeShareOfBalance(amount: string, balance: string, percent: number): boolean {
  const b = dec(balance);
  if (!b.gt(0)) return true;
  return dec(amount).times(100).gte(b.times(percent));
}

/**
 * Whether a retyped amount is the order's amount: the same number in the same
 * currency ("100" matches "100.00"), typed as a plain decimal within `places`.
 */
export function retypeMatches(retyped: string, amount: string, places: number): boolean {
  const text = retyped.trim();
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match || (match[2] ?? '').length > places) return false;
  return dec(text).eq(dec(amount));
}
