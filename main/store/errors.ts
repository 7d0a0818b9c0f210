// The store errors the services and the bridge's error mapping (main/errors.ts)
// catch, by class: what a store refused or could not do, in the desk's terms (a
// kind the desk can act on — show the "database away" banner, refuse journaled
// actions, say "run init" — and a message that names the server but never a
// password). Defined here, below both stores and free of any database driver, so
// that catching one never pulls in `pg`; main/store/postgres/errors.ts turns
// what pg or the network threw into these.
import { LOCAL_SANDBOX_PROFILE_ID } from '../settings/profile';

/**
 * `refused`: a rule of the approval policy the database enforces said no (TeamApprovalRefusedError says which).
 * `busy`: another session held a lock the statement needed past the lock timeout (TeamDbBusyError); nothing was written.
 */
export type TeamErrorKind = 'unavailable' | 'unconfirmed' | 'busy' | 'auth' | 'permission' | 'schema' | 'conflict' | 'invalid' | 'refused';

export class TeamStoreError extends Error {
  override readonly name: string = 'TeamStoreError';
  constructor(
    readonly kind: TeamErrorKind,
    message: string,
    /** The SQLSTATE or Node error code behind it, when there was one. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** The database cannot be reached (down, restarting, network away, out of connections or disk): nothing was written. */
export class TeamDbUnavailableError extends TeamStoreError {
  override readonly name = 'TeamDbUnavailableError';
  /** `detail`: the server's own words, where a bare code would say nothing to an operator (53300). */
  constructor(target: string, code?: string, detail?: string) {
    super(
      'unavailable',
      `The team database at ${target} cannot be reached${code ? ` (${code}${detail ? `: ${detail}` : ''})` : ''}.`,
      code,
    );
  }
}

/**
 * The statement waited past the lock timeout (SQLSTATE 55P03, main/store/postgres/connection.ts:
 * DESK_LOCK_TIMEOUT_MS) for a lock another session holds — another desk mid-write, or a login's
 * own transaction left open. The server refused the statement and rolled back its transaction,
 * so nothing of it was written: not a lost answer (the journal does not ask about it), not the
 * database being away (the workspace stays connected), and waiting a moment is what helps.
 */
export class TeamDbBusyError extends TeamStoreError {
  override readonly name = 'TeamDbBusyError';
  /** `locked`: what pg says was locked (`relation "audit_chain_head"`), when it says. */
  constructor(target: string, locked?: string) {
    super(
      'busy',
      `The team database at ${target} is busy: another session holds a lock this change needs${locked ? ` (on ${locked})` : ''}. ` +
        'Nothing was written; try again in a moment.',
      '55P03',
    );
  }
}

/**
 * The database stopped answering while a journal row was being written and did
 * not answer the question "was it written?" either: the row may exist. Nothing
 * was sent by this desk; a row that does exist is sent once by whichever desk
 * claims it when its lease runs out.
 */
export class TeamWriteUnconfirmedError extends TeamStoreError {
  override readonly name = 'TeamWriteUnconfirmedError';
  constructor(target: string) {
    super(
      'unconfirmed',
      `The team database at ${target} stopped answering while the order was being recorded, so the desk cannot tell whether it was. ` +
        'Nothing was sent from this desk. If the database recorded it, a desk of the team sends it exactly once when the database answers again; ' +
        'look for it in the orders before placing it again.',
    );
  }
}

/** What a rule of the approval policy refused (main/store/postgres/errors.ts: APPROVAL_REFUSALS, by SQLSTATE). */
export type ApprovalRefusal =
  | 'own-proposal'
  | 'same-approver'
  | 'expired'
  | 'rejected'
  | 'already-approved'
  | 'reason-required'
  | 'not-a-proposal'
  | 'no-rule'
  | 'awaiting-approval'
  | 'not-proposer'
  | 'approval-required';

/** The database refused a proposal, a decision or a change of a proposal; the message is the database's, for the operator. */
export class TeamApprovalRefusedError extends TeamStoreError {
  override readonly name = 'TeamApprovalRefusedError';
  constructor(
    readonly refusal: ApprovalRefusal,
    message: string,
    code?: string,
  ) {
    super('refused', message, code);
  }
}

/** A profile whose data stays in the desk's own store was asked of the team's (main/store/postgres/adapter.ts). */
export class NotSharedProfileError extends TeamStoreError {
  override readonly name = 'NotSharedProfileError';
  constructor(profileId: string) {
    super(
      'invalid',
      profileId === LOCAL_SANDBOX_PROFILE_ID
        ? "The Local sandbox is private to this desk and never writes to the team database; it stays in the desk's own store."
        : `Profile ${profileId} is not shared with the team: its data stays in the desk's own store.`,
    );
  }
}

/**
 * The SQLite result code (SQLITE_FULL, SQLITE_BUSY_SNAPSHOT, …) of a failure of the
 * desk's own store, or undefined for anything else. Recognised by name, not by
 * class: the error is the libsql driver's own (its `SqliteError`), thrown from deep
 * inside every statement, and wrapping each call to give it a class of ours would
 * buy nothing the name does not already say.
 */
export function sqliteErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || (error as { name?: unknown }).name !== 'SqliteError') return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
