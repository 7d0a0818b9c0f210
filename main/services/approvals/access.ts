// Who this desk is to the team's approvals: the capability for a profile (shared
// profiles in the Team workspace only) and the login's name and roles, asked of
// the database once per signed-in profile runtime (a role granted later shows
// after the next sign-in; the database still judges every decision itself).
import { DeskFailure } from '../../errors';
import type { ServiceContext } from '../common/context';
import type { ProfileRuntime } from '../runtime/runtime';
import type { JournalApprovals } from '../../store/port';

export interface Whoami {
  login: string;
  approver: boolean;
  admin: boolean;
}

const known = new WeakMap<ProfileRuntime, Promise<Whoami>>();

/** The team's approvals for the profile, or null where they do not apply (Solo, the Local sandbox). */
export function approvalsOf(ctx: ServiceContext, profileId: string): JournalApprovals | null {
  const approvals = ctx.store.approvals;
  return approvals?.shared(profileId) ? approvals : null;
}

/** The login and its roles, once per runtime; a failed read is asked again next time. */
export function whoami(runtime: ProfileRuntime, approvals: JournalApprovals): Promise<Whoami> {
  let asked = known.get(runtime);
  if (!asked) {
    asked = Promise.all([approvals.operator(), approvals.roles()]).then(([login, roles]) => ({ login, ...roles }));
    asked.catch(() => known.delete(runtime));
    known.set(runtime, asked);
  }
  return asked;
}

export const NEEDS_TEAM_MESSAGE =
  'Approvals need a second operator, so they work in the team workspace on a shared environment. Here, withdrawals to new bank accounts can be held instead (Policy).';

export function needsTeam(): DeskFailure {
  return new DeskFailure('invalid_input', NEEDS_TEAM_MESSAGE);
}
