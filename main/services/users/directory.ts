// The user directory's one read: a user fetched fresh from Kriptomat and
// remembered (the API cannot list users, so the desk keeps every user it saw).
// Opening a user, KYC follow-ups, approved account changes and the transaction
// sync all go through it; it lives apart from the users.* handlers so those
// callers need not import the handlers (nor they them).
import type { UserView } from '../../../shared/desk-api';
import type { ServiceContext } from '../common/context';
import { readUser } from '../common/cached-reads';
import type { ProfileRuntime } from '../runtime/runtime';
import { userView } from '../common/views';

/** GET users/{id}, cached in the directory (and the read cache); emits `users.updated` when `emit` is set. */
export async function fetchUser(ctx: ServiceContext, runtime: ProfileRuntime, userId: number, emit = true): Promise<UserView> {
  const user = await readUser(ctx, runtime, userId);
  const view = userView(userId, user, ctx.timers.now());
  try {
    await ctx.store.saveUser(runtime.profile.id, view);
  } catch (error) {
    // The directory only remembers what Kriptomat said; a store that cannot be
    // written (the team database away) must not hide a fresh read from the operator.
    ctx.log.warn('could not remember a user in the directory', { userId, error });
  }
  if (emit) ctx.events.emit('users.updated', view);
  return view;
}
