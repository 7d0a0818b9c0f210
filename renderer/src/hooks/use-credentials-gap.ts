// Whether the active environment lacks the credentials needed to sign in, so the
// places that would say "signed out", "session error" or "no users yet" can say what
// is really wrong and where to fix it.
import type { CredentialsView } from '../../../shared/desk-api';
import { call } from '../bridge';
import { useSession } from '../state/session';
import { useLoad } from './use-load';

export interface CredentialsGap {
  profileId: string;
  profileName: string;
  /** What is missing, in words: "the e-mail", "the client id", "the password", "the client secret". */
  missing: string[];
}

/** What a sign-in needs and `view` does not hold (the TOTP secret is optional: the desk asks for a code). */
export function missingCredentials(view: CredentialsView): string[] {
  const missing: string[] = [];
  if (!view.email) missing.push('the e-mail');
  if (view.clientId === null) missing.push('the client id');
  if (!view.stored.password) missing.push('the password');
  if (!view.stored.clientSecret) missing.push('the client secret');
  return missing;
}

/** "the e-mail, the client id and the password". */
export function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * The active environment's missing credentials, or null when it has them all (or is
 * signed in, or they are not known yet). Re-read when the environment or its session
 * state changes, so saving the credentials clears it.
 */
export function useCredentialsGap(): CredentialsGap | null {
  const session = useSession((s) => s.session);
  const signedIn = session?.state === 'active' || session?.state === 'refreshing' || session?.state === 'signing-in';
  const key = session && !signedIn ? `${session.profileId}|${session.state}|${session.error ?? ''}` : null;
  const credentials = useLoad(key, () => call((d) => d.profiles.credentials({ profileId: session?.profileId ?? '' })));
  if (!session || signedIn || !credentials.data || credentials.data.profileId !== session.profileId) return null;
  const missing = missingCredentials(credentials.data);
  return missing.length > 0 ? { profileId: session.profileId, profileName: session.profileName, missing } : null;
}
