// Everything a service needs, handed in once by createWorkspaceDesk
// (desk/workspace-desk.ts). Services never import each other's state: the
// per-profile parts (session, API, caches, pollers) live in the active
// ProfileRuntime, which `ctx.runtime()` returns.
import type { DeskEventBus } from '../../events';
import type { Logger } from '../../log';
import type { SettingsStore } from '../../settings';
import type { Vault, VaultStatus } from '../../vault';
import type { AuditAction } from '../../../shared/audit-actions';
import type { ProfileRuntime } from '../runtime/runtime';
import type { DeskStorePort } from '../../store/port';
import type { Timers } from '../runtime/timers';

export interface ServiceTuning {
  /** How often a KYC import is followed up (re-fetch of the user). Default 3 s. */
  kycFollowIntervalMs: number;
  /** How long a KYC import is followed before giving up. Default 15 min. */
  kycFollowMaxMs: number;
  /** How often an accepted order's transaction is polled until final. Default 2 s. */
  orderPollIntervalMs: number;
  /** How long an accepted order is polled before the desk stops watching. Default 10 min. */
  orderPollMaxMs: number;
  /** Backoff of the background re-send of orders whose answer was lost. Default 2 s, doubling to 60 s. */
  orderResendBaseMs: number;
  orderResendMaxMs: number;
  /**
   * Team workspace: how often a signed-in desk claims `sending` rows whose sender's
   * lease ran out (a desk that died mid-send). Default 30 s, half the lease.
   */
  orderClaimSweepMs: number;
  /**
   * A held withdrawal looks at the clock at least this often (and a held one whose
   * checks could not run tries again after this long). Default 60 s: a laptop asleep
   * past the end of a hold sends within a minute of waking.
   */
  holdCheckMs: number;
  /** Parallel requests for balances and rates. Default 4. */
  concurrency: number;
  /**
   * The most transaction pages a sync keeps in flight; the sync grows towards it
   * while answers come back fast and halves on a 429. Default 16.
   */
  syncConcurrency: number;
  /** Whether a sign-in to an environment whose history was never read runs the first full sync by itself. Default true. */
  syncOnFirstSignIn: boolean;
  /**
   * A cached rate older than this is re-fetched for an order's checks. Default null:
   * the shared staleness rule (shared/rate-freshness.ts) at the polling interval, the
   * age past which Rates marks a rate stale and the ticket blocks orders on it.
   */
  rateFreshMs: number | null;
  /**
   * An order's checks use the user, balance and bank accounts main last read
   * (what the ticket shows) while the read is at most this old; older ones are
   * read again. Default 15 s.
   */
  orderReadFreshMs: number;
  /**
   * Team: how long `approvals.changed` waits for a burst of changes to end (this
   * desk's own write and its database notification coming back) before one count
   * and one event. Default 100 ms.
   */
  approvalsAnnounceMs: number;
}

export const defaultTuning: ServiceTuning = {
  kycFollowIntervalMs: 3_000,
  kycFollowMaxMs: 15 * 60_000,
  orderPollIntervalMs: 2_000,
  orderPollMaxMs: 10 * 60_000,
  orderResendBaseMs: 2_000,
  orderResendMaxMs: 60_000,
  orderClaimSweepMs: 30_000,
  holdCheckMs: 60_000,
  concurrency: 4,
  syncConcurrency: 16,
  syncOnFirstSignIn: true,
  rateFreshMs: null,
  orderReadFreshMs: 15_000,
  approvalsAnnounceMs: 100,
};

/**
 * The audit trail as the services write it (audit/recorder.ts keeps it). Named
 * here, at the bottom of services, so the context needs no other area.
 */
export interface AuditTrail {
  /** Records one entry once it is written; never rejects. */
  record(profileId: string, action: AuditAction, summary: string, outcome: 'ok' | 'error'): Promise<void>;
  /** Runs `fn` and records its outcome (with `describe(value)` appended when it went well). */
  around<T>(profileId: string, action: AuditAction, summary: string, fn: () => Promise<T>, describe?: (value: T) => string): Promise<T>;
}

export interface ServiceContext {
  events: DeskEventBus;
  settings: SettingsStore;
  store: DeskStorePort;
  vault: Vault;
  vaultStatus: VaultStatus;
  audit: AuditTrail;
  timers: Timers;
  log: Logger;
  tuning: ServiceTuning;
  /** Says `approvals.changed`, once per burst of changes (approvals/announce.ts). */
  approvalsAnnouncer: { announce(profileId: string): void };
  /** The active profile's runtime. */
  runtime(): ProfileRuntime;
}
