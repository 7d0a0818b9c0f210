// profiles.* — environment profiles and their credentials. Secrets go to the
// vault and nowhere else; what comes back says which are stored, never what.
import type { CredentialsView, ProfileView } from '../../../shared/desk-api';
import { checkBaseUrl, isBuiltInProfileId, LOCAL_SANDBOX_PROFILE_ID, type Profile } from '../../settings';
import type { Secrets } from '../../vault';
import { DeskFailure } from '../../errors';
import type { ServiceContext } from '../common/context';
import type { HandlersOf } from '../common/handlers';
import { sessionView, type ActiveProfile } from './active-profile';

function profileView(profile: Profile, activeId: string): ProfileView {
  return { id: profile.id, name: profile.name, kind: profile.kind, baseUrl: profile.baseUrl ?? '', active: profile.id === activeId };
}

export function createProfileHandlers(ctx: ServiceContext, profiles: ActiveProfile): HandlersOf<'profiles'> {
  const list = (): ProfileView[] => {
    const activeId = ctx.runtime().profile.id;
    return ctx.settings.listProfiles().map((p) => profileView(p, activeId));
  };

  const requireProfile = (profileId: string): Profile => {
    const profile = ctx.settings.getProfile(profileId);
    if (!profile) throw new DeskFailure('not_found', `There is no environment profile "${profileId}".`);
    return profile;
  };

  const credentials = async (profileId: string): Promise<CredentialsView> => {
    requireProfile(profileId);
    const account = ctx.settings.getProfileAccount(profileId);
    const stored = await ctx.vault.hasSecrets(profileId);
    const status = await ctx.vault.status();
    return {
      profileId,
      email: account.email ?? '',
      clientId: account.clientId ?? null,
      stored: { password: stored.password, clientSecret: stored.client_secret, totpSecret: stored.totp_secret },
      keychain: status.available ? { available: true } : { available: false, reason: status.reason },
    };
  };

  return {
    'profiles.list': async () => list(),

    'profiles.select': async ({ profileId }) => {
      const profile = requireProfile(profileId);
      const from = ctx.runtime();
      if (from.profile.id === profileId) return sessionView(from);
      await ctx.audit.record(from.profile.id, 'profile.select', `switch from ${from.profile.name} to ${profile.name}`, 'ok');
      await ctx.settings.update({ activeProfileId: profileId });
      const runtime = await profiles.activate(profileId);
      // Signing in is attempted right away; a failure is shown in the session view, not thrown.
      await profiles.signInUntilPrompt(runtime);
      return sessionView(runtime);
    },

    'profiles.addCustom': async ({ name, baseUrl }) => {
      // Only a URL that passed the check is named in the audit trail.
      const checked = checkBaseUrl(baseUrl);
      const shown = checked.ok ? checked.value : 'a refused URL';
      const profile = await ctx.audit.around(ctx.runtime().profile.id, 'profile.add', `add environment "${name}" at ${shown}`, () =>
        ctx.settings.addCustomProfile({ name, baseUrl }),
      );
      return profileView(profile, ctx.runtime().profile.id);
    },

    'profiles.remove': async ({ profileId }) => {
      if (isBuiltInProfileId(profileId)) throw new DeskFailure('validation', 'A built-in environment cannot be removed.');
      const profile = requireProfile(profileId);
      await ctx.audit.around(ctx.runtime().profile.id, 'profile.remove', `remove environment "${profile.name}"`, async () => {
        if (ctx.runtime().profile.id === profileId) {
          await ctx.settings.update({ activeProfileId: LOCAL_SANDBOX_PROFILE_ID });
          const runtime = await profiles.activate(LOCAL_SANDBOX_PROFILE_ID);
          await profiles.signInUntilPrompt(runtime);
        }
        // Secrets first: if the keychain refuses, the profile stays listed and can be removed again.
        await ctx.vault.clearSecrets(profileId);
        await ctx.settings.removeCustomProfile(profileId);
      });
      return list();
    },

    'profiles.credentials': async ({ profileId }) => credentials(profileId),

    'profiles.saveCredentials': async ({ profileId, email, clientId, password, clientSecret, totpSecret }) => {
      requireProfile(profileId);
      const secrets: Secrets = {};
      if (password !== undefined) secrets.password = password;
      if (clientSecret !== undefined) secrets.client_secret = clientSecret;
      if (totpSecret !== undefined) secrets.totp_secret = totpSecret;
      const changed = [
        ...(email !== undefined ? ['e-mail'] : []),
        ...(clientId !== undefined ? ['client id'] : []),
        ...(password !== undefined ? ['password'] : []),
        ...(clientSecret !== undefined ? ['client secret'] : []),
        ...(totpSecret !== undefined ? ['TOTP secret'] : []),
      ];
      // The summary names what changed, never a value.
      await ctx.audit.around(profileId, 'credentials.save', `save ${changed.join(', ') || 'nothing'} for ${profileId}`, async () => {
        // Secrets first: a refused TOTP secret must not leave half-saved details behind.
        if (Object.keys(secrets).length > 0) await ctx.vault.setSecrets(profileId, secrets);
        if (email !== undefined || clientId !== undefined) {
          await ctx.settings.setProfileAccount(profileId, {
            ...(email !== undefined ? { email } : {}),
            ...(clientId !== undefined ? { clientId } : {}),
          });
        }
      });
      return credentials(profileId);
    },
  };
}
