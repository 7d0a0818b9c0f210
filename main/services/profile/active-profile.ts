// Which environment profile is active, and its runtime. Selecting another profile
// signs out of the old one (an API logout), stops its poller and background
// work, then starts the new one's runtime. Session state changes drive the rest:
// becoming active starts the rate poller and resumes unfinished orders; signing
// out stops the poller.
import type { SessionView } from '../../../shared/desk-api';
import type { Profile } from '../../settings';
import type { ServiceContext } from '../common/context';
import { healthView, startRatePoller } from '../market/market';
import { ProfileRuntime } from '../runtime/runtime';
import type { SessionSnapshot } from '../../../shared/desk-api';
import type { ProfileSession } from '../runtime/profile-session';

export interface ActiveProfileOptions {
  createSession(profile: Profile): ProfileSession;
  /** Runs before a profile's runtime starts (the Local sandbox starts its simulator here). */
  prepare?(profile: Profile): Promise<void>;
}

export function sessionView(runtime: ProfileRuntime, snapshot: SessionSnapshot = runtime.session.snapshot()): SessionView {
  return { profileId: runtime.profile.id, profileName: runtime.profile.name, profileKind: runtime.profile.kind, ...snapshot };
}

export class ActiveProfile {
  private current: ProfileRuntime | null = null;
  /** Serialises switches: two quick selects never leave two runtimes alive. */
  private switching: Promise<unknown> = Promise.resolve();
  private readonly signedInListeners = new Set<(runtime: ProfileRuntime) => void>();

  constructor(
    private readonly ctx: Omit<ServiceContext, 'runtime'>,
    private readonly options: ActiveProfileOptions,
  ) {}

  /**
   * Calls `listener` every time a profile's session becomes active (first sign-in,
   * or again after a sign-out or error). An event rather than an option: the
   * services that resume work on sign-in are built on a context that reads the
   * active runtime from this manager, so they exist only after it. Returns unsubscribe.
   */
  onSignedIn(listener: (runtime: ProfileRuntime) => void): () => void {
    this.signedInListeners.add(listener);
    return () => this.signedInListeners.delete(listener);
  }

  /** The active runtime; there always is one after `activate` ran once. */
  get active(): ProfileRuntime {
    if (!this.current) throw new Error('No environment profile is active yet.');
    return this.current;
  }

  /** Stops the current runtime (logging out when asked) and starts the one for `profileId`. */
  activate(profileId: string, { logoutPrevious = true } = {}): Promise<ProfileRuntime> {
    const run = async (): Promise<ProfileRuntime> => {
      if (!this.ctx.settings.getProfile(profileId)) throw new Error(`There is no profile with the id "${profileId}".`);
      const previous = this.current;
      if (previous) {
        if (logoutPrevious) await this.signOut(previous).catch(() => undefined);
        await previous.stop();
      }
      const original = this.ctx.settings.getProfile(profileId)!;
      await this.options.prepare?.(original);
      // Read again: preparing may have set the URL (the Local sandbox's port).
      const profile = this.ctx.settings.getProfile(profileId) ?? original;
      const runtime = new ProfileRuntime(profile, this.options.createSession(profile), this.ctx.timers, this.ctx.log);
      this.wire(runtime);
      this.current = runtime;
      this.ctx.events.emit('session.changed', sessionView(runtime));
      return runtime;
    };
    const next = this.switching.then(run, run);
    this.switching = next.catch(() => undefined);
    return next;
  }

  async signIn(runtime: ProfileRuntime = this.active): Promise<void> {
    await this.ctx.audit.around(runtime.profile.id, 'login', `sign in to ${runtime.profile.name}`, () => runtime.session.signIn());
  }

  /**
   * Starts a sign-in and resolves when it has settled — or as soon as it waits
   * for the operator's TOTP code, which may take any time: start-up and profile
   * switches must not hang on it (the prompt is an event; the code arrives
   * through session.submitTotp). Never rejects; the outcome is in the session view.
   */
  signInUntilPrompt(runtime: ProfileRuntime = this.active): Promise<void> {
    return new Promise((resolve) => {
      const stop = runtime.session.onChange((snapshot) => {
        if (snapshot.needsTotp) done();
      });
      const done = (): void => {
        stop();
        resolve();
      };
      this.signIn(runtime).then(done, (error: unknown) => {
        this.ctx.log.warn(`sign-in to ${runtime.profile.name} failed`, { error: error instanceof Error ? error.message : String(error) });
        done();
      });
    });
  }

  async signOut(runtime: ProfileRuntime = this.active): Promise<void> {
    const state = runtime.session.snapshot().state;
    if (state === 'signed-out') return;
    await this.ctx.audit.around(runtime.profile.id, 'logout', `sign out of ${runtime.profile.name}`, () => runtime.session.signOut());
  }

  /** Stops everything; logs out first (an API call) unless told not to. */
  async dispose({ logout = true } = {}): Promise<void> {
    await this.switching;
    const runtime = this.current;
    if (!runtime) return;
    if (logout) await this.signOut(runtime).catch(() => undefined);
    await runtime.stop();
  }

  private wire(runtime: ProfileRuntime): void {
    let wasActive = false;
    runtime.session.onChange((snapshot) => {
      if (runtime.stopped) return;
      const active = snapshot.state === 'active' || snapshot.state === 'refreshing';
      if (active && !wasActive) {
        runtime.clearSessionCaches();
        startRatePoller({ ...this.ctx, runtime: () => runtime }, runtime);
        for (const listener of [...this.signedInListeners]) listener(runtime);
      }
      if (snapshot.state === 'signed-out') {
        runtime.clearSessionCaches();
        if (runtime.poller) void runtime.poller.stop();
      }
      wasActive = active;
      this.ctx.events.emit('session.changed', sessionView(runtime, snapshot));
    });
    runtime.health.onChange(() => {
      if (!runtime.stopped) this.ctx.events.emit('kriptomat.health', healthView(runtime));
    });
    runtime.session.onTotpNeeded((reason) => {
      if (!runtime.stopped) this.ctx.events.emit('session.totpNeeded', { profileId: runtime.profile.id, reason });
    });
  }
}
