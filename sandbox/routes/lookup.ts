// Resolving path parameters to records. Anything that does not name a record of
// this partner, including non-numeric ids, is a 404 like the real service's.
import { fieldError, notFound } from '../errors';
import type { AuthedContext } from '../router';
import type { BankAccountRecord, UserRecord } from '../state';

function idOf(text: string | undefined): number | null {
  return text !== undefined && /^[1-9]\d{0,14}$/.test(text) ? Number(text) : null;
}

export function userOf(ctx: AuthedContext): UserRecord {
  const id = idOf(ctx.params.user);
  const user = id === null ? undefined : ctx.core.state.users.get(id);
  if (!user || user.partner_id !== ctx.partner.id) throw notFound('User not found.');
  return user;
}

export function bankAccountOf(ctx: AuthedContext, user: UserRecord): BankAccountRecord {
  const id = idOf(ctx.params.bank);
  const bank = id === null ? undefined : ctx.core.state.bankAccounts.get(id);
  if (!bank || bank.user_id !== user.id) throw notFound('Bank account not found.');
  return bank;
}

/** Disabled and deleted users can be shown and updated, nothing else. */
export function requireActive(user: UserRecord): void {
  if (user.status !== 'active') throw fieldError('user', `The user is ${user.status}.`);
}

export function requireVerified(user: UserRecord): void {
  requireActive(user);
  if (user.kyc_status !== 'verified') {
    throw fieldError('user', `The user's KYC is ${user.kyc_status}; only verified users can trade and withdraw.`);
  }
}
