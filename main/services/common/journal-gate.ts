// Actions the team must have a record of — orders and withdrawals (the journal),
// new users and user changes (the directory), bank accounts (the audit trail) —
// are refused while the team database cannot take that record: doing them at
// Kriptomat first and failing to record them after would leave the team blind to
// what was done. Reads from Kriptomat do not come here and keep working.
import { DeskFailure, toDeskError } from '../../errors';
import type { ServiceContext } from './context';

export const TEAM_DB_AWAY_MESSAGE =
  'Orders, withdrawals, new users, user changes and bank accounts are refused until it is back, so that nothing is done without being recorded. Reading from Kriptomat still works.';

/** Resolves when a journaled action of `profileId` may go ahead; otherwise a DeskFailure that says why. */
export async function ensureJournalWritable(ctx: ServiceContext, profileId: string): Promise<void> {
  try {
    await ctx.store.writable?.(profileId);
  } catch (error) {
    const cause = toDeskError(error);
    // The database's own reason when it gave one (away, the login refused, a grant missing): the operator
    // needs it to know whether waiting helps. Only a fault of the desk itself stays unnamed.
    const why = cause.kind !== 'internal' ? cause.message : 'The team database cannot take a record right now.';
    throw new DeskFailure('network', `${why} ${TEAM_DB_AWAY_MESSAGE}`);
  }
}
