// The session and environment profiles: which environment every action hits is
// read from here by the status bar, the confirmations and the title.
import { create } from 'zustand';
import type { ProfileView, SessionView } from '../../../shared/desk-api';
import { call, describeError } from '../bridge';

interface TotpPrompt {
  profileId: string;
  reason: string;
}

interface SessionState {
  session: SessionView | null;
  sessionError: string | null;
  profiles: ProfileView[] | null;
  profilesError: string | null;
  totpPrompt: TotpPrompt | null;
}

export const useSession = create<SessionState>()(() => ({
  session: null,
  sessionError: null,
  profiles: null,
  profilesError: null,
  totpPrompt: null,
}));

export function setSession(session: SessionView): void {
  useSession.setState((s) => ({
    session,
    sessionError: null,
    // A profile switch changes which profile is active.
    profiles: s.profiles?.map((p) => ({ ...p, active: p.id === session.profileId })) ?? null,
    totpPrompt: session.needsTotp
      ? (s.totpPrompt ?? { profileId: session.profileId, reason: 'The session needs an authenticator code.' })
      : s.totpPrompt,
  }));
}

export async function loadSession(): Promise<void> {
  try {
    setSession(await call((d) => d.session.status({})));
  } catch (error) {
    useSession.setState({ sessionError: describeError(error) });
  }
}

export async function loadProfiles(): Promise<void> {
  try {
    const profiles = await call((d) => d.profiles.list({}));
    useSession.setState({ profiles, profilesError: null });
  } catch (error) {
    useSession.setState({ profilesError: describeError(error) });
  }
}

export function askForTotp(prompt: TotpPrompt): void {
  useSession.setState({ totpPrompt: prompt });
}

export function dismissTotp(): void {
  useSession.setState({ totpPrompt: null });
}

/** The active profile as the status bar should show it, even before profiles load. */
export function useActiveEnvironment(): { name: string; kind: ProfileView['kind'] | null } {
  const session = useSession((s) => s.session);
  return { name: session?.profileName ?? 'No environment', kind: session?.profileKind ?? null };
}
