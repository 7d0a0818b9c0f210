// workspace.get / workspace.test / workspace.switch — Settings → Workspace. The
// saved choice is in the settings file (never the password: that is in the
// vault); Test connection opens one connection and says who the database says
// we are, or why the desk cannot work there; Switch tests first, refuses with
// the test's error, saves, and has the host move the running desk.
import type { WorkspaceSettingsView } from '../../shared/desk-api';
import type { TeamWorkspaceConfig } from '../../shared/workspace-fields';
import { DeskFailure, fieldFailure } from '../errors';
import type { Logger } from '../log';
import type { Settings, SettingsStore } from '../settings';
import type { TeamDbParams } from '../team/connection';
import type { Vault, VaultStatus } from '../vault';
import { teamDbFromConfig } from '../workspace/connection-config';
import { testTeamConnection } from '../workspace/connection-test';
import { forgetWorkspacePassword, hasWorkspacePassword, storedWorkspacePassword, storeWorkspacePassword } from '../workspace/workspace-secret';
import type { HandlersOf } from './handlers';

/** Served by the desk host (main/desk-host.ts), not by one workspace's desk. */
export const workspaceHostMethods = ['workspace.get', 'workspace.test', 'workspace.switch'] as const;
export type WorkspaceHostMethod = (typeof workspaceHostMethods)[number];

export interface WorkspaceChoiceOptions {
  settings: SettingsStore;
  vault: Vault;
  vaultStatus: VaultStatus;
  /** Started with `--team-db`: that database stays in effect. */
  launchFlag: boolean;
  log: Logger;
  /** What is in effect now, from the host. */
  view(): Promise<Pick<WorkspaceSettingsView, 'active' | 'startupProblem'>>;
  /** Moves the running desk to `team` (null: Solo); `previous` is saved back should that fail. */
  switchTo(team: TeamDbParams | null, previous: Settings['workspace']): Promise<void>;
}

export function createWorkspaceChoiceHandlers(options: WorkspaceChoiceOptions): Pick<HandlersOf<'workspace'>, WorkspaceHostMethod> {
  const { settings, vault, vaultStatus, launchFlag, log } = options;

  const get = async (): Promise<WorkspaceSettingsView> => ({
    saved: structuredClone(settings.get().workspace),
    passwordStored: await hasWorkspacePassword(vault).catch(() => false),
    launchFlag,
    keychain: vaultStatus.available ? { available: true } : { available: false, reason: vaultStatus.reason },
    ...(await options.view()),
  });

  /** The connection for a config: the password typed, else the stored one. */
  const connectionFor = async (config: TeamWorkspaceConfig, password: string | undefined): Promise<TeamDbParams> => {
    const secret = password ?? (await storedWorkspacePassword(vault));
    if (secret === undefined) throw fieldFailure('password', 'Enter the password: none is stored for the team database.');
    return teamDbFromConfig(config, secret);
  };

  return {
    'workspace.get': get,

    async 'workspace.test'({ config, password }) {
      return testTeamConnection(await connectionFor(config, password));
    },

    async 'workspace.switch'(input) {
      if (launchFlag) {
        throw new DeskFailure('conflict', 'The desk was started with --team-db: that database stays in effect until the desk is started without the flag.');
      }
      const previous = settings.get().workspace;
      if (input.kind === 'solo') {
        await settings.setWorkspace({ kind: 'solo' });
        // Solo keeps no team database, so no password for one either.
        await forgetWorkspacePassword(vault).catch((error: unknown) => log.warn('forgetting the team database password failed', { error }));
        if ((await options.view()).active === 'team') await options.switchTo(null, previous);
        log.info('workspace: switched to Solo');
        return get();
      }
      const db = await connectionFor(input.config, input.password);
      // Refused with the test's own words: nothing is saved or moved.
      const tested = await testTeamConnection(db);
      if (input.password !== undefined) await storeWorkspacePassword(vault, input.password);
      await settings.setWorkspace({ kind: 'team', config: input.config });
      await options.switchTo(db, previous);
      log.info(`workspace: switched to Team on ${tested.database} as ${tested.operator}`);
      return get();
    },
  };
}
