// API shapes (snake_case, from shared/kriptomat.ts) → bridge views (camelCase,
// shared/desk-api.ts). Money is already decimal text from the schemas.
import type { BankAccountView, DepositInstructionsView, OrderView, RateView, TransactionView, UserView } from '../../../shared/desk-api';
import type { BankAccount, DepositInstructions, ExchangeRate, Transaction, User } from '../../../shared/kriptomat';
import type { JournalRow } from '../../store/port';

export function userView(id: number, user: User, fetchedAtMs: number): UserView {
  return {
    id,
    email: user.email,
    name: user.name,
    surname: user.surname,
    phone: user.phone,
    status: user.status,
    kycStatus: user.kyc_status,
    dateOfBirth: user.date_of_birth,
    address: user.address,
    city: user.city,
    postalCode: user.postal_code,
    country: user.country,
    fetchedAtMs,
  };
}

export function bankAccountView(account: BankAccount, withdrawHeldUntilMs: number | null = null): BankAccountView {
  return {
    id: account.id,
    name: account.name,
    iban: account.iban,
    swiftBic: account.swift_bic,
    referenceNumber: account.reference_number,
    state: account.state,
    withdrawHeldUntilMs,
  };
}

export function depositInstructionsView(d: DepositInstructions): DepositInstructionsView {
  return {
    iban: d.iban,
    bankName: d.bank_name,
    bankAddress: d.bank_address,
    recipientName: d.recipient_name,
    recipientAddress: d.recipient_address,
    swiftBic: d.swift_bic,
  };
}

export function rateView(rate: ExchangeRate, receivedAtMs: number): RateView {
  return {
    pair: rate.pair,
    price: rate.price,
    priceBuy: rate.price_buy,
    priceSell: rate.price_sell,
    timestampMs: Number.isFinite(rate.timestamp) ? Math.round(rate.timestamp) : receivedAtMs,
    receivedAtMs,
  };
}

export function transactionView(tx: Transaction): TransactionView {
  return {
    id: tx.id,
    userId: tx.user_id,
    type: tx.type,
    amount: tx.amount,
    pair: tx.pair,
    price: tx.price,
    date: tx.date,
    state: tx.state,
    fee: tx.fee,
    subtotal: tx.subtotal,
    total: tx.total,
  };
}

export function orderView(row: JournalRow): OrderView {
  return {
    id: row.id,
    profileId: row.profileId,
    userId: row.userId,
    kind: row.kind,
    pair: row.pair,
    amount: row.amount,
    bankAccountId: row.bankAccountId,
    state: row.state,
    transactionId: row.transactionId,
    error: row.error,
    holdUntilMs: row.holdUntilMs,
    withdrawn: row.withdrawn === true,
    createdAtMs: row.createdAtMs,
    updatedAtMs: row.updatedAtMs,
  };
}
