// Account changes under the team's approval policy (issue 13): adding a bank
// account and changing a user's status. On a shared profile, banks.add and a
// users.update that changes the status ask the policy first; when a rule
// matches, the change is recorded in the team database as a proposal and
// nothing is sent to Kriptomat. Once approved, the deciding desk claims it (one
// desk only: the database's approved → performing) and does it once, recording
// what came of it on the proposal (and so in the audit log). Adding a bank
// account has no idempotency key at the API, so the user's accounts are listed
// first and an IBAN already there is not added again.
import type { AccountChangeView, ProposedForApprovalView } from '../../../shared/api/approvals';
import { maskIban, normalizeIban } from '../../../shared/iban';
import { toDeskError } from '../../errors';
import { TeamApprovalRefusedError } from '../../store/errors';
import { approvalsOf } from '../approvals/access';
import type { ServiceContext } from '../common/context';
import { readBankAccounts, readUser } from '../common/cached-reads';
import type { ProfileRuntime } from '../runtime/runtime';
import type { AccountChangeAction, AccountChangePayload, TeamAccountChange } from '../../store/port';
import { fetchUser } from './directory';

/** What the change does, in the words of an audit entry: "add bank account DE…3000 for user 2". */
export function describeChange(c: Pick<TeamAccountChange, 'action' | 'payload' | 'userId'>): string {
  const p = c.payload;
  if ('iban' in p) return `add bank account ${maskIban(p.iban)} for user ${c.userId}`;
  return `change the status of user ${c.userId}${p.fromStatus ? ` from ${p.fromStatus}` : ''} to ${p.fields.status}`;
}

export function accountChangeView(c: TeamAccountChange): AccountChangeView {
  const p = c.payload;
  return {
    action: c.action,
    ibanMasked: 'iban' in p ? maskIban(p.iban) : null,
    fromStatus: 'iban' in p ? null : p.fromStatus,
    toStatus: 'iban' in p ? null : p.fields.status,
    progress: c.state,
    outcome: c.outcome,
  };
}

/**
 * Records the change as a proposal when the profile is shared and a rule asks
 * for approval; null when none does (do it now). Emits approvals.changed.
 */
export async function proposeChangeIfRuled(
  ctx: ServiceContext,
  profileId: string,
  userId: number,
  action: AccountChangeAction,
  payload: AccountChangePayload,
): Promise<ProposedForApprovalView | null> {
  const approvals = approvalsOf(ctx, profileId);
  if (!approvals || !(await approvals.matchRule(profileId, action, null, null))) return null;
  let proposed: TeamAccountChange;
  try {
    proposed = await approvals.proposeChange(profileId, userId, action, payload);
  } catch (error) {
    // The rule went (an admin changed the policy) between the two questions: done directly then.
    if (error instanceof TeamApprovalRefusedError && error.refusal === 'no-rule') return null;
    throw error;
  }
  ctx.approvalsAnnouncer.announce(profileId);
  const n = proposed.approvalsNeeded;
  return {
    proposalId: proposed.id,
    action,
    message: `Proposed for approval: ${describeChange(proposed)} needs ${n} ${n === 1 ? 'approval' : 'approvals'} from another operator. Nothing was sent to Kriptomat yet.`,
    approvalsNeeded: n,
    expiresAtMs: proposed.expiresAtMs,
  };
}

/** Does the change at Kriptomat; returns what came of it. Throws when Kriptomat refused or could not be asked. */
async function perform(ctx: ServiceContext, runtime: ProfileRuntime, c: TeamAccountChange): Promise<string> {
  const p = c.payload;
  if ('iban' in p) {
    const iban = normalizeIban(p.iban);
    // No idempotency key at the API: an account added already (by a desk that died before recording it) is not added twice.
    const there = (await readBankAccounts(ctx, runtime, c.userId)).find((a) => normalizeIban(a.iban) === iban);
    if (there)
      return `The IBAN ${maskIban(iban)} was already one of user ${c.userId}'s bank accounts (bank account ${there.id}): not added again.`;
    const added = await runtime.api.addBankAccount(c.userId, { iban });
    // Its age counts from now for the new-account rules of withdrawals.
    await approvalsOf(ctx, runtime.profile.id)
      ?.bankAccountsFirstSeen(runtime.profile.id, c.userId, [added.id], 'added', ctx.timers.now())
      .catch((error: unknown) => ctx.log.warn('could not note a bank account in the team database', { error }));
    return `Bank account ${added.id} (${maskIban(iban)}) added for user ${c.userId}.`;
  }
  // The API's update takes every field: the user's as they are now (edited since, perhaps), with the approved status.
  const now = await readUser(ctx, runtime, c.userId);
  // The status changes: what was read of the user before does not speak for an order any more.
  runtime.reads.forgetUser(c.userId, ctx.timers.now());
  await runtime.api.updateUser(c.userId, {
    email: now.email,
    name: now.name,
    surname: now.surname,
    phone: now.phone,
    status: p.fields.status,
  });
  const user = await fetchUser(ctx, runtime, c.userId).catch(() => null);
  return `User ${c.userId}'s status set to ${user?.status ?? p.fields.status}.`;
}

/**
 * Does the approved changes no desk is doing: the deciding desk died before it
 * did one (or while doing it). Any signed-in desk of the team sweeps for them.
 */
export async function performUnperformed(ctx: ServiceContext, runtime: ProfileRuntime): Promise<void> {
  const approvals = approvalsOf(ctx, runtime.profile.id);
  if (!approvals) return;
  for (const c of await approvals.unperformedChanges(runtime.profile.id)) {
    if (runtime.stopped) return;
    await performApproved(ctx, runtime, c);
  }
}

/**
 * Claims an approved change for this desk and does it once; the outcome (done,
 * or failed with the reason) is recorded on the proposal. Returns the change as
 * it is afterwards; unchanged when another desk claimed it first.
 */
export async function performApproved(ctx: ServiceContext, runtime: ProfileRuntime, c: TeamAccountChange): Promise<TeamAccountChange> {
  const profileId = runtime.profile.id;
  const approvals = approvalsOf(ctx, profileId);
  if (!approvals || (c.state !== 'approved' && c.state !== 'performing')) return c;
  const claimed = await approvals.claimChange(profileId, c.id);
  if (!claimed) return (await approvals.getChange(profileId, c.id)) ?? c;
  let state: 'done' | 'failed';
  let outcome: string;
  try {
    outcome = await perform(ctx, runtime, claimed);
    state = 'done';
  } catch (error) {
    state = 'failed';
    // In the operator's words, never a raw error: it is stored in the team database and shown to every desk.
    outcome = `Not done: ${toDeskError(error).message}`;
    ctx.log.warn('an approved account change failed', { change: c.id, error });
  }
  const finished = await approvals.finishChange(profileId, c.id, state, outcome);
  ctx.approvalsAnnouncer.announce(profileId);
  return finished;
}
