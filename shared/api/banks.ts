// The bridge's banks.* and deposit.* methods: a user's bank accounts (a new one
// may hold withdrawals to it, or need approval to add) and where the user sends
// money in. Pure: no Node or DOM imports.
import { z } from 'zod';
import type { ProposedForApprovalView } from './approval-actions';
import { method, returns } from './method';
import { id, text } from './values';

export interface BankAccountView {
  id: number;
  name: string | null;
  iban: string;
  swiftBic: string | null;
  referenceNumber: string | null;
  state: string | null;
  /** A withdrawal to this account placed now would be held until then (ms): the account is new to the desk. Null: not held. */
  withdrawHeldUntilMs: number | null;
}
export interface DepositInstructionsView {
  iban: string;
  bankName: string;
  bankAddress: string;
  recipientName: string;
  recipientAddress: string;
  swiftBic: string;
}

/**
 * banks.add: the user's accounts after the add; or, on a shared profile whose
 * policy asks approval for adding a bank account, the accounts unchanged and the
 * proposal (nothing was sent to Kriptomat).
 */
export interface BankAddResult {
  accounts: BankAccountView[];
  proposedForApproval: ProposedForApprovalView | null;
}

export const banksMethods = {
  // bank accounts
  'banks.list': method(z.object({ userId: id }).strict(), returns<BankAccountView[]>()),
  'banks.view': method(z.object({ userId: id, bankId: id }).strict(), returns<BankAccountView>()),
  'banks.add': method(z.object({ userId: id, iban: text(50, 'an IBAN') }).strict(), returns<BankAddResult>()),
  'banks.remove': method(z.object({ userId: id, bankId: id }).strict(), returns<BankAccountView[]>()),

  // deposit instructions
  'deposit.instructions': method(z.object({ userId: id }).strict(), returns<DepositInstructionsView>()),
} as const;
