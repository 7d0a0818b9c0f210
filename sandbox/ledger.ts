// The ledger: fees, booking, settlement and failure of transactions.
//
// Decisions (see sandbox/README.md):
// - Fee: 1.5 % of the EUR side, rounded half-up to the cent, at least 0.01 EUR.
//   buy:  total = EUR paid; fee on total; subtotal = total − fee buys
//         amount = subtotal / price_buy, rounded DOWN to 8 places.
//   sell: total = amount × price_sell rounded DOWN to the cent; fee on total;
//         the user is credited subtotal = total − fee.
//   fiat_withdrawal: subtotal = EUR debited (the order amount); fee on subtotal;
//         total = subtotal − fee is paid out; amount = subtotal.
//   fiat_deposit: total arrived; fee on total; amount = subtotal = total − fee credited.
//   Rounding always favours the house by at most one unit, never the user twice.
// - Balances move when an order is booked (debit and credit together), so nothing
//   can be spent twice; the transaction is then `pending` until settlement. A
//   transaction that fails is reversed exactly.
// - Fees are credited to the partner's master EUR balance (the partner earns the
//   brokerage fee); Kriptomat is the counterparty for the crypto, so the master
//   crypto balances do not move with user trades.
import { Decimal, EUR_PLACES, CRYPTO_PLACES } from '../shared/money';
import { FIAT } from './catalog';
import type { PartnerRecord, SandboxState, TransactionRecord, TxType, UserRecord } from './state';

export const FEE_RATE = new Decimal('0.015');
export const MIN_FEE = new Decimal('0.01');
export const MIN_WITHDRAWAL = new Decimal('10');

export function feeFor(eurBase: Decimal): Decimal {
  return Decimal.max(MIN_FEE, eurBase.times(FEE_RATE).toDecimalPlaces(EUR_PLACES, Decimal.ROUND_HALF_UP));
}

export function placesOf(currency: string): number {
  return currency === FIAT ? EUR_PLACES : CRYPTO_PLACES;
}

export function fixed(value: Decimal, currency: string): string {
  return value.toFixed(placesOf(currency));
}

export function balanceOf(holder: UserRecord | PartnerRecord, currency: string): Decimal {
  return new Decimal(holder.balances[currency] ?? '0');
}

function move(holder: UserRecord | PartnerRecord, currency: string, delta: Decimal): void {
  holder.balances[currency] = fixed(balanceOf(holder, currency).plus(delta), currency);
}

/** A quote the ledger books against, already validated by the caller. */
export interface Booking {
  kind: TxType;
  user: UserRecord;
  partner: PartnerRecord;
  nowMs: number;
  settlesAtMs: number | null;
  idempotencyKey?: string | null;
  /** 'success' for seeded history that is already settled. */
  initialState?: 'pending' | 'success';
}

export interface Priced {
  amount: Decimal; // crypto for buy/sell, EUR otherwise
  fee: Decimal;
  subtotal: Decimal;
  total: Decimal;
}

/** Why an order cannot be booked, as a field + message for a 422. */
export class LedgerRefusal extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export function priceBuy(eurTotal: Decimal, priceBuy: Decimal): Priced {
  const fee = feeFor(eurTotal);
  const subtotal = eurTotal.minus(fee);
  const amount = subtotal.gt(0) ? subtotal.dividedBy(priceBuy).toDecimalPlaces(CRYPTO_PLACES, Decimal.ROUND_DOWN) : new Decimal(0);
  if (amount.lte(0)) throw new LedgerRefusal('amount', 'The amount is too small to cover the fee.');
  return { amount, fee, subtotal, total: eurTotal };
}

export function priceSell(cryptoAmount: Decimal, priceSell: Decimal): Priced {
  const total = cryptoAmount.times(priceSell).toDecimalPlaces(EUR_PLACES, Decimal.ROUND_DOWN);
  const fee = feeFor(total);
  const subtotal = total.minus(fee);
  if (subtotal.lte(0)) throw new LedgerRefusal('amount', 'The amount is too small to cover the fee.');
  return { amount: cryptoAmount, fee, subtotal, total };
}

export function priceWithdrawal(eurSubtotal: Decimal): Priced {
  if (eurSubtotal.lt(MIN_WITHDRAWAL)) throw new LedgerRefusal('amount', 'The amount must be at least 10.00 EUR.');
  const fee = feeFor(eurSubtotal);
  return { amount: eurSubtotal, fee, subtotal: eurSubtotal, total: eurSubtotal.minus(fee) };
}

export function priceDeposit(eurTotal: Decimal): Priced {
  const fee = feeFor(eurTotal);
  const subtotal = eurTotal.minus(fee);
  if (subtotal.lte(0)) throw new LedgerRefusal('amount', 'The amount is too small to cover the fee.');
  return { amount: subtotal, fee, subtotal, total: eurTotal };
}

/** The balance changes a transaction makes for its user, as (currency, delta) pairs. */
function userLegs(tx: { type: TxType; pair: string | null; amount: string; subtotal: string; total: string }): [string, Decimal][] {
  const crypto = tx.pair ? tx.pair.slice(0, -FIAT.length) : null;
  switch (tx.type) {
    case 'buy':
      return [
        [FIAT, new Decimal(tx.total).negated()],
        [crypto!, new Decimal(tx.amount)],
      ];
    case 'sell':
      return [
        [crypto!, new Decimal(tx.amount).negated()],
        [FIAT, new Decimal(tx.subtotal)],
      ];
    case 'fiat_withdrawal':
      return [[FIAT, new Decimal(tx.subtotal).negated()]];
    case 'fiat_deposit':
      return [[FIAT, new Decimal(tx.subtotal)]];
  }
}

/**
 * Books a priced order: checks the user can cover every debit, then moves all
 * balances at once. Throws LedgerRefusal before touching anything.
 */
export function book(
  state: SandboxState,
  b: Booking,
  priced: Priced,
  extra: { pair: string | null; price: Decimal | null; bankAccountId: number | null },
): TransactionRecord {
  const draft = {
    type: b.kind,
    pair: extra.pair,
    amount: b.kind === 'buy' || b.kind === 'sell' ? priced.amount.toFixed(CRYPTO_PLACES) : fixed(priced.amount, FIAT),
    subtotal: fixed(priced.subtotal, FIAT),
    total: fixed(priced.total, FIAT),
  };
  const legs = userLegs(draft);
  for (const [currency, delta] of legs) {
    if (delta.lt(0) && balanceOf(b.user, currency).plus(delta).lt(0)) {
      throw new LedgerRefusal('amount', `Insufficient ${currency.toUpperCase()} balance.`);
    }
  }
  for (const [currency, delta] of legs) move(b.user, currency, delta);
  move(b.partner, FIAT, priced.fee);
  const tx: TransactionRecord = {
    id: state.nextIds.transaction++,
    user_id: b.user.id,
    type: b.kind,
    amount: draft.amount,
    pair: extra.pair,
    price: extra.price ? extra.price.toFixed() : null,
    date_ms: b.nowMs,
    state: b.initialState ?? 'pending',
    fee: fixed(priced.fee, FIAT),
    subtotal: draft.subtotal,
    total: draft.total,
    settles_at_ms: (b.initialState ?? 'pending') === 'pending' ? b.settlesAtMs : null,
    bank_account_id: extra.bankAccountId,
    idempotency_key: b.idempotencyKey ?? null,
  };
  state.addTransaction(tx);
  return tx;
}

/** Settles every pending transaction whose time has come. Returns how many changed. */
export function settleDue(state: SandboxState, nowMs: number): number {
  if (nowMs < state.nextDueMs) return 0;
  let changed = 0;
  let next = Infinity;
  for (const id of state.pending) {
    const tx = state.transactionsById.get(id);
    if (!tx || tx.state !== 'pending') {
      state.pending.delete(id);
      continue;
    }
    if (tx.settles_at_ms !== null && tx.settles_at_ms <= nowMs) {
      tx.state = 'success';
      tx.settles_at_ms = null;
      state.pending.delete(id);
      changed++;
    } else if (tx.settles_at_ms !== null) {
      next = Math.min(next, tx.settles_at_ms);
    }
  }
  state.nextDueMs = next;
  return changed;
}

/**
 * Fails a pending transaction and reverses its balance changes and fee exactly.
 * Refused when the user has already spent what the transaction credited, because a
 * reversal must never drive a balance below zero.
 */
export function failTransaction(state: SandboxState, tx: TransactionRecord): void {
  if (tx.state !== 'pending') throw new LedgerRefusal('transaction', `Only a pending transaction can fail; this one is ${tx.state}.`);
  const user = state.users.get(tx.user_id);
  const partner = user ? state.partners.get(user.partner_id) : undefined;
  if (!user || !partner) throw new LedgerRefusal('transaction', 'The transaction has no owner.');
  const reverse = userLegs(tx).map(([currency, delta]) => [currency, delta.negated()] as const);
  for (const [currency, delta] of reverse) {
    if (delta.lt(0) && balanceOf(user, currency).plus(delta).lt(0)) {
      throw new LedgerRefusal('transaction', `The user has already spent the ${currency.toUpperCase()} this transaction credited.`);
    }
  }
  for (const [currency, delta] of reverse) move(user, currency, delta);
  move(partner, FIAT, new Decimal(tx.fee).negated());
  tx.state = 'failed';
  tx.settles_at_ms = null;
  state.pending.delete(tx.id);
}
