// KYC import (SumSub applicant sharing) and the follow-up: the result arrives
// asynchronously, so after the import the user is re-fetched every few seconds
// until the status is no longer pending, and each change reaches the renderer as
// `users.updated`. The share token is a credential for the applicant's data: it
// is never logged or audited.
import type { UserView } from '../../../shared/desk-api';
import type { ServiceContext } from '../common/context';
import type { HandlersOf } from '../common/handlers';
import type { ProfileRuntime } from '../runtime/runtime';
import { fetchUser } from './directory';

export function createKycHandlers(ctx: ServiceContext): HandlersOf<'kyc'> {
  const following = new Set<string>();

  const follow = (runtime: ProfileRuntime, first: UserView): void => {
    const key = `${runtime.profile.id}:${first.id}`;
    if (first.kycStatus !== 'pending' || following.has(key)) return;
    following.add(key);
    runtime.spawn(`KYC follow-up of user ${first.id}`, async () => {
      try {
        const deadline = ctx.timers.now() + ctx.tuning.kycFollowMaxMs;
        let last = first;
        while (ctx.timers.now() < deadline && (await runtime.sleep(ctx.tuning.kycFollowIntervalMs))) {
          let next: UserView;
          try {
            next = await fetchUser(ctx, runtime, first.id, false);
          } catch (error) {
            // A failed poll is not the end of the application: try again next round.
            ctx.log.warn('KYC follow-up: could not fetch the user', { userId: first.id, error });
            continue;
          }
          if (next.kycStatus !== last.kycStatus || next.status !== last.status) ctx.events.emit('users.updated', next);
          last = next;
          if (next.kycStatus !== 'pending') return;
        }
      } finally {
        following.delete(key);
      }
    });
  };

  return {
    'kyc.import': async ({ userId, token }) => {
      const runtime = ctx.runtime();
      const view = await ctx.audit.around(
        runtime.profile.id,
        'kyc.import',
        `KYC import for user ${userId}`,
        async () => {
          // The KYC status changes: what was read of the user before does not speak for an order any more.
          runtime.reads.forgetUser(userId, ctx.timers.now());
          await runtime.api.importKyc(userId, { token });
          return fetchUser(ctx, runtime, userId);
        },
        (user) => `status ${user.kycStatus}`,
      );
      follow(runtime, view);
      return view;
    },
  };
}
