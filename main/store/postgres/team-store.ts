// The team workspace's store: the shared user directory, order journal,
// transaction cache, audit trail and policy on PostgreSQL, one part per file
// (directory, journal, transactions, audit, policy, bank-accounts, and the
// four-eyes approvals: approval-rules, approvals, account-changes).
// Method names and meanings follow DeskStorePort (main/store/port.ts),
// keyed by environment (environment.ts) instead of a local profile id, and
// asynchronous. Added for a team: claimForSending and extendLease (one order is
// never sent by two desks at once), listen (live updates), operator (who the
// database says we are, and its roles), verifyAudit, the team policy, approval
// rules and proposals, and bank accounts as the team first saw them.
//
// Nothing here decides who did what: the database stamps session_user.
import { createTeamSql, type TeamDb, type TeamPoolOptions } from './connection';
import { environmentKey, normalBaseUrl } from './environment';
import { TeamSchemaVersionError } from './migrate';
import { TEAM_SCHEMA_VERSION } from './constants';
import { TeamStoreError } from './errors';
import { createTeamApprovalRules, type TeamApprovalRules } from './approval-rules';
import { createTeamAccountChanges, type TeamAccountChanges } from './account-changes';
import { createTeamApprovals, type TeamApprovals } from './approvals';
import { createTeamBankAccounts, type TeamBankAccounts } from './bank-accounts';
import { createTeamAuditTrail, type TeamAuditTrail } from './audit';
import { createTeamDirectory, type TeamDirectory } from './directory';
import { createTeamJournal, type TeamJournal } from './journal';
import type { TeamLink } from '../team-link';
import { listenForChanges, type TeamSubscription } from './listener';
import { createTeamPolicy, type TeamPolicyStore } from './policy';
import { createTeamTransactions, type TeamTransactions } from './transactions';
import { createTeamRates, type TeamRates } from './rates';

export { DEFAULT_SEND_LEASE_MS, type TeamNewOrder } from './journal';
export { TEAM_AUDIT_CSV_COLUMNS, type TeamAuditRecord } from './audit';
export type { UnsettledTransactions } from './transactions';
export type { TeamAuditEntryView, TeamOrder, TeamPolicy } from './rows';
export type { TeamAuditFilter } from './filters';
export type { TeamChange, TeamSubscription } from './listener';
export { DEFAULT_EXPIRY_SECONDS, type ApprovalRuleInput } from './approval-rules';
export type { TeamNewProposal } from './approvals';
export type {
  ApprovalAction,
  ApprovalDecision,
  ApprovalDecisionKind,
  ApprovalRule,
  ApprovalState,
  ProposalRuleSnapshot,
  TeamProposal,
} from './approval-rows';

export interface TeamStore
  extends
    TeamDirectory,
    TeamJournal,
    TeamTransactions,
    TeamAuditTrail,
    TeamPolicyStore,
    TeamApprovalRules,
    TeamApprovals,
    TeamAccountChanges,
    TeamBankAccounts,
    TeamRates,
    TeamLink {
  /** What the database says this login may do beyond an operator's work: approve proposals, change the policy. */
  roles(): Promise<{ approver: boolean; admin: boolean }>;
  /**
   * The operator, and a check that the database's schema is the one this desk
   * writes (TeamStoreError 'schema' otherwise, saying what to run): one round trip.
   */
  readyToWrite(): Promise<string>;
  /** Registers (once) the environment of a base URL and partner client id; returns its key. */
  registerEnvironment(baseUrl: string, clientId: number): Promise<string>;
  /** Closes the pool and every subscription. */
  close(): Promise<void>;
}

/** Connects lazily: an unreachable database shows as TeamDbUnavailableError on the first call. */
export function openTeamStore(db: TeamDb, options?: TeamPoolOptions): TeamStore {
  const sql = createTeamSql(db, options);
  const subscriptions = new Set<TeamSubscription>();
  return {
    target: sql.target,
    onReach: sql.onReach,
    ...createTeamDirectory(sql),
    ...createTeamJournal(sql),
    ...createTeamTransactions(sql),
    ...createTeamAuditTrail(sql),
    ...createTeamPolicy(sql),
    ...createTeamApprovalRules(sql),
    ...createTeamApprovals(sql),
    ...createTeamAccountChanges(sql),
    ...createTeamBankAccounts(sql),
    ...createTeamRates(sql),

    async operator() {
      return (await sql.query<{ who: string }>('SELECT session_user AS who')).rows[0]!.who;
    },

    async roles() {
      const { rows } = await sql.query<{ approver: boolean; admin: boolean }>(
        "SELECT pg_has_role(session_user, 'desk_approver', 'MEMBER') AS approver, pg_has_role(session_user, 'desk_admin', 'MEMBER') AS admin",
      );
      return rows[0]!;
    },

    async readyToWrite() {
      const { rows } = await sql.query<{ who: string; version: number }>(
        'SELECT session_user AS who, (SELECT coalesce(max(version), 0)::int FROM desk.schema_migrations) AS version',
      );
      const { who, version } = rows[0]!;
      if (version > TEAM_SCHEMA_VERSION) throw new TeamSchemaVersionError(version, TEAM_SCHEMA_VERSION);
      if (version < TEAM_SCHEMA_VERSION) {
        throw new TeamStoreError(
          'schema',
          `The team database at ${sql.target} has schema version ${version}; this desk needs ${TEAM_SCHEMA_VERSION}. ` +
            'An administrator runs: npm run team -- init --db <admin URL>',
        );
      }
      return who;
    },

    async registerEnvironment(baseUrl, clientId) {
      const key = environmentKey(baseUrl, clientId);
      await sql.query('INSERT INTO desk.environments (key, base_url, client_id) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING', [
        key,
        normalBaseUrl(baseUrl),
        clientId,
      ]);
      return key;
    },

    async listen(onChange, options) {
      const subscription = await listenForChanges(db, onChange, options);
      subscriptions.add(subscription);
      return {
        get connected() {
          return subscription.connected;
        },
        async close() {
          subscriptions.delete(subscription);
          await subscription.close();
        },
      };
    },

    async close() {
      await Promise.all([...subscriptions].map((s) => s.close()));
      subscriptions.clear();
      await sql.end();
    },
  };
}
