// createDesk: builds main's services for one user-data directory — settings, the
// local store, the vault, the built-in Local sandbox, the active profile's session
// and rate poller — and hands the transports the bridge handlers and event bus.
import { join } from 'node:path';
import type { RunningSandbox } from '../../sandbox/server';
import type { DeskEvents, DeskHandlers } from '../../shared/desk-api';
import { hostDesk, type WorkspaceDesk, type WorkspaceDeskHandlers, type WorkspaceDeskParts } from './host';
import { DeskFailure } from '../errors';
import type { DeskEventBus } from '../events';
import type { KriptomatClientOptions } from '../kriptomat/client';
import { log as defaultLog, type Logger } from '../log';
import { LOCAL_SANDBOX_PROFILE_ID, type Profile, type SettingsStore } from '../settings';
import { AuditRecorder } from '../services/audit/recorder';
import { createAuditHandlers } from '../services/audit/audit';
import { createApprovalService } from '../services/approvals/approvals';
import { createPolicyHandlers } from '../services/approvals/policy';
import { createBalanceHandlers } from '../services/users/balances';
import { createBankHandlers, createDepositHandlers } from '../services/users/banks';
import { defaultTuning, type ServiceContext, type ServiceTuning } from '../services/common/context';
import { createKycHandlers } from '../services/users/kyc';
import { createMarketHandlers } from '../services/market/market';
import { createOrderService } from '../services/orders/orders';
import { ActiveProfile } from '../services/profile/active-profile';
import { createProfileHandlers } from '../services/profile/profiles';
import { createProfileSession } from '../services/profile/profile-session';
import { createSessionHandlers } from '../services/profile/session';
import { createSettingsHandlers } from '../services/profile/settings';
import { openDeskStore } from '../store/sqlite/adapter';
import { realTimers, type Timers } from '../services/common/timers';
import { createTransactionService } from '../services/transactions/transactions';
import { createUserHandlers } from '../services/users/users';
import { createStoreRouter } from '../store/router';
import type { DeskStorePort } from '../store/port';
import { createWorkspaceHandlers } from '../services/workspace/workspace';
import { createWorkspaceStatus } from '../services/workspace/status';
import { createTeamLive, type TeamLive } from '../services/workspace/team-live';
import { createApprovalsAnnouncer } from '../services/approvals/announce';
import { environmentKey } from '../store/postgres/environment';
import { createTeamStorePort, type TeamEnvironment } from '../store/postgres/adapter';
import { openTeamStore, type TeamStore } from '../store/postgres/team-store';

export interface DeskOptions {
  /** Where settings, the SQLite store and window state live. */
  userDataDir: string;
  /** Fixed loopback port for the built-in Local sandbox (0 or undefined: a free one). */
  sandboxPort?: number;
  /** Keychain namespace so tests get a fresh keychain per run. */
  keychainNamespace?: string;
  /** Seed for the built-in sandbox. */
  sandboxSeed?: number;
  /** Token lifetime of the built-in sandbox, seconds (tests shorten it). */
  sandboxTokenTtlSeconds?: number;
  /**
   * Use an already running sandbox for the Local sandbox profile instead of
   * starting one in-process — tests that stop and restart the desk against the
   * same sandbox (a crash in the middle of an order). Its demo credentials are
   * stored exactly as the in-process sandbox's would be.
   */
  externalSandbox?: ExternalSandbox;
  /**
   * The team database (PostgreSQL URL, the password may be in it): with it the
   * desk works in the Team workspace — every profile but the Local sandbox keeps
   * its users, orders, transactions and audit trail there. It wins over the
   * choice saved in Settings → Workspace, which cannot switch away from it.
   */
  teamDbUrl?: string;
}

export interface ExternalSandbox {
  /** The API base URL, e.g. http://127.0.0.1:4010/v1 */
  url: string;
  partner: { email: string; password: string; client_id: number; client_secret: string; totp_secret: string };
}

export interface Desk {
  handlers: DeskHandlers;
  events: DeskEventBus;
  /** Resolves once the active profile has started (sandbox up, first sign-in attempted). */
  ready: Promise<void>;
  /** Logs out, stops pollers and the built-in sandbox, closes the store. */
  dispose(): Promise<void>;
}

export const STORE_FILE_NAME = 'desk.sqlite';

/** Knobs for tests and benches; the app uses the defaults. */
export interface DeskInternals {
  tuning?: Partial<ServiceTuning>;
  timers?: Timers;
  log?: Logger;
  clientOptions?: Omit<KriptomatClientOptions, 'baseUrl'>;
}

/**
 * The desk the transports see: its handlers and event bus stay the same while
 * Settings → Workspace moves it between Solo and Team (main/desk/host.ts), each
 * workspace a desk of its own built by `createWorkspaceDesk`.
 */
export function createDesk(opts: DeskOptions, internals: DeskInternals = {}): Promise<Desk> {
  return hostDesk(opts, internals, (parts) => createWorkspaceDesk(opts, internals, parts));
}

/** Main's services in one workspace: Solo (`parts.team` null) or Team on that database. */
async function createWorkspaceDesk(opts: DeskOptions, internals: DeskInternals, parts: WorkspaceDeskParts): Promise<WorkspaceDesk> {
  const log = internals.log ?? defaultLog;
  const timers = internals.timers ?? realTimers;
  const { events, settings, vault, vaultStatus } = parts;

  // Connects lazily: an unreachable database shows on the first call, not here, so the desk still starts.
  // Opened before the SQLite file so a malformed URL leaks nothing.
  const team: TeamStore | null = parts.team !== null ? openTeamStore(parts.team) : null;
  const localStore = openDeskStore(join(opts.userDataDir, STORE_FILE_NAME));
  const store: DeskStorePort = team ? createTeamWorkspaceStore(team, localStore, settings) : localStore;
  // From here on a failure must not leak an open store or a listening sandbox.
  let sandbox: RunningSandbox | null = null;
  try {
    const audit = new AuditRecorder({ sink: store, now: timers.now, log });
    const tuning = { ...defaultTuning, ...internals.tuning };
    const approvalsAnnouncer = createApprovalsAnnouncer({
      store,
      events,
      log,
      timers,
      delayMs: tuning.approvalsAnnounceMs,
      isActive: (profileId) => settings.get().activeProfileId === profileId,
    });
    const base = { events, settings, store, vault, vaultStatus, audit, timers, log, tuning, approvalsAnnouncer };

    /** The built-in Local sandbox: started (or attached) on first use, its demo account stored so no typing is needed. */
    let localSandbox: Promise<void> | null = null;
    const ensureLocalSandbox = (): Promise<void> =>
      (localSandbox ??= (async () => {
        let external: ExternalSandbox;
        if (opts.externalSandbox) {
          external = opts.externalSandbox;
        } else {
          // Loaded only when the Local sandbox is used: a desk that only ever works on
          // staging or production never evaluates the simulator's code.
          const { startSandbox } = await import('../../sandbox/server');
          sandbox = await startSandbox({
            port: opts.sandboxPort ?? 0,
            ...(opts.sandboxSeed !== undefined ? { seed: opts.sandboxSeed } : {}),
            ...(opts.sandboxTokenTtlSeconds !== undefined ? { tokenTtlSeconds: opts.sandboxTokenTtlSeconds } : {}),
          });
          external = { url: sandbox.url, partner: sandbox.partner };
          log.info(`local sandbox listening on ${sandbox.origin}`);
        }
        settings.setLocalSandboxBaseUrl(external.url);
        const { partner } = external;
        await settings.setProfileAccount(LOCAL_SANDBOX_PROFILE_ID, { email: partner.email, clientId: partner.client_id });
        await vault.setSecrets(LOCAL_SANDBOX_PROFILE_ID, {
          password: partner.password,
          client_secret: partner.client_secret,
          totp_secret: partner.totp_secret,
        });
      })());

    let orders: ReturnType<typeof createOrderService> | null = null;
    let approvals: ReturnType<typeof createApprovalService> | null = null;
    let transactions: ReturnType<typeof createTransactionService> | null = null;
    const manager = new ActiveProfile(base, {
      createSession: (profile: Profile) =>
        createProfileSession({ profile, settings, vault, log, ...(internals.clientOptions ? { clientOptions: internals.clientOptions } : {}) }),
      onSignedIn: (runtime) => {
        orders?.resume(runtime);
        approvals?.watch(runtime);
        transactions?.syncIfNeverCompleted(runtime);
      },
      prepare: async (profile) => {
        if (profile.id === LOCAL_SANDBOX_PROFILE_ID) await ensureLocalSandbox();
      },
    });

    let started = false;
    let startError: string | null = null;
    const ctx: ServiceContext = {
      ...base,
      runtime: () => {
        if (startError !== null) throw new DeskFailure('internal', startError);
        if (!started) throw new DeskFailure('signed_out', 'The desk is still starting; try again in a moment.');
        return manager.active;
      },
    };
    orders = createOrderService(ctx);
    const orderService = orders;
    approvals = createApprovalService(ctx, { claimReleased: (runtime) => orderService.claimReleased(runtime) });
    transactions = createTransactionService(ctx);
    const syncingTransactions = transactions;

    // Whether the team database is there, from what the desk knows (the listener below) rather than a query per poll.
    const workspaceStatus = createWorkspaceStatus({ team, events, log });

    // Team: what other desks write in the active shared profile's environment shows here live.
    let live: TeamLive | null = null;
    let stopFollowing = (): void => undefined;
    if (team) {
      const teamLive = createTeamLive({
        team,
        store,
        announcer: approvalsAnnouncer,
        events,
        log,
        isShared: (profileId) => profileId !== LOCAL_SANDBOX_PROFILE_ID,
        environmentKeyOf: (profileId) => {
          const env = environmentOf(settings, profileId);
          try {
            return env ? environmentKey(env.baseUrl, env.clientId) : null;
          } catch {
            return null;
          }
        },
        syncing: () => syncingTransactions.syncing(),
        onListening: (connected) => workspaceStatus.listening(connected),
      });
      live = teamLive;
      // Every activation (start-up and each profile switch) announces the new profile.
      stopFollowing = events.subscribe((name, payload) => {
        if (name === 'session.changed') teamLive.follow((payload as DeskEvents['session.changed']).profileId);
      });
    }

    const handlers: WorkspaceDeskHandlers = {
      ...createSessionHandlers(ctx, manager),
      ...createProfileHandlers(ctx, manager),
      ...createUserHandlers(ctx),
      ...createKycHandlers(ctx),
      ...createBankHandlers(ctx),
      ...createDepositHandlers(ctx),
      ...createMarketHandlers(ctx),
      ...createBalanceHandlers(ctx),
      ...orders.handlers,
      ...transactions.handlers,
      ...createAuditHandlers(ctx),
      ...createSettingsHandlers(ctx),
      ...createPolicyHandlers(ctx),
      ...approvals.handlers,
      ...createWorkspaceHandlers(workspaceStatus),
    };

    const activated = (async () => {
      try {
        const runtime = await manager.activate(settings.get().activeProfileId, { logoutPrevious: false });
        started = true;
        return runtime;
      } catch (error) {
        // Typically the Local sandbox's fixed port is taken. Calls say so instead of "still starting".
        startError = `The desk could not start the ${settings.activeProfile().name} environment: ${error instanceof Error ? error.message : String(error)}`;
        log.error(startError);
        throw new Error(startError, { cause: error });
      }
    })();
    // A failed first sign-in is shown in the session view (and audited); the desk still starts.
    const ready = activated.then((runtime) => manager.signInUntilPrompt(runtime));
    // `ready` is awaited by the transports; a failure here must not be an unhandled rejection meanwhile.
    ready.catch(() => undefined);

    let disposing: Promise<void> | null = null;
    const dispose = (): Promise<void> =>
      (disposing ??= (async () => {
        // Not `ready`: its first sign-in may still wait on the network, and quitting
        // must not. Logging out below discards a login still in flight.
        await activated.catch(() => undefined);
        stopFollowing();
        workspaceStatus.dispose();
        await live?.dispose();
        approvalsAnnouncer.dispose();
        await manager.dispose({ logout: true }).catch((error: unknown) => log.warn('stopping the session failed', { error }));
        const running = sandbox as RunningSandbox | null;
        if (running) await running.close().catch(() => undefined);
        await store.close();
      })());

    return { handlers, ready, dispose };
  } catch (error) {
    const running = sandbox as RunningSandbox | null;
    if (running) await running.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    throw error;
  }
}

/** A profile's team environment: its base URL and partner client id, once both are known. */
function environmentOf(settings: SettingsStore, profileId: string): TeamEnvironment | null {
  const baseUrl = settings.getProfile(profileId)?.baseUrl ?? null;
  const clientId = settings.getProfileAccount(profileId).clientId;
  return baseUrl !== null && typeof clientId === 'number' ? { baseUrl, clientId } : null;
}

/** Team workspace: shared profiles on the team database, the Local sandbox (and rate history) in the desk's own store. */
function createTeamWorkspaceStore(team: TeamStore, local: DeskStorePort, settings: SettingsStore): DeskStorePort {
  return createStoreRouter({
    local,
    team: createTeamStorePort(team, (profileId) => environmentOf(settings, profileId), { rates: local }),
    isShared: (profileId) => profileId !== LOCAL_SANDBOX_PROFILE_ID,
    activeProfileId: () => settings.get().activeProfileId,
  });
}
