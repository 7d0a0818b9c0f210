// Whatever pg or the network threw, as the desk's store errors (main/store/errors.ts
// defines the classes, free of the driver): a TeamStoreError with a kind the desk
// can act on and a message that names the server but never a password.
import { TeamApprovalRefusedError, TeamDbBusyError, TeamDbUnavailableError, TeamStoreError, type ApprovalRefusal } from '../errors';

// Re-exported where the team's own code (migrate.ts, team-admin) has always found them.
export {
  TeamApprovalRefusedError,
  TeamDbBusyError,
  TeamDbUnavailableError,
  TeamStoreError,
  TeamWriteUnconfirmedError,
  type ApprovalRefusal,
  type TeamErrorKind,
} from '../errors';

/**
 * The SQLSTATEs (class KA) that the approval functions and triggers raise
 * (migrations/0003-four-eyes-approvals.sql; KA011, a new order that a rule covers, 0007), by what was refused. A login outside
 * desk_approver/desk_admin gets 42501 instead: kind 'permission', as grants do.
 */
export const APPROVAL_REFUSALS = {
  KA001: 'own-proposal',
  KA002: 'same-approver',
  KA003: 'expired',
  KA004: 'rejected',
  KA005: 'already-approved',
  KA006: 'reason-required',
  KA007: 'not-a-proposal',
  KA008: 'no-rule',
  KA009: 'awaiting-approval',
  KA010: 'not-proposer',
  KA011: 'approval-required',
} as const satisfies Record<string, ApprovalRefusal>;

function approvalRefusalOf(code: string | undefined): ApprovalRefusal | undefined {
  return code !== undefined && Object.hasOwn(APPROVAL_REFUSALS, code)
    ? APPROVAL_REFUSALS[code as keyof typeof APPROVAL_REFUSALS]
    : undefined;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
/** SQLSTATEs of a server that is shutting down, starting or restarting. */
const SERVER_GONE_CODES = new Set(['57P01', '57P02', '57P03']);
// "Query read timeout": pg's own query_timeout (connection.ts), no answer on the connection in time.
const CONNECTION_MESSAGES =
  /connection terminated|timeout exceeded when trying to connect|not queryable|connection error|server closed the connection|query read timeout/i;

/** `user@host:port/database` of a connection URL: what a message may say about it. */
export function describeDbUrl(url: string): string {
  try {
    const u = new URL(url);
    const user = u.username ? `${decodeURIComponent(u.username)}@` : '';
    return `${user}${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`;
  } catch {
    return '(an unreadable database URL)';
  }
}

/**
 * What a lock timeout says it waited for, from pg's context line ("while locking tuple (0,1)
 * in relation \"audit_chain_head\"", "while inserting index tuple … in relation \"users_pkey\""):
 * `relation "audit_chain_head"`, or undefined when it names none (a lock on a whole table).
 */
function lockedRelationOf(error: unknown): string | undefined {
  const where = (error as { where?: unknown } | null)?.where;
  const relation = typeof where === 'string' ? /in relation "([^"]{1,128})"/.exec(where)?.[1] : undefined;
  return relation === undefined ? undefined : `relation "${relation}"`;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Whether an error means the connection (not the statement) failed. */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof TeamDbUnavailableError) return true;
  const code = codeOf(error);
  if (code && (NETWORK_CODES.has(code) || SERVER_GONE_CODES.has(code) || code.startsWith('08'))) return true;
  return error instanceof Error && CONNECTION_MESSAGES.test(error.message);
}

/** Maps anything thrown by pg or the network onto a TeamStoreError (which passes through unchanged). */
export function toTeamError(error: unknown, target: string): TeamStoreError {
  if (error instanceof TeamStoreError) return error;
  const code = codeOf(error);
  if (isConnectionError(error)) return new TeamDbUnavailableError(target, code);
  const message = error instanceof Error ? error.message : String(error);
  // Class 53, insufficient resources (too many connections, disk full, out of memory): the
  // statement failed whole and nothing was written, as when the server is away — and waiting
  // is what helps. Reported as 'invalid' it would read as the operator's mistake.
  if (code?.startsWith('53')) return new TeamDbUnavailableError(target, code, message);
  // lock_not_available: the lock timeout ran out (or a NOWAIT found the row locked). The server
  // refused the statement and rolled back its transaction, so nothing was written.
  if (code === '55P03') return new TeamDbBusyError(target, lockedRelationOf(error));
  const refusal = approvalRefusalOf(code);
  if (refusal) return new TeamApprovalRefusedError(refusal, message, code);
  switch (code) {
    case '28P01':
    case '28000':
      return new TeamStoreError('auth', `The team database at ${target} refused the login: ${message}`, code);
    case '42501':
      return new TeamStoreError('permission', `Not allowed for this operator: ${message}`, code);
    case '42P01':
    case '3F000':
      return new TeamStoreError(
        'schema',
        `The team database at ${target} is not set up (${message}); run: npm run team -- init --db <admin URL>`,
        code,
      );
    case '23505':
    case '40001':
    case '40P01':
      return new TeamStoreError('conflict', message, code);
    default:
      return new TeamStoreError('invalid', message, code);
  }
}
