// What the sandbox really holds (GET /__sandbox/state), typed for the specs, and
// the sandbox's fee rules so a spec can say what an order must have booked.
import { Decimal } from 'decimal.js';
import type { DeskFixture } from './fixtures';

export interface SandboxBank {
  id: number;
  name: string | null;
  iban: string;
  swift_bic: string | null;
  reference_number: string | null;
  state: string | null;
}
export interface SandboxUser {
  id: number;
  email: string;
  name: string;
  surname: string;
  phone: string;
  status: string;
  kyc_status: string;
  balances: Record<string, string>;
  bank_accounts: SandboxBank[];
}
export interface SandboxTransaction {
  id: number;
  user_id: number;
  type: string;
  amount: string;
  pair: string | null;
  price: string | null;
  date: string;
  state: string;
  fee: string;
  subtotal: string;
  total: string;
  bank_account_id: number | null;
  idempotency_key: string | null;
}
export interface SandboxState {
  partner: { id: number; email: string; balances: Record<string, string> };
  users: SandboxUser[];
  transactions: SandboxTransaction[];
}

export async function sandboxState(desk: Pick<DeskFixture, 'sandbox'>): Promise<SandboxState> {
  return (await desk.sandbox('/__sandbox/state')) as SandboxState;
}

export function userIn(state: SandboxState, userId: number): SandboxUser {
  const user = state.users.find((u) => u.id === userId);
  if (!user) throw new Error(`the sandbox has no user ${userId}`);
  return user;
}

/** Transactions booked after `before` was taken. */
export function newTransactions(before: SandboxState, after: SandboxState): SandboxTransaction[] {
  const known = new Set(before.transactions.map((t) => t.id));
  return after.transactions.filter((t) => !known.has(t.id));
}

/** The sandbox's fee: 1.5 % of the EUR side, half-up to the cent, at least 0.01 EUR. */
export function feeFor(eur: Decimal.Value): Decimal {
  return Decimal.max(new Decimal(eur).times('0.015').toDecimalPlaces(2, Decimal.ROUND_HALF_UP), '0.01');
}

/** What a buy of `eur` at `priceBuy` books: total = eur, subtotal = total − fee, amount = subtotal / price (down, 8 places). */
export function expectedBuy(
  eur: Decimal.Value,
  priceBuy: Decimal.Value,
): { total: Decimal; fee: Decimal; subtotal: Decimal; amount: Decimal } {
  const total = new Decimal(eur);
  const fee = feeFor(total);
  const subtotal = total.minus(fee);
  return { total, fee, subtotal, amount: subtotal.div(priceBuy).toDecimalPlaces(8, Decimal.ROUND_DOWN) };
}

/** What a sell of `crypto` at `priceSell` books: total = crypto × price (down, cents), subtotal = total − fee. */
export function expectedSell(
  crypto: Decimal.Value,
  priceSell: Decimal.Value,
): { total: Decimal; fee: Decimal; subtotal: Decimal; amount: Decimal } {
  const total = new Decimal(crypto).times(priceSell).toDecimalPlaces(2, Decimal.ROUND_DOWN);
  const fee = feeFor(total);
  return { total, fee, subtotal: total.minus(fee), amount: new Decimal(crypto) };
}
