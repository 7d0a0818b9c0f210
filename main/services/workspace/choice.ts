// workspace.get / workspace.test / workspace.switch — Settings → Workspace. The
// saved choice is in the settings file (never the password: that is in the
// vault); Test connection opens one connection and says who the database says
// we are, or why the desk cannot work there; Switch tests first, refuses with
// the test's error, has the host move the running desk, and then saves.
import type { WorkspaceSettingsView, WorkspaceTestView } from '../../../shared/desk-api';
import { describeWorkspace, type TeamWorkspaceConfig } from '../../../shared/workspace-fields';
import { DeskFailure, fieldFailure } from '../../errors';
import type { Logger } from '../../log';
import type { SettingsStore } from '../../settings';
import type { Vault, VaultStatus } from '../../vault';
import { forgetWorkspacePassword, hasWorkspacePassword, storedWorkspacePassword, storeWorkspacePassword } from './workspace-secret';
import type { HandlersOf } from '../common/handlers';

/** Served by the desk host (main/desk/host.ts), not by one workspace's desk. */
export const workspaceHostMethods = ['workspace.get', 'workspace.test', 'workspace.switch'] as const;
export type WorkspaceHostMethod = (typeof workspaceHostMethods)[number];

/**
 * The team database's side of Test and Switch: the connection a config and
 * password make, and one test connection. The PostgreSQL store provides it
 * (postgres/connection-config.ts, postgres/connection-test.ts); main/desk passes it
 * in, so the service never holds the driver.
 */
export interface TeamConnector<Db> {
  fromConfig(config: TeamWorkspaceConfig, password: string): Promise<Db>;
  test(db: Db): Promise<WorkspaceTestView>;
}

export interface WorkspaceChoiceOptions<Db> {
  team: TeamConnector<Db>;
  settings: SettingsStore;
  vault: Vault;
  vaultStatus: VaultStatus;
  /** Started with `--team-db`: that database stays in effect. */
  launchFlag: boolean;
  log: Logger;
  /** What is in effect now, from the host. */
  view(): Promise<Pick<WorkspaceSettingsView, 'active' | 'startupProblem'>>;
  /** Moves the running desk to `team` (null: Solo); should that fail, the desk is back where it was and this rejects. */
  switchTo(team: Db | null): Promise<void>;
}

export function createWorkspaceChoiceHandlers<Db>(options: WorkspaceChoiceOptions<Db>): Pick<HandlersOf<'workspace'>, WorkspaceHostMethod> {
  const { settings, vault, vaultStatus, launchFlag, log } = options;

  const get = async (): Promise<WorkspaceSettingsView> => ({
    saved: structuredClone(settings.get().workspace),
    passwordStored: await hasWorkspacePassword(vault).catch(() => false),
    launchFlag,
    keychain: vaultStatus.available ? { available: true } : { available: false, reason: vaultStatus.reason },
    ...(await options.view()),
  });

  /**
   * The connection for a config: the password typed, else the stored one — but
   * that only for the very database it was stored for. The renderer is not
   * trusted, and a server chooses how the password is sent (in clear, if it
   * asks): pointed at another host, the stored password must not go along.
   */
  const connectionFor = async (config: TeamWorkspaceConfig, password: string | undefined): Promise<Db> => {
    if (password !== undefined) return options.team.fromConfig(config, password);
    const saved = settings.get().workspace;
    const stored = await storedWorkspacePassword(vault);
    if (stored === undefined || saved.kind !== 'team')
      throw fieldFailure('password', 'Enter the password: none is stored for the team database.');
    if (!sameConnection(saved.config, config)) {
      throw fieldFailure(
        'password',
        `Enter the password: the stored one is only used for the saved database (${describeWorkspace(saved.config)}, ${saved.config.tlsMode}).`,
      );
    }
    return options.team.fromConfig(config, stored);
  };

  return {
    'workspace.get': get,

    async 'workspace.test'({ config, password }) {
      return options.team.test(await connectionFor(config, password));
    },

    async 'workspace.switch'(input) {
      if (launchFlag) {
        throw new DeskFailure(
          'conflict',
          'The desk was started with --team-db: that database stays in effect until the desk is started without the flag.',
        );
      }
      // Saved only once the desk works in the new workspace: a failure leaves the saved choice (and password) as they were.
      if (input.kind === 'solo') {
        if ((await options.view()).active === 'team') await options.switchTo(null);
        await settings.setWorkspace({ kind: 'solo' });
        // Solo keeps no team database, so no password for one either.
        await forgetWorkspacePassword(vault).catch((error: unknown) => log.warn('forgetting the team database password failed', { error }));
        log.info('workspace: switched to Solo');
        return get();
      }
      const db = await connectionFor(input.config, input.password);
      // Refused with the test's own words: nothing is saved or moved.
      const tested = await options.team.test(db);
      await options.switchTo(db);
      if (input.password !== undefined) await storeWorkspacePassword(vault, input.password);
      await settings.setWorkspace({ kind: 'team', config: input.config });
      log.info(`workspace: switched to Team on ${tested.database} as ${tested.operator}`);
      return get();
    },
  };
}

/** The same database, login and TLS settings: where a stored password may be sent. */
function sameConnection(a: TeamWorkspaceConfig, b: TeamWorkspaceConfig): boolean {
  return (
    a.host.toLowerCase() === b.host.toLowerCase() &&
    a.port === b.port &&
    a.database === b.database &&
    a.user === b.user &&
    a.tlsMode === b.tlsMode &&
    (a.caFile ?? '') === (b.caFile ?? '')
  );
}
