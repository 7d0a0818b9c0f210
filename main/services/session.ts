// session.* — status, sign in/out and the operator's TOTP code, all on the active profile.
import type { ServiceContext } from './context';
import type { HandlersOf } from './handlers';
import { sessionView, type ProfileManager } from './profile-manager';

export function createSessionHandlers(ctx: ServiceContext, profiles: ProfileManager): HandlersOf<'session'> {
  return {
    'session.status': async () => sessionView(ctx.runtime()),

    // Resolves when signed in, when the attempt failed (the view carries the error),
    // or as soon as a TOTP code is asked for — never hangs on the operator.
    'session.signIn': async () => {
      const runtime = ctx.runtime();
      await profiles.signInUntilPrompt(runtime);
      return sessionView(runtime);
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
