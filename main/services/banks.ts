// Bank accounts and deposit instructions. An IBAN is checked (country length and
// mod-97) before it is sent, so a typo is a field message in the form rather than
// a round trip and an audit entry for a refused request.
import { checkIban } from '../../shared/iban';
import { fieldFailure } from '../errors';
import type { ServiceContext } from './context';
import type { HandlersOf } from './handlers';
import { ensureJournalWritable } from './journal-gate';
import { readBankAccounts } from './orders-reads';
import { bankAccountView, depositInstructionsView } from './views';

/** The audit summary shows only the IBAN's country and last four characters. */
function maskIban(iban: string): string {
  return `${iban.slice(0, 2)}…${iban.slice(-4)}`;
}

export function createBankHandlers(ctx: ServiceContext): HandlersOf<'banks'> {
  const list = async (userId: number) => {
    const accounts = await readBankAccounts(ctx, ctx.runtime(), userId);
    return accounts.map(bankAccountView);
  };
  return {
    'banks.list': async ({ userId }) => list(userId),

    'banks.view': async ({ userId, bankId }) => bankAccountView(await ctx.runtime().api.showBankAccount(userId, bankId)),

    'banks.add': async ({ userId, iban }) => {
      const check = checkIban(iban);
      if (!check.ok) throw fieldFailure('iban', check.message);
      const runtime = ctx.runtime();
      await ensureJournalWritable(ctx, runtime.profile.id);
      // Audit the change itself; the list that follows is a refresh whose failure changes nothing.
      await ctx.audit.around(
        runtime.profile.id,
        'bank.add',
        `add bank account ${maskIban(check.iban)} for user ${userId}`,
        () => runtime.api.addBankAccount(userId, { iban: check.iban }),
        (result) => `bank account ${result.id}`,
      );
      return list(userId);
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
