// The team database's constants the desk's code needs at run time. The shipped
// migrations (./migrations/*.sql) hold the same values as literals: a migration
// never changes once shipped, so changing one of these means adding a migration
// that changes the database too. tests/unit/store/postgres-constants.test.ts
// ties each constant to its literal in the SQL, so a change to only one side fails.

/** The channel every change notification goes to (migrations 1 and 3's pg_notify; payload: see listener.ts). */
export const CHANGE_CHANNEL = 'desk_changes';

/** What a rule may ask approval for: the three orders and two account changes (desk.approval_rules' CHECK, migration 3). */
export const APPROVAL_ACTIONS = ['buy', 'sell', 'withdraw', 'add_bank_account', 'change_user_status'] as const;

/** The rate move allowed when an admin has set none, in percent (desk.policy.rate_move_percent's DEFAULT, migration 4). */
export const DEFAULT_RATE_MOVE_PERCENT = '2.00';

/** How long a claimed change may stay unfinished before another desk may take it over (far longer than doing it takes; migration 5). */
export const STALE_PERFORMING_SECONDS = 600;

/** How a withdrawal's reason starts in desk.approvals (the reason as the proposer gave it follows; migration 6). */
export const WITHDRAWN_PREFIX = 'Withdrawn by its proposer: ';

/** The longest reason a withdrawal takes (desk.approvals.reason holds 1000 with the prefix; migration 6). */
export const MAX_WITHDRAW_REASON = 500;

/** How recently a rate must have been recorded (desk.rates) for the database to value a sell by it, in seconds (migration 7). */
export const RATE_FRESH_SECONDS = 60;

/** The schema version this build of the desk writes and needs: the highest migration file's number. */
export const TEAM_SCHEMA_VERSION = 7;
