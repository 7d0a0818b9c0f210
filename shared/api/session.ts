// The bridge's session.* and profiles.* methods: the environment profiles, their
// credentials (secrets are write-only: the views say which are stored, never
// their values) and the session signed in on the active profile. One file for
// both, because selecting a profile answers with its session and the session
// names its profile's kind. Pure: no Node or DOM imports.
import { z } from 'zod';
import { method, returns } from './method';
import { baseUrlText, empty, id, profileId, text } from './values';

export type ProfileKind = 'sandbox' | 'staging' | 'production' | 'custom';
export interface ProfileView {
  id: string;
  name: string;
  kind: ProfileKind;
  baseUrl: string;
  active: boolean;
}
export interface CredentialsView {
  profileId: string;
  email: string;
  clientId: number | null;
  /** Which secrets are stored — never their values. */
  stored: { password: boolean; clientSecret: boolean; totpSecret: boolean };
  keychain: { available: boolean; reason?: string };
}
export type SessionState = 'signed-out' | 'signing-in' | 'active' | 'refreshing' | 'error';
/** One profile's session as anyone outside main/session sees it: no token, no secret. */
export interface SessionSnapshot {
  state: SessionState;
  expiresAtMs: number | null;
  /** Local time of the last successful login. */
  lastRenewedAtMs: number | null;
  /** Successful logins so far. */
  logins: number;
  /** Plain words, no secrets. */
  error: string | null;
  /** A code typed by the operator is being waited for. */
  needsTotp: boolean;
}
/** The session of the active environment profile, as the renderer sees it. */
export interface SessionView extends SessionSnapshot {
  profileId: string;
  profileName: string;
  profileKind: ProfileKind;
}

export const sessionMethods = {
  // session
  'session.status': method(empty, returns<SessionView>()),
  'session.signIn': method(empty, returns<SessionView>()),
  'session.signOut': method(empty, returns<SessionView>()),
  'session.submitTotp': method(
    z.object({ code: z.string().regex(/^\d{6}$/, 'Enter the six digits your authenticator app shows.') }).strict(),
    returns<SessionView>(),
  ),

  // environment profiles and their credentials (secrets are write-only)
  'profiles.list': method(empty, returns<ProfileView[]>()),
  'profiles.select': method(z.object({ profileId }).strict(), returns<SessionView>()),
  'profiles.addCustom': method(z.object({ name: text(60, 'the profile name'), baseUrl: baseUrlText }).strict(), returns<ProfileView>()),
  'profiles.remove': method(z.object({ profileId }).strict(), returns<ProfileView[]>()),
  'profiles.credentials': method(z.object({ profileId }).strict(), returns<CredentialsView>()),
  'profiles.saveCredentials': method(
    z
      .object({
        profileId,
        email: z
          .string()
          .trim()
          .email('Enter an e-mail address such as partner@example.com.')
          .max(200, 'An e-mail address can be at most 200 characters.')
          .optional(),
        clientId: id.optional(),
        password: z.string().min(1).max(500).optional(),
        clientSecret: z.string().min(1).max(500).optional(),
        totpSecret: z.string().min(1).max(200).optional(),
      })
      .strict(),
    returns<CredentialsView>(),
  ),
} as const;
