// Bank accounts and deposit instructions. An IBAN is checked (country length and
// mod-97) before it is sent, so a typo is a field message in the form rather than
// a round trip and an audit entry for a refused request.
import { checkIban, maskIban } from '../../../shared/iban';
import { fieldFailure } from '../../errors';
import { proposeChangeIfRuled } from './account-changes';
import type { ServiceContext } from '../common/context';
import type { HandlersOf } from '../common/handlers';
import { withdrawHoldUntil } from '../../../shared/order-rules';
import type { BankAccountSource } from '../../store/port';
import { ensureJournalWritable } from '../common/journal-gate';
import { readBankAccounts } from '../common/cached-reads';
import { bankAccountView, depositInstructionsView } from '../common/views';

export function createBankHandlers(ctx: ServiceContext): HandlersOf<'banks'> {
  /** Notes the accounts as seen (the cool-off on withdrawals counts from then) and when a withdrawal to each would go. */
  const heldUntil = async (userId: number, ids: number[], source: BankAccountSource): Promise<(id: number) => number | null> => {
    const profileId = ctx.runtime().profile.id;
    const holds = ctx.store.holds;
    const team = ctx.store.approvals;
    if (ids.length === 0) return () => null;
    // In a team nothing is held, but the approval rules count an account's age from
    // when any desk of the team first knew it: noted team-wide.
    // Best effort: reading accounts from Kriptomat works while the database is away, and an
    // account not noted now is noted when a withdrawal to it asks its age (then it counts as new).
    if (team?.shared(profileId)) {
      await team
        .bankAccountsFirstSeen(profileId, userId, ids, source, ctx.timers.now())
        .catch((error: unknown) => ctx.log.warn('could not note bank accounts in the team database', { error }));
      return () => null;
    }
    if (!holds?.available(profileId)) return () => null;
    const now = ctx.timers.now();
    const seen = await holds.bankAccountsFirstSeen(profileId, userId, ids, source, now);
    const hours = ctx.settings.get().withdrawHoldHours;
    return (id) => withdrawHoldUntil(seen.get(id) ?? now, hours, now);
  };
  const list = async (userId: number) => {
    const accounts = await readBankAccounts(ctx, ctx.runtime(), userId);
    const until = await heldUntil(
      userId,
      accounts.map((a) => a.id),
      'listed',
    );
    return accounts.map((a) => bankAccountView(a, until(a.id)));
  };
  return {
    'banks.list': async ({ userId }) => list(userId),

    'banks.view': async ({ userId, bankId }) => {
      const account = await ctx.runtime().api.showBankAccount(userId, bankId);
      return bankAccountView(account, (await heldUntil(userId, [account.id], 'listed'))(account.id));
    },

    'banks.add': async ({ userId, iban }) => {
      const check = checkIban(iban);
      if (!check.ok) throw fieldFailure('iban', check.message);
      const runtime = ctx.runtime();
      await ensureJournalWritable(ctx, runtime.profile.id);
      const proposed = await proposeChangeIfRuled(ctx, runtime.profile.id, userId, 'add_bank_account', { iban: check.iban });
      if (proposed) return { accounts: await list(userId), proposedForApproval: proposed };
      // Audit the change itself; the list that follows is a refresh whose failure changes nothing.
      const added = await ctx.audit.around(
        runtime.profile.id,
        'bank.add',
        `add bank account ${maskIban(check.iban)} for user ${userId}`,
        () => runtime.api.addBankAccount(userId, { iban: check.iban }),
        (result) => `bank account ${result.id}`,
      );
      // Its age counts from now, exactly: withdrawals to it wait out the cool-off.
      await heldUntil(userId, [added.id], 'added');
      return { accounts: await list(userId), proposedForApproval: null };
    },

    'banks.remove': async ({ userId, bankId }) => {
      const runtime = ctx.runtime();
      await ensureJournalWritable(ctx, runtime.profile.id);
      await ctx.audit.around(runtime.profile.id, 'bank.delete', `delete bank account ${bankId} of user ${userId}`, () =>
        runtime.api.deleteBankAccount(userId, bankId),
      );
      return list(userId);
    },
  };
}

export function createDepositHandlers(ctx: ServiceContext): HandlersOf<'deposit'> {
  return {
    'deposit.instructions': async ({ userId }) => depositInstructionsView(await ctx.runtime().api.depositInstructions(userId)),
  };
}
