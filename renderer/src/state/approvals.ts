// The approvals queue (issue 13): proposals awaiting approval and the ones decided,
// with the pending count the navigation shows. Read at start and on a profile
// change, and again whenever main says the queue changed (approvals.changed, from
// this desk or another one on the team database).
import { create } from 'zustand';
import type { PolicyView, ProposalView } from '../../../shared/api/approvals';
import type { DeskEvents } from '../../../shared/desk-api';
import { call, describeError } from '../bridge';
import { createReloader } from '../domain/reloads';

interface ApprovalsState {
  proposals: ProposalView[];
  /** Pending proposals for the navigation's count; the event's number when newer than the last list. */
  pending: number;
  loaded: boolean;
  error: string | null;
  policy: PolicyView | null;
  policyError: string | null;
  /** The last decision this desk made, said once on the screen (the card moves to Decided). */
  notice: string | null;
}

export const useApprovals = create<ApprovalsState>()(() => ({
  proposals: [],
  pending: 0,
  loaded: false,
  error: null,
  policy: null,
  policyError: null,
  notice: null,
}));

/**
 * Main reads the user only for pending proposals: a decided one keeps the user its
 * pending view had, so the card still names them (the badges are not shown for it).
 */
function withKnownUsers(next: ProposalView[], before: readonly ProposalView[]): ProposalView[] {
  const known = new Map(before.filter((p) => p.user !== null).map((p) => [p.orderId, p.user]));
  return next.map((p) => (p.user === null && known.has(p.orderId) ? { ...p, user: known.get(p.orderId) ?? null } : p));
}

function countPending(proposals: readonly ProposalView[]): number {
  return proposals.filter((p) => p.state === 'pending').length;
}

// `generation` drops an answer for an environment left meanwhile (resetApprovals).
let generation = 0;

async function readQueue(): Promise<void> {
  const mine = generation;
  try {
    // Without states the list is the pending ones only: the screen shows the decided ones too.
    const proposals = await call((d) => d.approvals.list({ states: ['pending', 'approved', 'rejected', 'expired'], limit: 200 }));
    if (mine !== generation) return;
    useApprovals.setState((s) => {
      const kept = withKnownUsers(proposals, s.proposals);
      return { proposals: kept, pending: countPending(kept), loaded: true, error: null };
    });
  } catch (error) {
    if (mine !== generation) return;
    useApprovals.setState({ error: describeError(error), loaded: true });
  }
}

// Events during a read make one more read after it, not one each (domain/reloads.ts).
const queue = createReloader(readQueue);

export function loadApprovals(): Promise<void> {
  return queue.load();
}

export async function loadPolicy(): Promise<void> {
  try {
    useApprovals.setState({ policy: await call((d) => d.policy.get({})), policyError: null });
  } catch (error) {
    useApprovals.setState({ policyError: describeError(error) });
  }
}

export function setPolicy(policy: PolicyView): void {
  useApprovals.setState({ policy, policyError: null });
}

/** One proposal as decide() returned it, until the list is read again. */
export function upsertProposal(proposal: ProposalView): void {
  useApprovals.setState((s) => {
    const [named] = withKnownUsers([proposal], s.proposals);
    const proposals = s.proposals.some((p) => p.orderId === proposal.orderId)
      ? s.proposals.map((p) => (p.orderId === proposal.orderId ? named! : p))
      : [named!, ...s.proposals];
    return { proposals, pending: countPending(proposals) };
  });
}

export function setApprovalsNotice(notice: string | null): void {
  useApprovals.setState({ notice });
}

/** approvals.changed: show the count at once, then read the queue again for the details. */
export function applyApprovalsChanged(event: DeskEvents['approvals.changed']): void {
  useApprovals.setState({ pending: event.pending });
  void loadApprovals();
}

/** Forgets one environment's queue before the next one's is read. */
export function resetApprovals(): void {
  generation++;
  // The next read is the new environment's: it does not wait for the old one's.
  queue.forget();
  useApprovals.setState({ proposals: [], pending: 0, loaded: false, error: null, policy: null, policyError: null, notice: null });
}
