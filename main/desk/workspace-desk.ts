// One workspace's desk: main's services for Solo (the desk's SQLite store) or
// Team (the team database, the Local sandbox kept in the SQLite store) — the
// audit trail, the approvals announcer, the active profile's session and rate
// poller, every area's bridge handlers and, in Team, the live listener. The
// host (host.ts) builds one per workspace and disposes it on a switch. Built in
// dependency order: each service gets what it needs when it is created.
import { join } from 'node:path';
import type { DeskEvents, DeskHandlers } from '../../shared/desk-api';
import { DeskFailure } from '../errors';
import type { DeskEventBus } from '../events';
import { log as defaultLog, type Logger } from '../log';
import { LOCAL_SANDBOX_PROFILE_ID, type Profile, type SettingsStore } from '../settings';
import type { Vault, VaultStatus } from '../vault';
import { AuditRecorder } from '../services/audit/recorder';
import { createAuditHandlers } from '../services/audit/audit';
import { createApprovalService } from '../services/approvals/approvals';
import { createPolicyHandlers } from '../services/approvals/policy';
import { createBalanceHandlers } from '../services/users/balances';
import { createBankHandlers, createDepositHandlers } from '../services/users/banks';
import { defaultTuning, type ServiceContext } from '../services/common/context';
import { createKycHandlers } from '../services/users/kyc';
import { createMarketHandlers } from '../services/market/market';
import { createOrderService } from '../services/orders/orders';
import { ActiveProfile } from '../services/profile/active-profile';
import { createProfileHandlers } from '../services/profile/profiles';
import { createProfileSession } from '../services/runtime/profile-session';
import { createSessionHandlers } from '../services/profile/session';
import { createSettingsHandlers } from '../services/profile/settings';
import { openDeskStore } from '../store/sqlite/adapter';
import { realTimers } from '../services/runtime/timers';
import { createTransactionService, type TransactionService } from '../services/transactions/transactions';
import { createUserHandlers } from '../services/users/users';
import { createStoreRouter } from '../store/router';
import type { DeskStorePort } from '../store/port';
import type { WorkspaceHostMethod } from '../services/workspace/choice';
import { createWorkspaceHandlers } from '../services/workspace/workspace';
import { createWorkspaceStatus, type WorkspaceStatus } from '../services/workspace/status';
import { createTeamLive } from '../services/workspace/team-live';
import { createApprovalsAnnouncer, type ApprovalsAnnouncer } from '../services/approvals/announce';
import { environmentKey } from '../store/postgres/environment';
import { createTeamStorePort, type TeamEnvironment } from '../store/postgres/adapter';
import { teamTrailName, type TeamDb } from '../store/postgres/connection';
import { openTeamStore, type TeamStore } from '../store/postgres/team-store';
import { createLocalSandbox } from './local-sandbox';
import { STORE_FILE_NAME, type DeskInternals, type DeskOptions } from './options';

/** Every bridge method but the workspace choice, which the host answers itself. */
export type WorkspaceDeskHandlers = Omit<DeskHandlers, WorkspaceHostMethod>;

/** What one workspace's desk is built from: shared with the host and the desks before and after it. */
export interface WorkspaceDeskParts {
  /** The team database, or null for Solo. */
  team: TeamDb | null;
  settings: SettingsStore;
  vault: Vault;
  vaultStatus: VaultStatus;
  events: DeskEventBus;
}

export interface WorkspaceDesk {
  handlers: WorkspaceDeskHandlers;
  ready: Promise<void>;
  dispose(): Promise<void>;
}

/** Main's services in one workspace: Solo (`parts.team` null) or Team on that database. */
export async function createWorkspaceDesk(opts: DeskOptions, internals: DeskInternals, parts: WorkspaceDeskParts): Promise<WorkspaceDesk> {
  const log = internals.log ?? defaultLog;
  const timers = internals.timers ?? realTimers;
  const { events, settings, vault, vaultStatus } = parts;

  // Connects lazily: an unreachable database shows on the first call, not here, so the desk still starts.
  // Opened before the SQLite file so a malformed URL leaks nothing.
  const team: TeamStore | null = parts.team !== null ? openTeamStore(parts.team) : null;
  const localStore = openDeskStore(join(opts.userDataDir, STORE_FILE_NAME));
  const store: DeskStorePort = team
    ? createTeamWorkspaceStore(team, localStore, settings, { trail: teamTrailName(parts.team!), now: timers.now })
    : localStore;
  const localSandbox = createLocalSandbox({ opts, settings, vault, log });
  // From here on a failure must not leak an open store or a listening sandbox.
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

    const manager = new ActiveProfile(base, {
      createSession: (profile: Profile) =>
        createProfileSession({
          profile,
          settings,
          vault,
          log,
          ...(internals.clientOptions ? { clientOptions: internals.clientOptions } : {}),
        }),
      prepare: async (profile) => {
        if (profile.id === LOCAL_SANDBOX_PROFILE_ID) await localSandbox.ensure();
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
    const orders = createOrderService(ctx);
    const approvals = createApprovalService(ctx, { claimReleased: (runtime) => orders.claimReleased(runtime) });
    const transactions = createTransactionService(ctx);
    // Before the first activation below: every sign-in (the first, and again after a sign-out or error) picks up what waits.
    manager.onSignedIn((runtime) => {
      orders.resume(runtime);
      approvals.watch(runtime);
      transactions.syncIfNeverCompleted(runtime);
    });

    // Whether the team database is there, from what the desk knows (the listener below) rather than a query per poll.
    const workspaceStatus = createWorkspaceStatus({ team, events, log });
    const live = team
      ? followTeam({ team, store, settings, events, log, announcer: approvalsAnnouncer, transactions, workspaceStatus })
      : null;

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
        live?.stopFollowing();
        workspaceStatus.dispose();
        await live?.dispose();
        approvalsAnnouncer.dispose();
        await manager.dispose({ logout: true }).catch((error: unknown) => log.warn('stopping the session failed', { error }));
        await localSandbox.close();
        await store.close();
      })());

    return { handlers, ready, dispose };
  } catch (error) {
    await localSandbox.close();
    await store.close().catch(() => undefined);
    throw error;
  }
}

interface TeamFollowingOptions {
  team: TeamStore;
  store: DeskStorePort;
  settings: SettingsStore;
  events: DeskEventBus;
  log: Logger;
  announcer: ApprovalsAnnouncer;
  transactions: Pick<TransactionService, 'syncing'>;
  workspaceStatus: Pick<WorkspaceStatus, 'listening'>;
}

/** The live listener and what keeps it on the active profile; stopped in two steps, as dispose needs. */
interface TeamFollowing {
  /** No more profile switches are passed on. */
  stopFollowing(): void;
  /** Stops the listener. */
  dispose(): Promise<void>;
}

/**
 * Team: what other desks write in the active shared profile's environment shows
 * here live. Every activation (start-up and each profile switch) announces the
 * new profile to the listener.
 */
function followTeam(options: TeamFollowingOptions): TeamFollowing {
  const { settings, events, transactions, workspaceStatus } = options;
  const teamLive = createTeamLive({
    team: options.team,
    store: options.store,
    announcer: options.announcer,
    events,
    log: options.log,
    isShared: (profileId) => profileId !== LOCAL_SANDBOX_PROFILE_ID,
    environmentKeyOf: (profileId) => {
      const env = environmentOf(settings, profileId);
      try {
        return env ? environmentKey(env.baseUrl, env.clientId) : null;
      } catch {
        return null;
      }
    },
    syncing: () => transactions.syncing(),
    onListening: (connected) => workspaceStatus.listening(connected),
  });
  const stopFollowing = events.subscribe((name, payload) => {
    if (name === 'session.changed') teamLive.follow((payload as DeskEvents['session.changed']).profileId);
  });
  return { stopFollowing, dispose: () => teamLive.dispose() };
}

/** A profile's team environment: its base URL and partner client id, once both are known. */
function environmentOf(settings: SettingsStore, profileId: string): TeamEnvironment | null {
  const baseUrl = settings.getProfile(profileId)?.baseUrl ?? null;
  const clientId = settings.getProfileAccount(profileId).clientId;
  return baseUrl !== null && typeof clientId === 'number' ? { baseUrl, clientId } : null;
}

/**
 * Team workspace: shared profiles on the team database, the Local sandbox (and rate
 * history, and the witness of the team's audit trail, named `trail`) in the desk's own store.
 */
function createTeamWorkspaceStore(
  team: TeamStore,
  local: DeskStorePort,
  settings: SettingsStore,
  witness: { trail: string; now: () => number },
): DeskStorePort {
  return createStoreRouter({
    local,
    team: createTeamStorePort(team, (profileId) => environmentOf(settings, profileId), {
      rates: local,
      ...(local.auditWitness ? { witness: { keeper: local.auditWitness, ...witness } } : {}),
    }),
    isShared: (profileId) => profileId !== LOCAL_SANDBOX_PROFILE_ID,
    activeProfileId: () => settings.get().activeProfileId,
  });
}
