// Everything an order must pass before a single byte goes to Kriptomat. The checks
// run cheapest first (local text checks, then the cached pair list, then the user
// and the balance — as main last read them for the ticket while that is fresh,
// else read now, in parallel: check-reads.ts), and the only overridable refusal —
// the per-order limit — comes last, so an override is never offered for an order
// that would be refused anyway. The fee must leave the user something
// (shared/fees.ts, the rule the ticket shows). Kriptomat's answer to the POST stays the final
// word; a refusal there is told in the words of the check that matches it.
import { quoteOrder, smallestCoveringAmount } from '../../../shared/fees';
import { CRYPTO_PLACES, checkAmount, dec, EUR_PLACES } from '../../../shared/money';
import { isOverLimit, MIN_WITHDRAW_EUR } from '../../../shared/order-rules';
import { baseOf, orderCurrency, PAIR_PATTERN } from '../../../shared/pairs';
import type { OrderKind } from '../../../shared/desk-api';
import type { User } from '../../../shared/kriptomat';
import { DeskFailure, fieldFailure } from '../../errors';

export interface OrderRequest {
  kind: OrderKind;
  userId: number;
  /** Buy and sell only. */
  pair: string | null;
  /** As typed by the operator. */
  amount: string;
  /** Withdraw only. */
  bankAccountId: number | null;
  overrideLimit: boolean;
}

/** What the checks read: `pairs` is cached per session; the rest are recent enough reads (check-reads.ts). */
export interface OrderCheckReads {
  pairs(): Promise<string[]>;
  user(userId: number): Promise<Pick<User, 'status' | 'kyc_status'>>;
  /** Balance in `currency` as a decimal string. */
  balance(userId: number, currency: string): Promise<string>;
  /** The current buy and sell prices of `pair` as decimal strings (buy and sell orders only). */
  prices(pair: string): Promise<{ priceBuy: string; priceSell: string }>;
  /** The ids of the user's bank accounts (withdraw only). */
  bankAccountIds(userId: number): Promise<number[]>;
  /** The per-order limit in EUR as a decimal string: the team's in a team on a shared profile (limit.ts). */
  limitEur(): Promise<string>;
}

export interface CheckedOrder {
  kind: OrderKind;
  userId: number;
  pair: string | null;
  /** Canonical amount text as it will be sent. */
  amount: string;
  bankAccountId: number | null;
  /** The currency the amount is in and the balance was checked in. */
  currency: string;
  /** The order's value in EUR (for sell: amount × price_sell, down to the cent, as the API books it). */
  eurValue: string;
}

/** Throws a `DeskFailure` for the first check that fails; resolves with the order as it will be sent. */
export async function checkOrder(request: OrderRequest, reads: OrderCheckReads): Promise<CheckedOrder> {
  const { kind, userId } = request;
  // 1. Shape of the request: pair and amount text, withdraw minimum. No network.
  let pair: string | null = null;
  if (kind === 'withdraw') {
    if (request.bankAccountId === null) throw fieldFailure('bankAccountId', 'Choose the bank account to withdraw to.');
  } else {
    if (request.pair === null) throw fieldFailure('pair', 'Choose a market pair.');
    pair = request.pair.toLowerCase();
    if (!PAIR_PATTERN.test(pair)) throw fieldFailure('pair', `"${request.pair}" is not a EUR market pair.`);
  }
  const currency = orderCurrency(kind, pair);
  const places = currency === 'eur' ? EUR_PLACES : CRYPTO_PLACES;
  const amount = checkAmount(request.amount, places);
  if (!amount.ok) throw fieldFailure('amount', amount.message);
  if (kind === 'withdraw' && dec(amount.value).lt(MIN_WITHDRAW_EUR)) {
    throw fieldFailure('amount', `A withdrawal must be at least ${MIN_WITHDRAW_EUR} EUR.`);
  }

  // 2. The pair exists (cached list).
  if (pair !== null) {
    const pairs = await reads.pairs();
    if (!pairs.includes(pair)) throw fieldFailure('pair', `Kriptomat does not trade ${pair}. Pick one of: ${pairs.join(', ')}.`);
  }

  // 3. Reads in parallel: the user, the balance, whatever the order kind needs, and the limit (step 4).
  const [user, balance, prices, bankIds, limitEur] = await Promise.all([
    reads.user(userId),
    reads.balance(userId, currency),
    pair !== null ? reads.prices(pair) : Promise.resolve(null),
    kind === 'withdraw' ? reads.bankAccountIds(userId) : Promise.resolve(null),
    reads.limitEur(),
  ]);

  checkUserMayTrade(userId, user);

  if (bankIds !== null && request.bankAccountId !== null && !bankIds.includes(request.bankAccountId)) {
    throw fieldFailure('bankAccountId', `Bank account ${request.bankAccountId} is not one of user ${userId}'s accounts.`);
  }

  // The fee (shared/fees.ts, the same rule the ticket shows) must leave the user something.
  const price = kind === 'buy' ? (prices?.priceBuy ?? null) : kind === 'sell' ? (prices?.priceSell ?? null) : null;
  const quote = quoteOrder(kind, amount.value, price, pair === null ? null : baseOf(pair));
  if (!quote.coversFee) {
    const smallest = kind === 'withdraw' || price === null ? null : smallestCoveringAmount(kind, price);
    const unit = currency.toUpperCase();
    throw fieldFailure(
      'amount',
      `${amount.value} ${unit} is too small: the fee of ${quote.fee} EUR would leave the user nothing.${smallest ? ` The smallest ${kind} now is ${smallest} ${unit}.` : ''}`,
    );
  }

  const needed = dec(amount.value);
  if (dec(balance).lt(needed)) {
    throw new DeskFailure(
      'insufficient_funds',
      `User ${userId} has ${dec(balance).toFixed()} ${currency.toUpperCase()}; this ${kind} needs ${needed.toFixed()} ${currency.toUpperCase()}.`,
      { fieldErrors: { amount: ['More than the available balance.'] } },
    );
  }

  // 4. The per-order limit, in EUR. Last, because it is the only refusal an operator may override.
  const eurValue = quote.eurValue;
  const limit = dec(limitEur);
  if (isOverLimit(eurValue, limitEur) && !request.overrideLimit) {
    throw new DeskFailure(
      'limit_exceeded',
      `This ${kind} is worth ${eurValue} EUR, over the per-order limit of ${limit.toFixed(2)} EUR. Confirm the override to place it anyway.`,
      { fieldErrors: { amount: [`Over the per-order limit of ${limit.toFixed(2)} EUR.`] } },
    );
  }

  return {
    kind,
    userId,
    pair,
    amount: amount.value,
    bankAccountId: kind === 'withdraw' ? request.bankAccountId : null,
    currency,
    eurValue,
  };
}

/** Trading and withdrawals need a verified, active user (the reference's KYC flow). */
export function checkUserMayTrade(userId: number, user: Pick<User, 'status' | 'kyc_status'>): void {
  if (user.kyc_status !== 'verified') {
    const why: Record<string, string> = {
      pending: 'their KYC application is still pending',
      not_started: 'they have not started KYC',
      failed: 'their KYC failed, so the partner cannot serve them',
      declined: 'their KYC was declined, so the partner cannot serve them',
    };
    throw new DeskFailure(
      'kyc_gate',
      `User ${userId} cannot trade: ${why[user.kyc_status] ?? `their KYC status is "${user.kyc_status}"`}.`,
    );
  }
  if (user.status !== 'active') {
    throw new DeskFailure('user_inactive', `User ${userId} cannot trade: the account is ${user.status}.`);
  }
}
