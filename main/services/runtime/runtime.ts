// The live parts of the active environment profile: its session and bound API,
// the per-session market caches, what main last read of each user, the rate poller, and every background task
// (KYC follow-ups, order polling, re-sends). Switching profiles stops the old
// runtime as a whole, so nothing of one environment keeps running against another.
import type { RateView } from '../../../shared/desk-api';
import type { Currency, ExchangeRate } from '../../../shared/kriptomat';
import type { Profile } from '../../settings';
import type { Logger } from '../../log';
import type { AuthorizedApi } from '../../session';
import type { RatePoller } from './rate-poller';
import { KriptomatHealth } from './kriptomat-health';
import { ReadCache } from './read-cache';
import type { ProfileSession } from './profile-session';
import type { Timers } from './timers';

/**
 * How long stopping waits for work already in flight (a rate poll, an order's
 * answer) after telling it to stop. What is cut short is a network call: an
 * order row still `sending` is re-sent with its idempotency key at the next
 * start, so quitting need not wait out a hanging request (up to 15 s per try).
 */
export const STOP_WAIT_MS = 1_000;

export interface MarketCache {
  pairs: Promise<string[]> | null;
  currencies: Promise<Currency[]> | null;
  /** The newest rate seen per pair (poller or on-demand fetch). */
  latest: Map<string, RateView>;
}

export class ProfileRuntime {
  readonly market: MarketCache = { pairs: null, currencies: null, latest: new Map() };
  /** What main last read of each user (status, balances, bank accounts), for the order checks. */
  readonly reads = new ReadCache();
  poller: RatePoller<ExchangeRate> | null = null;
  /** Whether Kriptomat answers this profile's calls; an answer to any call ends the poller's back-off. */
  readonly health: KriptomatHealth;
  private readonly controller = new AbortController();
  private readonly tasks = new Set<Promise<void>>();
  /** Wake-ups of tasks asleep in `sleep`, so stopping does not wait out their timers. */
  private readonly sleepers = new Set<() => void>();

  constructor(
    readonly profile: Profile,
    readonly session: ProfileSession,
    private readonly timers: Timers,
    private readonly log: Logger,
  ) {
    this.health = new KriptomatHealth(() => timers.now());
    session.onCall((outcome) => {
      if (!this.stopped) this.health.note(outcome);
    });
    this.health.onAnswer(() => this.poller?.answered());
  }

  get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  /** The bound API (the profile session refuses calls while signed out or once closed). */
  get api(): AuthorizedApi {
    return this.session.api;
  }

  /** Whether a call can go out now: the profile is still selected and the operator has not signed out. */
  get signedIn(): boolean {
    return !this.stopped && this.session.snapshot().state !== 'signed-out';
  }

  /** Forgets what was cached for the previous session (pairs may differ after a new sign-in). */
  clearSessionCaches(): void {
    this.market.pairs = null;
    this.market.currencies = null;
  }

  /** Runs a task tied to this runtime's life; its failure is logged, never unhandled. */
  spawn(name: string, task: () => Promise<void>): void {
    if (this.stopped) return;
    const running: Promise<void> = task()
      .catch((error: unknown) => {
        if (!this.stopped) this.log.warn(`${name} stopped`, { error });
      })
      .finally(() => {
        this.tasks.delete(running);
      });
    this.tasks.add(running);
  }

  /** Waits `ms`; resolves false at once if the runtime stops meanwhile. */
  sleep(ms: number): Promise<boolean> {
    if (this.stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = (): void => {
        this.timers.clearTimeout(handle);
        resolve(false);
      };
      const handle = this.timers.setTimeout(() => {
        this.sleepers.delete(wake);
        resolve(true);
      }, ms);
      this.sleepers.add(wake);
    });
  }

  /**
   * Waits `ms`, or less when Kriptomat answers again after being unreachable (a
   * back-off need not outlast the outage): 'elapsed', 'back', or 'stopped' at once
   * if the runtime stops meanwhile.
   */
  sleepUntilBack(ms: number): Promise<'elapsed' | 'back' | 'stopped'> {
    if (this.stopped) return Promise.resolve('stopped');
    return new Promise((resolve) => {
      const end = (how: 'elapsed' | 'back' | 'stopped'): void => {
        this.timers.clearTimeout(handle);
        this.sleepers.delete(wake);
        off();
        resolve(how);
      };
      const wake = (): void => end('stopped');
      const off = this.health.onBack(() => end('back'));
      const handle = this.timers.setTimeout(() => end('elapsed'), ms);
      this.sleepers.add(wake);
    });
  }

  /**
   * Stops background work and the poller, waiting at most STOP_WAIT_MS for what
   * is in flight, then the session's timers. Logging out is the caller's choice.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.controller.abort();
    for (const wake of this.sleepers) wake();
    this.sleepers.clear();
    await this.atMost(STOP_WAIT_MS, Promise.allSettled([this.poller?.stop(), ...this.tasks]));
    await this.session.dispose();
  }

  /** Waits for `work`, or `ms`, whichever ends first. */
  private atMost(ms: number, work: Promise<unknown>): Promise<void> {
    return new Promise((resolve) => {
      const handle = this.timers.setTimeout(() => {
        this.log.warn(`stopping ${this.profile.name}: work still in flight after ${ms} ms is left to end on its own`);
        resolve();
      }, ms);
      void work.finally(() => {
        this.timers.clearTimeout(handle);
        resolve();
      });
    });
  }

  /** Test helper: resolves when every background task has ended. */
  async idle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }
}
