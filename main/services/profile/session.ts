// session.* — status, sign in/out and the operator's TOTP code, all on the active profile.
import { DeskFailure } from '../../errors';
import type { ServiceContext } from '../common/context';
import type { HandlersOf } from '../common/handlers';
import { sessionView, type ActiveProfile } from './active-profile';

/**
 * After a refused sign-in, another explicit one waits this long: a page that
 * clicks "Sign in" in a loop cannot get the partner account locked.
 */
export const SIGN_IN_COOLDOWN_MS = 5_000;

export function createSessionHandlers(ctx: ServiceContext, profiles: ActiveProfile): HandlersOf<'session'> {
  /** When an explicit sign-in last ended in an error, per profile. */
  const refusedAt = new Map<string, number>();
  return {
    'session.status': async () => sessionView(ctx.runtime()),

    // Resolves when signed in, when the attempt failed (the view carries the error),
    // or as soon as a TOTP code is asked for — never hangs on the operator.
    'session.signIn': async () => {
      const runtime = ctx.runtime();
      const since = ctx.timers.now() - (refusedAt.get(runtime.profile.id) ?? -Infinity);
      if (since < SIGN_IN_COOLDOWN_MS) {
        const wait = Math.ceil((SIGN_IN_COOLDOWN_MS - since) / 1000);
        throw new DeskFailure('rate_limited', `Signing in was refused a moment ago; try again in ${wait} s.`, { retryAfterSeconds: wait });
      }
      await profiles.signInUntilPrompt(runtime);
      const view = sessionView(runtime);
      if (view.state === 'error') refusedAt.set(runtime.profile.id, ctx.timers.now());
      else refusedAt.delete(runtime.profile.id);
      return view;
    },

    'session.signOut': async () => {
      const runtime = ctx.runtime();
      await profiles.signOut(runtime);
      return sessionView(runtime);
    },

    'session.submitTotp': async ({ code }) => {
      const runtime = ctx.runtime();
      await runtime.session.submitTotp(code);
      return sessionView(runtime);
    },
  };
}
