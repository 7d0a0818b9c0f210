// Records → response bodies. The API answers money as JSON numbers (as the real
// service does); GET /__sandbox/state answers exact decimal strings instead, so
// tests can assert the ledger to the last digit.
import { apiDate } from './clock';
import type { BankAccountRecord, SandboxState, TransactionRecord, UserRecord } from './state';

export function apiUser(u: UserRecord) {
  return {
    email: u.email,
    name: u.name,
    surname: u.surname,
    phone: u.phone,
    date_of_birth: u.date_of_birth,
    address: u.address,
    building_number: u.building_number,
    city: u.city,
    postal_code: u.postal_code,
    country: u.country,
    status: u.status,
    kyc_status: u.kyc_status,
  };
}

export function apiBankAccount(b: BankAccountRecord) {
  return { id: b.id, name: b.name, iban: b.iban, swift_bic: b.swift_bic, reference_number: b.reference_number, state: b.state };
}

export function apiTransaction(t: TransactionRecord) {
  return {
    id: t.id,
    user_id: t.user_id,
    type: t.type,
    amount: Number(t.amount),
    pair: t.pair,
    price: t.price === null ? null : Number(t.price),
    date: apiDate(t.date_ms),
    state: t.state,
    fee: Number(t.fee),
    subtotal: Number(t.subtotal),
    total: Number(t.total),
  };
}

/** The transaction as stored: decimal strings, plus the bookkeeping the API hides. */
export function dumpTransaction(t: TransactionRecord) {
  return {
    id: t.id,
    user_id: t.user_id,
    type: t.type,
    amount: t.amount,
    pair: t.pair,
    price: t.price,
    date: apiDate(t.date_ms),
    timestamp: t.date_ms,
    state: t.state,
    fee: t.fee,
    subtotal: t.subtotal,
    total: t.total,
    settles_at_ms: t.settles_at_ms,
    bank_account_id: t.bank_account_id,
    idempotency_key: t.idempotency_key,
  };
}

export function dumpState(state: SandboxState) {
  return {
    partner:
      [...state.partners.values()].map((p) => ({ id: p.id, email: p.email, client_id: p.client_id, balances: { ...p.balances } }))[0] ??
      null,
    users: [...state.users.values()].map((u) => ({
      id: u.id,
      ...apiUser(u),
      kyc_target: u.kyc_target,
      kyc_settles_at_ms: u.kyc_settles_at_ms,
      balances: { ...u.balances },
      bank_accounts: state.bankAccountsOf(u.id).map(apiBankAccount),
    })),
    transactions: state.transactions.map(dumpTransaction),
  };
}
