// The desk the transports hold on to: one set of handlers and one event bus for
// the life of the process, while Settings → Workspace moves the desk between
// Solo and Team. Each workspace is a desk of its own (createWorkspaceDesk in
// workspace-desk.ts, with its stores, sessions and live listener); a switch tests the new
// database first, disposes the old desk — it logs out and closes its stores —
// and builds the new one (should that fail, the old workspace is built again),
// and only then is the choice saved (the password to the vault). Calls that
// arrive meanwhile wait for the new desk. The settings store, the vault and the bus
// are opened here once and shared, so no two copies of the settings ever race.
//
// At start-up `--team-db` wins; otherwise a saved Team choice opens Team with
// the password from the vault.
import { deskMethodNames, type DeskHandlers, type DeskMethodName, type WorkspaceSettingsView } from '../../shared/desk-api';
import type { DeskInternals, DeskOptions } from './options';
import { DeskFailure, toDeskError } from '../errors';
import { DeskEventBus } from '../events';
import { log as defaultLog } from '../log';
import { createWorkspaceChoiceHandlers, type WorkspaceHostMethod, workspaceHostMethods } from '../services/workspace/choice';
import { SettingsStore, type Settings } from '../settings';
import type { TeamDb, TeamDbParams } from '../store/postgres/connection';
import { openVault } from '../vault';
import { teamDbFromConfig } from '../store/postgres/connection-config';
import { testTeamConnection } from '../store/postgres/connection-test';
import { storedWorkspacePassword } from '../services/workspace/workspace-secret';
import type { WorkspaceDesk, WorkspaceDeskParts } from './workspace-desk';

export interface Desk {
  handlers: DeskHandlers;
  events: DeskEventBus;
  /** Resolves once the active profile has started (sandbox up, first sign-in attempted). */
  ready: Promise<void>;
  /** Logs out, stops pollers and the built-in sandbox, closes the store. */
  dispose(): Promise<void>;
}

type WorkspaceChoice = Settings['workspace'];

export async function hostDesk(
  opts: DeskOptions,
  internals: DeskInternals,
  build: (parts: WorkspaceDeskParts) => Promise<WorkspaceDesk>,
): Promise<Desk> {
  const log = internals.log ?? defaultLog;
  const events = new DeskEventBus();
  const { store: settings, warnings } = await SettingsStore.open(opts.userDataDir);
  for (const warning of warnings) log.warn(`settings: ${warning}`);
  const { vault, status: vaultStatus } = await openVault(opts.keychainNamespace !== undefined ? { namespace: opts.keychainNamespace } : {});
  if (!vaultStatus.available) log.warn(`vault: ${vaultStatus.reason}`);
  const parts = (team: TeamDb | null): WorkspaceDeskParts => ({ team, settings, vault, vaultStatus, events });

  const launchFlag = opts.teamDbUrl !== undefined;
  let startupProblem: string | null = null;

  /** The saved Team choice's connection, or null (Solo) with the reason when it cannot be opened. */
  const savedTeam = async (choice: WorkspaceChoice): Promise<TeamDb | null> => {
    if (choice.kind === 'solo') return null;
    try {
      const password = await storedWorkspacePassword(vault);
      if (password === undefined) {
        startupProblem =
          'No password for the saved team database is stored on this machine, so the desk started Solo. Enter it and switch again.';
        return null;
      }
      return await teamDbFromConfig(choice.config, password);
    } catch (error) {
      startupProblem = `The saved team database could not be opened, so the desk started Solo: ${error instanceof Error ? error.message : String(error)}`;
      return null;
    }
  };
  const initialTeam: TeamDb | null = opts.teamDbUrl ?? (await savedTeam(settings.get().workspace));
  if (startupProblem !== null) log.warn(`workspace: ${startupProblem}`);

  let current = { desk: await build(parts(initialTeam)), team: initialTeam };
  /** What calls wait on: the desk now, or the one a switch is building. */
  let settled: Promise<WorkspaceDesk> = Promise.resolve(current.desk);
  let switching: Promise<unknown> = Promise.resolve();

  /** Disposes the desk in use and builds one on `team`; should that fail, the previous workspace is rebuilt. */
  const rebuild = async (team: TeamDb | null): Promise<void> => {
    const previous = current;
    let done!: (desk: WorkspaceDesk) => void;
    let broken!: (error: unknown) => void;
    settled = new Promise((resolve, reject) => {
      done = resolve;
      broken = reject;
    });
    // Awaited by calls only; without one waiting, a rejection here is no crash.
    settled.catch(() => undefined);
    await previous.desk.dispose().catch((error: unknown) => log.warn('closing the previous workspace failed', { error }));
    try {
      const desk = await build(parts(team));
      current = { desk, team };
      done(desk);
      await desk.ready.catch(() => undefined);
    } catch (error) {
      log.error('the new workspace could not be opened; going back to the previous one', { error });
      try {
        const desk = await build(parts(previous.team));
        current = { desk, team: previous.team };
        done(desk);
      } catch (again) {
        // Neither opens: every call says so (instead of waiting for ever) until the desk is restarted.
        log.error('the previous workspace could not be opened either', { error: again });
        // The cause is in the log; the screen gets words without internals (paths, database messages).
        broken(new DeskFailure('internal', 'The desk could not open any workspace: restart it. The log says why.'));
        throw again;
      }
      throw new DeskFailure(
        'internal',
        `The desk could not open the new workspace and went back to the previous one: ${toDeskError(error).message}`,
      );
    }
  };

  const workspaceHandlers = createWorkspaceChoiceHandlers<TeamDbParams>({
    team: { fromConfig: teamDbFromConfig, test: (db) => testTeamConnection(db) },
    settings,
    vault,
    vaultStatus,
    launchFlag,
    log,
    view: async (): Promise<Pick<WorkspaceSettingsView, 'active' | 'startupProblem'>> => ({
      active: current.team === null ? 'solo' : 'team',
      startupProblem,
    }),
    // One switch at a time: a second waits for the first, then goes its own way.
    switchTo: (team: TeamDb | null) => {
      const run = switching.then(() => {
        startupProblem = null;
        return rebuild(team);
      });
      switching = run.catch(() => undefined);
      return run;
    },
  });

  const handlers = { ...workspaceHandlers } as Record<DeskMethodName, (input: unknown) => Promise<unknown>>;
  for (const name of deskMethodNames) {
    if ((workspaceHostMethods as readonly string[]).includes(name)) continue;
    const method = name as Exclude<DeskMethodName, WorkspaceHostMethod>;
    handlers[method] = async (input) => {
      const desk = await settled;
      return (desk.handlers[method] as (input: unknown) => Promise<unknown>)(input);
    };
  }

  let disposing: Promise<void> | null = null;
  return {
    handlers: handlers as DeskHandlers,
    events,
    ready: current.desk.ready,
    dispose: () =>
      (disposing ??= (async () => {
        await switching;
        await current.desk.dispose();
      })()),
  };
}
