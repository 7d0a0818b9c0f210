// One environment profile's session, as the services use it: main/session's
// Session, rebuilt whenever a sign-in finds the login details (base URL, email,
// client id) changed, plus the operator's typed TOTP codes and the bound API.
// Secrets are read from the vault at each login and never kept here. In common
// because every area's ProfileRuntime (runtime.ts) is built on it.
import type { KriptomatClientOptions } from '../../kriptomat/client';
import type { Logger } from '../../log';
import type { SessionSnapshot } from '../../../shared/desk-api';
import {
  bindApi,
  createSession,
  createTotpPrompter,
  SessionError,
  type AuthorizedApi,
  type Clock,
  type Session,
  type SessionDetail,
  type TotpPrompter,
} from '../../session';
import type { Profile, SettingsStore } from '../../settings';
import type { Vault } from '../../vault';
import { DeskFailure } from '../../errors';
import { reachedBy, type CallOutcome } from './kriptomat-health';

export interface ProfileSessionOptions {
  profile: Profile;
  settings: SettingsStore;
  vault: Vault;
  log: Logger;
  clock?: Clock;
  clientOptions?: Omit<KriptomatClientOptions, 'baseUrl'>;
}

export interface ProfileSession {
  snapshot(): SessionSnapshot;
  /** Resolves when signed in; rejects with the reason (a KriptomatError or a DeskFailure). */
  signIn(): Promise<void>;
  /** Logs out at the API (best effort) and forgets the token. */
  signOut(): Promise<void>;
  /** A code typed by the operator when no TOTP secret is stored. */
  submitTotp(code: string): Promise<void>;
  /** Every state change. */
  onChange(listener: (snapshot: SessionSnapshot) => void): () => void;
  /** The session wants a code typed by the operator. */
  onTotpNeeded(listener: (reason: string) => void): () => void;
  /** Every call through the bound API that went out: reached Kriptomat or not, and how long it took (runtime/kriptomat-health.ts). */
  onCall(listener: (outcome: CallOutcome) => void): () => void;
  /**
   * The bound API. Refuses while signed out (no silent login behind the operator's
   * back) and once the profile is closed; picks up a rebuilt session at call time.
   */
  readonly api: AuthorizedApi;
  /** Stops timers; does not log out (call signOut first when wanted). */
  dispose(): Promise<void>;
}

interface Built {
  key: string;
  session: Session;
  unsubscribe: () => void;
}

/**
 * What became of a code just handed to the session: the login it was for ended
 * (signed in, or failed for good), or the service refused the code and the
 * session asks for another one, saying why.
 */
function outcomeOfCode(session: Session, prompter: TotpPrompter): Promise<{ refused: false } | { refused: true; reason: string }> {
  return new Promise((resolve) => {
    const stop = prompter.onNeeded((request) => {
      if (request.reason !== 'rejected') return;
      stop();
      resolve({ refused: true, reason: request.refusal ?? 'The code was refused.' });
    });
    void session.idle().then(() => {
      stop();
      resolve({ refused: false });
    });
  });
}

/** "a", "a and b", "a, b and c". */
function listInWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

export function createProfileSession(options: ProfileSessionOptions): ProfileSession {
  const { profile, settings, vault, log } = options;
  const prompter = createTotpPrompter();
  const listeners = new Set<(snapshot: SessionSnapshot) => void>();
  const callListeners = new Set<(outcome: CallOutcome) => void>();
  const clockNow = (): number => (options.clock ? options.clock.now() : performance.now());
  /** Tells the call listeners what `error` (undefined: none) says about Kriptomat. */
  const noteCall = (startedAt: number, error: unknown): void => {
    const seen = reachedBy(error);
    if (seen === null) return;
    const outcome: CallOutcome = { ...seen, durationMs: Math.max(0, clockNow() - startedAt) };
    for (const listener of [...callListeners]) listener(outcome);
  };
  let built: Built | null = null;
  /** A problem found before any session could be built (no email stored, say). */
  let setupError: string | null = null;
  /** Logins of sessions replaced since, so the count survives a rebuild. */
  let earlierLogins = 0;
  let disposed = false;

  const signedOut: SessionSnapshot = {
    state: 'signed-out',
    expiresAtMs: null,
    lastRenewedAtMs: null,
    logins: 0,
    error: null,
    needsTotp: false,
  };
  /** The current session's snapshot, with the logins of sessions it replaced and any set-up problem. */
  const snapshotOf = (detail: SessionDetail | null): SessionSnapshot => {
    const { phase: _phase, serverOffsetMs: _offset, ...core } = detail ?? { ...signedOut, phase: null, serverOffsetMs: 0 };
    const counted = { ...core, logins: earlierLogins + core.logins };
    return setupError === null ? counted : { ...counted, state: 'error', expiresAtMs: null, error: setupError, needsTotp: false };
  };
  const snapshot = (): SessionSnapshot => snapshotOf(built?.session.snapshot() ?? null);
  const emit = (): void => {
    const snap = snapshot();
    for (const listener of [...listeners]) listener(snap);
  };

  /** The login details this profile needs now; throws a plain-words refusal when some are missing. */
  const loginDetails = (): { baseUrl: string; email: string; clientId: number } => {
    const current = settings.getProfile(profile.id) ?? profile;
    const account = settings.getProfileAccount(profile.id);
    const missing: string[] = [];
    if (!current.baseUrl) missing.push('the API address');
    if (!account.email) missing.push('the e-mail');
    if (account.clientId === undefined) missing.push('the client id');
    if (missing.length > 0 || !current.baseUrl || !account.email || account.clientId === undefined) {
      throw new DeskFailure(
        'signed_out',
        `Cannot sign in to ${profile.name}: ${listInWords(missing)} ${missing.length > 1 ? 'are' : 'is'} not set. Add them in the environment's credentials.`,
      );
    }
    return { baseUrl: current.baseUrl, email: account.email, clientId: account.clientId };
  };

  const build = (details: { baseUrl: string; email: string; clientId: number }): Built => {
    const key = `${details.baseUrl}\u0000${details.email}\u0000${details.clientId}`;
    if (built?.key === key) return built;
    if (built) {
      // A question of the old session would otherwise be shared by the new one's first.
      prompter.cancel('The sign-in details changed.');
      earlierLogins += built.session.snapshot().logins;
      built.unsubscribe();
      built.session.dispose();
    }
    const session = createSession({
      settings: { baseUrl: details.baseUrl, email: details.email, client_id: details.clientId },
      secrets: async () => {
        const secrets = await vault.getSecrets(profile.id);
        if (!secrets.password || !secrets.client_secret) {
          throw new DeskFailure('signed_out', `Cannot sign in to ${profile.name}: the password and client secret must be stored first.`);
        }
        return { password: secrets.password, client_secret: secrets.client_secret, totp_secret: secrets.totp_secret ?? null };
      },
      promptTotp: (request) => prompter.prompt(request),
      logger: log,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.clientOptions ? { clientOptions: options.clientOptions } : {}),
    });
    const unsubscribe = session.subscribe(() => emit());
    built = { key, session, unsubscribe };
    return built;
  };

  /** The one wrapper that attaches a token: the current session's, refused while signed out. */
  const api = bindApi((call) => {
    if (disposed) return Promise.reject(new SessionError('signed_out', `The ${profile.name} environment is no longer selected.`));
    const current = built;
    if (!current || current.session.snapshot().state === 'signed-out') {
      return Promise.reject(new SessionError('signed_out', `You are signed out of ${profile.name}. Sign in and try again.`));
    }
    const startedAt = clockNow();
    const result = current.session.authorized((token) => call(current.session.client, token));
    result.then(
      () => noteCall(startedAt, undefined),
      (error: unknown) => noteCall(startedAt, error),
    );
    return result;
  });

  return {
    snapshot,
    api,
    async signIn() {
      if (disposed) throw new SessionError('signed_out', 'This environment is no longer selected.');
      let details;
      try {
        details = loginDetails();
      } catch (error) {
        setupError = error instanceof Error ? error.message : 'Cannot sign in.';
        emit();
        throw error;
      }
      const wasError = setupError !== null;
      setupError = null;
      const current = build(details);
      if (wasError) emit();
      await current.session.signIn();
    },
    async signOut() {
      prompter.cancel('Signed out.');
      setupError = null;
      if (built) await built.session.logout();
      else emit();
    },
    async submitTotp(code) {
      const session = built?.session;
      if (!session || !prompter.submit(code)) {
        throw new DeskFailure('validation', 'No sign-in is waiting for a code right now.', {
          fieldErrors: { code: ['Nothing is waiting for a code.'] },
        });
      }
      // Answer with what became of this code — not of the whole login, which
      // after a refusal waits for the operator's next code (the caller).
      const outcome = await outcomeOfCode(session, prompter);
      if (outcome.refused) {
        const message = `Kriptomat refused this code (${outcome.reason.replace(/\.$/, '')}). Enter the code your authenticator app shows now.`;
        throw new DeskFailure('validation', message, { fieldErrors: { code: [message] } });
      }
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onTotpNeeded(listener) {
      return prompter.onNeeded((request) => listener(request.reason));
    },
    onCall(listener) {
      callListeners.add(listener);
      return () => callListeners.delete(listener);
    },
    async dispose() {
      disposed = true;
      prompter.cancel('The environment was closed.');
      if (built) {
        built.unsubscribe();
        built.session.dispose();
      }
      listeners.clear();
      callListeners.clear();
    },
  };
}
