// users.*: the user directory and user profiles. The API cannot list users, so the desk
// remembers every user it created, opened or saw in a transaction; opening one
// always fetches it fresh and refreshes the directory entry (directory.ts).
import type { UserView } from '../../../shared/desk-api';
import { USER_STATUSES } from '../../../shared/kriptomat';
import { proposeChangeIfRuled } from './account-changes';
import { approvalsOf } from '../approvals/access';
import type { ServiceContext } from '../common/context';
import type { HandlersOf } from '../common/handlers';
import { ensureJournalWritable } from '../common/journal-gate';
import { readUser } from '../common/cached-reads';
import { fetchUser } from './directory';
import { userView } from '../common/views';

export function createUserHandlers(ctx: ServiceContext): HandlersOf<'users'> {
  return {
    'users.directory': async ({ query }) => ctx.store.searchUsers(ctx.runtime().profile.id, query),

    'users.open': async ({ userId }) => fetchUser(ctx, ctx.runtime(), userId),

    'users.create': async (input) => {
      const runtime = ctx.runtime();
      await ensureJournalWritable(ctx, runtime.profile.id);
      return ctx.audit.around(
        runtime.profile.id,
        'user.create',
        `create user ${input.email}`,
        async () => {
          // Never retried blindly by the client: a lost answer may hide a created user.
          const { id } = await runtime.api.createUser({ email: input.email, name: input.name, surname: input.surname, phone: input.phone });
          // Remember the new id at once: the API cannot list users, so a failed
          // follow-up fetch must not make the user impossible to find again.
          const stub: UserView = { id, ...input, status: 'active', kycStatus: 'not_started', fetchedAtMs: null };
          await ctx.store.saveUser(runtime.profile.id, stub);
          try {
            return await fetchUser(ctx, runtime, id);
          } catch (error) {
            ctx.log.warn(`user ${id} was created but could not be fetched yet`, { error });
            ctx.events.emit('users.updated', stub);
            return stub;
          }
        },
        (view) => `user ${view.id}`,
      );
    },

    'users.update': async ({ userId, ...fields }) => {
      const runtime = ctx.runtime();
      const profileId = runtime.profile.id;
      await ensureJournalWritable(ctx, profileId);
      const update = (body: typeof fields): Promise<UserView> =>
        ctx.audit.around(profileId, 'user.update', `update user ${userId} (status ${body.status})`, async () => {
          // The status may change: what was read of the user before does not speak for an order any more.
          runtime.reads.forgetUser(userId, ctx.timers.now());
          await runtime.api.updateUser(userId, body);
          return fetchUser(ctx, runtime, userId);
        });
      // A status change may need approval in a team (approvalsOf: shared profiles only); the status now says whether it changes.
      if (approvalsOf(ctx, profileId)) {
        const before = await readUser(ctx, runtime, userId);
        if (before.status !== fields.status) {
          const proposed = await proposeChangeIfRuled(ctx, profileId, userId, 'change_user_status', { fields, fromStatus: before.status });
          if (proposed) {
            // Only the status waits for approval: other fields changed in the same save are saved now,
            // with the status as it is (a status the API would not take back leaves them unsaved).
            const others = (['email', 'name', 'surname', 'phone'] as const).some((k) => before[k] !== fields[k]);
            const status = USER_STATUSES.find((known) => known === before.status);
            const user = others && status ? await update({ ...fields, status }) : userView(userId, before, ctx.timers.now());
            return { user, proposedForApproval: proposed };
          }
        }
      }
      return { user: await update(fields), proposedForApproval: null };
    },
  };
}
