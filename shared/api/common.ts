// What every area of the bridge contract shares: the envelope each call resolves
// to, the error it carries across IPC with its kind and field messages, and the
// CSV export several areas answer with. A leaf: the area files import it, it
// imports none of them. Pure: no Node or DOM imports.

// ── errors ─────────────────────────────────────────────────────────────────

export type DeskErrorKind =
  | 'invalid_input'
  | 'signed_out'
  | 'unauthenticated'
  | 'validation'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'server'
  | 'network'
  | 'timeout'
  | 'bad_response'
  | 'forbidden'
  | 'kyc_gate'
  | 'user_inactive'
  | 'insufficient_funds'
  | 'limit_exceeded'
  | 'keychain'
  | 'internal';

export interface DeskError {
  kind: DeskErrorKind;
  /** Plain words for the operator. */
  message: string;
  /** Per-field messages, keyed by the bridge input's field names. */
  fieldErrors?: Record<string, string[]>;
  retryAfterSeconds?: number;
  /** approvals.decide (kind 'conflict'): the rate moved more than the team allows since the proposal; approve again confirming `rateNow`. */
  rateMoved?: RateMovedDetail;
}

/** How far a proposal's rate moved before an approval that must confirm the rate now (decimal text). */
export interface RateMovedDetail {
  rateAtProposal: string;
  rateNow: string;
  /** Signed percent from the proposal's rate to now, 2 places. */
  changePercent: string;
  /** The team's limit, percent. */
  limitPercent: string;
}

/** Every bridge call resolves to this envelope: errors keep their kind and field messages across IPC. */
export type DeskResult<R> = { ok: true; value: R } | { ok: false; error: DeskError };

// ── results more than one area gives ───────────────────────────────────────

export interface CsvExport {
  filename: string;
  csv: string;
  rows: number;
}
