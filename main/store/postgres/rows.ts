// Rows of the team database in the shapes the desk uses: the bridge's views
// (shared/desk-api.ts) where one exists, and the journal row of the port side
// (main/store/journal-row.ts: TeamOrder, the journal's fields plus who placed,
// changed and holds an order).
import type { AuditEntryView, OrderKind, TransactionView, UserView } from '../../../shared/desk-api';
import type { TeamOrder } from '../journal-row';
import { directoryUserView } from '../directory-user';
import { storedTransactionView, type StoredTransactionFields } from '../stored-transaction';

export type { TeamOrder };

/** The bridge's audit view, with the operator (the database login) and the environment key. */
export interface TeamAuditEntryView extends Omit<AuditEntryView, 'profileId'> {
  operator: string;
  environment: string | null;
  /** SHA-256 of the entry in the chain, hex. */
  hash: string;
}

export interface TeamPolicy {
  environment: string;
  /** Decimal EUR text with 2 places, or null for no team-wide limit. */
  perOrderLimitEur: string | null;
  /** How far (percent, decimal text with 2 places) the rate may move between a proposal and its approval. */
  rateMovePercent: string;
  updatedBy: string;
  updatedAtMs: number;
}

export interface OrderRow {
  id: string;
  environment: string;
  user_id: number;
  kind: OrderKind;
  pair: string | null;
  amount: string;
  bank_account_id: number | null;
  idempotency_key: string;
  state: string;
  transaction_id: number | null;
  error: string | null;
  created_at: Date;
  updated_at: Date;
  placed_by: string;
  updated_by: string;
  claimed_by: string | null;
  lease_expires_at: Date | null;
  send_attempts: number;
  /** Migration 3's columns (every query reads `*`). */
  approval_state?: string | null;
  approval_decided_at?: Date | null;
}

export function toTeamOrder(r: OrderRow): TeamOrder {
  return {
    id: r.id,
    environment: r.environment,
    userId: r.user_id,
    kind: r.kind,
    pair: r.pair,
    amount: r.amount,
    bankAccountId: r.bank_account_id,
    idempotencyKey: r.idempotency_key,
    state: r.state,
    transactionId: r.transaction_id,
    error: r.error,
    createdAtMs: r.created_at.getTime(),
    updatedAtMs: r.updated_at.getTime(),
    placedBy: r.placed_by,
    updatedBy: r.updated_by,
    claimedBy: r.claimed_by,
    leaseExpiresAtMs: r.lease_expires_at?.getTime() ?? null,
    sendAttempts: r.send_attempts,
    approvedAtMs: r.approval_state === 'approved' ? (r.approval_decided_at?.getTime() ?? null) : null,
    withdrawn: r.approval_state === 'rejected' && r.updated_by === r.placed_by,
  };
}

export interface UserRow {
  user_id: number;
  email: string | null;
  name: string | null;
  surname: string | null;
  phone: string | null;
  status: string | null;
  kyc_status: string | null;
  profile: Record<string, unknown> | null;
  fetched_at: Date | null;
}

/** A user only discovered in a transaction has no fetched profile yet: empty text, fetchedAtMs null (as the local store). */
export function toUserView(r: UserRow): UserView {
  return directoryUserView({
    id: r.user_id,
    email: r.email,
    name: r.name,
    surname: r.surname,
    phone: r.phone,
    status: r.status,
    kycStatus: r.kyc_status,
    profile: r.profile,
    fetchedAtMs: r.fetched_at?.getTime() ?? null,
  });
}

/** The API's user object as the local store keeps it (snake_case), from the bridge's view. */
export function apiProfileOf(user: UserView): Record<string, string | null> {
  return {
    email: user.email,
    name: user.name,
    surname: user.surname,
    phone: user.phone,
    status: user.status,
    kyc_status: user.kycStatus,
    date_of_birth: user.dateOfBirth ?? null,
    address: user.address ?? null,
    city: user.city ?? null,
    postal_code: user.postalCode ?? null,
    country: user.country ?? null,
  };
}

/** Lower-cased id, names, "name surname", e-mail and phone: what a directory search matches. */
export function userSearchText(userId: number, user: UserView | null): string {
  if (!user) return String(userId);
  const parts = [String(userId), user.name, user.surname, `${user.name} ${user.surname}`.trim(), user.email, user.phone];
  return parts
    .filter((s) => s !== '')
    .join('\n')
    .toLowerCase();
}

/** desk.transactions as read: the stored fields, with the column's name for the user. */
export type TransactionRow = Omit<StoredTransactionFields, 'userId'> & { user_id: number };

export function toTransactionView(t: TransactionRow): TransactionView {
  return storedTransactionView({ ...t, userId: t.user_id });
}

export interface AuditRow {
  id: number;
  at: Date;
  operator: string;
  os_user: string;
  environment: string | null;
  action: string;
  summary: string;
  outcome: 'ok' | 'error';
  detail: string | null;
  hash: Buffer;
}

export function toAuditView(r: AuditRow): TeamAuditEntryView {
  return {
    id: r.id,
    atMs: r.at.getTime(),
    operator: r.operator,
    osUser: r.os_user,
    environment: r.environment,
    action: r.action,
    summary: r.summary,
    outcome: r.outcome,
    hash: r.hash.toString('hex'),
  };
}
