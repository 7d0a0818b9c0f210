// Kriptomat reads every area makes — a user, a balance, a user's bank accounts —
// each noted in the profile's ReadCache with when it was sent, so an order's
// checks (orders/check-reads.ts) can use what main last read while it is fresh.
// A read here never writes the user directory (users/directory.ts does).
import type { Balance, BankAccount, User } from '../../../shared/kriptomat';
import type { ServiceContext } from './context';
import type { ProfileRuntime } from '../runtime/runtime';

/** GET users/{id}, noted in the read cache. */
export async function readUser(ctx: ServiceContext, runtime: ProfileRuntime, userId: number): Promise<User> {
  const sentAtMs = ctx.timers.now();
  const user = await runtime.api.showUser(userId);
  runtime.reads.noteUser(userId, user, sentAtMs);
  return user;
}

/** GET users/{id}/balances?currency_code=…, noted in the read cache. */
export async function readUserBalance(ctx: ServiceContext, runtime: ProfileRuntime, userId: number, currency: string): Promise<Balance> {
  const sentAtMs = ctx.timers.now();
  const balance = await runtime.api.userBalance(userId, currency);
  runtime.reads.noteBalance(userId, currency, balance.balance, sentAtMs);
  return balance;
}

/** GET users/{id}/bank-accounts, noted in the read cache. */
export async function readBankAccounts(ctx: ServiceContext, runtime: ProfileRuntime, userId: number): Promise<BankAccount[]> {
  const sentAtMs = ctx.timers.now();
  const accounts = await runtime.api.listBankAccounts(userId);
  runtime.reads.noteBankAccounts(
    userId,
    accounts.map((a) => a.id),
    sentAtMs,
  );
  return accounts;
}
