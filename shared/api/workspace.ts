// The bridge's workspace.* methods: which workspace the desk works in (Solo, or
// Team on a PostgreSQL database) and as whom, Settings → Workspace's saved choice,
// and testing or switching to another (issue 12). The password is write-only.
// Pure: no Node or DOM imports.
import { z } from 'zod';
import type { TeamWorkspaceConfig } from '../workspace-fields';
import { teamWorkspaceConfigSchema, workspacePasswordSchema } from '../workspace-schema';
import { method, returns } from './method';
import { empty } from './values';

/** Which workspace the desk works in, and as whom (issue 12). */
export interface WorkspaceStatusView {
  kind: 'solo' | 'team';
  /** The team database's login (what every shared row records); null in Solo or while it cannot be asked. */
  operator: string | null;
  /** Solo: always true. Team: whether the team database answered just now. */
  connected: boolean;
  /** `user@host:port/database` of the team database, never the password; null in Solo. */
  database: string | null;
  /**
   * Team, while not connected: why, when the desk knows; null otherwise. `login-refused`:
   * the database is there but refuses this login (its password was changed, say), which
   * waiting does not fix; `away`: it cannot be reached.
   */
  problem: { kind: 'away' | 'login-refused'; message: string } | null;
}
/** Settings → Workspace: the saved choice (never the password) and what is in effect. */
export interface WorkspaceSettingsView {
  saved: { kind: 'solo' } | { kind: 'team'; config: TeamWorkspaceConfig };
  /** Whether a password for the saved team database is stored (in the keychain, or in memory when there is none). */
  passwordStored: boolean;
  /** The workspace the desk works in now. */
  active: 'solo' | 'team';
  /** Started with `--team-db`: that database is in effect and the saved choice waits; Switch is refused. */
  launchFlag: boolean;
  keychain: { available: boolean; reason?: string };
  /** Why the saved Team workspace was not opened at start (no stored password, an unreadable CA file); null otherwise. */
  startupProblem: string | null;
}
/** A successful Test connection: who the database says we are, and that the desk can work there. */
export interface WorkspaceTestView {
  /** `session_user`: the name every row this desk writes will record. */
  operator: string;
  /** The desk's group roles this login is in (desk_operator, desk_approver, desk_admin). */
  roles: string[];
  schemaVersion: number;
  /** `user@host:port/database`, never the password. */
  database: string;
  /** Whether the connection is encrypted (TLS). */
  encrypted: boolean;
}

export const workspaceMethods = {
  'workspace.status': method(empty, returns<WorkspaceStatusView>()),
  'workspace.get': method(empty, returns<WorkspaceSettingsView>()),
  // The password is write-only: omitted, the stored one is used.
  'workspace.test': method(
    z.object({ config: teamWorkspaceConfigSchema, password: workspacePasswordSchema.optional() }).strict(),
    returns<WorkspaceTestView>(),
  ),
  'workspace.switch': method(
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('solo') }).strict(),
      z.object({ kind: z.literal('team'), config: teamWorkspaceConfigSchema, password: workspacePasswordSchema.optional() }).strict(),
    ]),
    returns<WorkspaceSettingsView>(),
  ),
} as const;
