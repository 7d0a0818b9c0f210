// Errors as the renderer sees them. Services throw `DeskFailure` for refusals they
// decide themselves (a KYC gate, a limit) and let the client's errors fly; the IPC
// layer turns whatever was thrown into a `DeskError` with `toDeskError`, so the
// operator always reads plain words with a kind the UI can act on — and never a
// token, a password or a stack trace.
import type { DeskError, DeskErrorKind } from '../shared/desk-api';
import { KriptomatError, type KriptomatErrorKind } from './kriptomat/errors';
import type { SessionErrorKind } from './session/errors';
import { redactText } from './log';
import { TeamStoreError, sqliteErrorCode, type TeamErrorKind } from './store/errors';
import { VaultError } from './vault/vault';

export class DeskFailure extends Error {
  override readonly name = 'DeskFailure';
  readonly deskError: DeskError;

  constructor(kind: DeskErrorKind, message: string, extra: Pick<DeskError, 'fieldErrors' | 'retryAfterSeconds' | 'rateMoved'> = {}) {
    super(message);
    this.deskError = { kind, message, ...extra };
  }

  get kind(): DeskErrorKind {
    return this.deskError.kind;
  }
}

/** A `DeskFailure` of kind `validation` for one field of the bridge input. */
export function fieldFailure(field: string, message: string): DeskFailure {
  return new DeskFailure('validation', message, { fieldErrors: { [field]: [message] } });
}

/**
 * API field names (snake_case, as a Laravel 422 names them) → the bridge input's
 * field names, so the renderer can put the message next to the right control.
 */
const FIELD_NAMES: Record<string, string> = {
  bank_account_id: 'bankAccountId',
  currency_code: 'currency',
  idempotency_key: 'idempotencyKey',
  client_id: 'clientId',
  client_secret: 'clientSecret',
  security_code: 'code',
  user_id: 'userId',
  transaction_id: 'transactionId',
  date_of_birth: 'dateOfBirth',
  postal_code: 'postalCode',
};

export function bridgeFieldName(apiField: string): string {
  const mapped = FIELD_NAMES[apiField];
  if (mapped) return mapped;
  // Anything else: snake_case → camelCase ("building_number" → "buildingNumber").
  return apiField.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * The kinds the Kriptomat client and the session report, mapped onto the bridge's
 * kinds. Exhaustive by type: a new client or session kind is a compile error here
 * until it is mapped, instead of silently becoming `internal`.
 */
const CLIENT_KINDS: Record<KriptomatErrorKind | SessionErrorKind, DeskErrorKind> = {
  unauthenticated: 'unauthenticated',
  signed_out: 'signed_out',
  validation: 'validation',
  not_found: 'not_found',
  conflict: 'conflict',
  rate_limited: 'rate_limited',
  server: 'server',
  network: 'network',
  timeout: 'timeout',
  bad_response: 'bad_response',
  forbidden: 'forbidden',
  // Our own request was incomplete, or a 2xx came back with `"status": false`:
  // either way Kriptomat (or the client on its behalf) said no to this input.
  client: 'validation',
};

function clientKindOf(kind: unknown): DeskErrorKind | undefined {
  return typeof kind === 'string' && Object.hasOwn(CLIENT_KINDS, kind) ? CLIENT_KINDS[kind as keyof typeof CLIENT_KINDS] : undefined;
}

const DEFAULT_MESSAGES: Record<DeskErrorKind, string> = {
  invalid_input: 'The request was not valid.',
  signed_out: 'You are signed out. Sign in and try again.',
  unauthenticated: 'Kriptomat did not accept the session. Sign in again.',
  validation: 'Kriptomat refused the request: check the highlighted fields.',
  not_found: 'Kriptomat does not know that item.',
  conflict: 'Kriptomat refused the request because it conflicts with an earlier one.',
  rate_limited: 'Kriptomat is limiting requests. Wait a moment and try again.',
  server: 'Kriptomat had a server error. Try again in a moment.',
  network: 'Kriptomat could not be reached. Check the network and try again.',
  timeout: 'Kriptomat did not answer in time. Try again.',
  bad_response: 'Kriptomat answered with something the desk does not understand.',
  forbidden: 'Kriptomat does not allow this action for the partner account.',
  kyc_gate: 'The user has not passed KYC.',
  user_inactive: 'The user is not active.',
  insufficient_funds: 'The balance does not cover this.',
  limit_exceeded: 'The amount is over the per-order limit.',
  keychain: 'The system keychain could not be used.',
  internal: 'Something went wrong inside the desk.',
};

interface ErrorLike {
  name?: unknown;
  kind?: unknown;
  message?: unknown;
  fieldErrors?: unknown;
  fields?: unknown;
  errors?: unknown;
  retryAfterSeconds?: unknown;
  status?: unknown;
}

/** The store errors' kinds (main/store/errors.ts) in the bridge's terms; a new kind is a compile error here until mapped. */
const TEAM_KINDS: Record<TeamErrorKind, DeskErrorKind> = {
  unavailable: 'network',
  unconfirmed: 'network',
  // Another session held a lock past the lock timeout: nothing written, try again in a moment. A
  // transient kind, as the services count them (a held order is checked again later, not failed).
  busy: 'timeout',
  // A rule of the approval policy said no (own proposal, expired, …): the message says which.
  refused: 'forbidden',
  auth: 'forbidden',
  permission: 'forbidden',
  conflict: 'conflict',
  invalid: 'validation',
  schema: 'internal',
};

/** Maps anything thrown by a service into the envelope's error, in plain words and without secrets. */
export function toDeskError(error: unknown): DeskError {
  if (error instanceof DeskFailure) return scrub(error.deskError);
  if (error instanceof VaultError) {
    return scrub({ kind: error.kind === 'invalid_input' ? 'validation' : 'keychain', message: error.message });
  }
  if (typeof error !== 'object' || error === null) return { kind: 'internal', message: DEFAULT_MESSAGES.internal };
  const e = error as ErrorLike;
  const clientKind = error instanceof KriptomatError || e.name === 'SessionError' ? clientKindOf(e.kind) : undefined;
  if (clientKind) {
    const out: DeskError = { kind: clientKind, message: messageOf(e) ?? DEFAULT_MESSAGES[clientKind] };
    const fields = fieldErrorsOf(e);
    if (fields) out.fieldErrors = fields;
    const retry = typeof e.retryAfterSeconds === 'number' && Number.isFinite(e.retryAfterSeconds) ? e.retryAfterSeconds : undefined;
    if (retry !== undefined) out.retryAfterSeconds = Math.max(0, Math.ceil(retry));
    return scrub(out);
  }
  if (e.name === 'SettingsError' && typeof e.message === 'string') {
    // A refusal of one input field is shown at that field.
    const field = (error as { field?: unknown }).field;
    const fieldErrors = typeof field === 'string' ? { fieldErrors: { [field]: [e.message] } } : {};
    return scrub({ kind: 'validation', message: e.message, ...fieldErrors });
  }
  // TeamStoreError and its subclasses (TeamDbUnavailableError, TeamWriteUnconfirmedError, TeamApprovalRefusedError,
  // NotSharedProfileError, …): their messages are written for operators and never carry a password.
  if (error instanceof TeamStoreError && Object.hasOwn(TEAM_KINDS, error.kind)) {
    return scrub({ kind: TEAM_KINDS[error.kind], message: error.message });
  }
  if (e.name === 'ZodError') return { kind: 'invalid_input', message: DEFAULT_MESSAGES.invalid_input };
  const local = localStoreMessage(sqliteErrorCode(error));
  if (local) return { kind: 'internal', message: local };
  // Anything else is our bug: say so without leaking internals (a message may carry a path or a value).
  return { kind: 'internal', message: DEFAULT_MESSAGES.internal };
}

/**
 * The desk's own SQLite store failing, in words an operator can act on (a full disk, a
 * second desk on the same data folder) instead of "something went wrong". Fixed words:
 * SQLite's own message may name the file's path.
 */
const LOCAL_STORE_MESSAGES: [prefix: string, message: string][] = [
  ['SQLITE_FULL', "The desk's own database could not be written: the disk is full. Free some space, then try again."],
  ['SQLITE_READONLY', "The desk's own database cannot be written: check that the desk may write to its data folder."],
  ['SQLITE_BUSY', "The desk's own database is busy: is another Kriptomat Desk using the same data folder? Close it, then try again."],
  ['SQLITE_LOCKED', "The desk's own database is busy: is another Kriptomat Desk using the same data folder? Close it, then try again."],
  ['SQLITE_CORRUPT', "The desk's own database is damaged. Stop using this desk and restore its data folder from a backup."],
  ['SQLITE_NOTADB', "The desk's own database is damaged. Stop using this desk and restore its data folder from a backup."],
  ['SQLITE_IOERR', "The desk's own database could not be read or written (a disk error). Check the disk, then try again."],
  ['SQLITE_CANTOPEN', "The desk's own database could not be opened: check its data folder and the disk."],
];

function localStoreMessage(code: unknown): string | undefined {
  if (typeof code !== 'string') return undefined;
  // Extended codes (SQLITE_IOERR_WRITE, SQLITE_BUSY_SNAPSHOT) belong to their primary code.
  return LOCAL_STORE_MESSAGES.find(([prefix]) => code === prefix || code.startsWith(`${prefix}_`))?.[1];
}

function messageOf(e: ErrorLike): string | undefined {
  return typeof e.message === 'string' && e.message.trim() !== '' ? e.message : undefined;
}

function fieldErrorsOf(e: ErrorLike): Record<string, string[]> | undefined {
  const raw = [e.fieldErrors, e.fields, e.errors].find((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
  if (!raw) return undefined;
  const out: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(raw as Record<string, unknown>)) {
    const list = Array.isArray(messages)
      ? messages.filter((m): m is string => typeof m === 'string')
      : typeof messages === 'string'
        ? [messages]
        : [];
    if (list.length > 0) (out[bridgeFieldName(field)] ??= []).push(...list);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Last line of defence: a message that somehow carries a token or secret is cleaned. */
function scrub(error: DeskError): DeskError {
  const out: DeskError = { ...error, message: redactText(error.message) };
  if (error.fieldErrors) {
    out.fieldErrors = Object.fromEntries(Object.entries(error.fieldErrors).map(([k, v]) => [k, v.map(redactText)]));
  }
  return out;
}
