// `approvals.changed`: how many proposals of the active environment await
// approval, after this desk or another proposed, decided or expired one.
import type { ServiceContext } from './context';

/** Emits the pending count of the profile when it is the active one; a failed count is logged, not thrown. */
export async function announceApprovals(ctx: Pick<ServiceContext, 'store' | 'events' | 'log'>, profileId: string): Promise<void> {
  const approvals = ctx.store.approvals;
  if (!approvals?.shared(profileId)) return;
  try {
    ctx.events.emit('approvals.changed', { pending: await approvals.countPending(profileId) });
  } catch (error) {
    ctx.log.warn('could not count the proposals awaiting approval', { error });
  }
}
