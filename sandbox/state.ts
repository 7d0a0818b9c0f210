// The sandbox's whole world. Money is kept as fixed-place decimal strings (EUR 2,
// crypto 8) so the persisted JSON and GET /__sandbox/state show exact values; all
// arithmetic on them goes through decimal.js (see ledger.ts).

export type UserStatus = 'active' | 'disabled' | 'deleted';
export const USER_STATUSES: readonly UserStatus[] = ['active', 'disabled', 'deleted'];

export type KycStatus = 'not_started' | 'pending' | 'verified' | 'failed' | 'declined';
export type TxType = 'buy' | 'sell' | 'fiat_deposit' | 'fiat_withdrawal';
export type TxState = 'pending' | 'success' | 'failed';

export interface PartnerRecord {
  id: number;
  email: string;
  password: string;
  client_id: number;
  client_secret: string;
  totp_secret: string;
  /** Highest TOTP step a successful login used: that step and older ones are spent. */
  last_totp_step: number | null;
  /** The master balance: the partner's own Kriptomat account. */
  balances: Record<string, string>;
}

export interface UserRecord {
  id: number;
  partner_id: number;
  email: string;
  name: string;
  surname: string;
  phone: string;
  date_of_birth: string | null;
  address: string | null;
  building_number: string | null;
  city: string | null;
  postal_code: string | null;
  country: string | null;
  status: UserStatus;
  kyc_status: KycStatus;
  /** Where a pending KYC ends, and when (sandbox ms); null when nothing is under way. */
  kyc_target: KycStatus | null;
  kyc_settles_at_ms: number | null;
  balances: Record<string, string>;
}

export interface BankAccountRecord {
  id: number;
  user_id: number;
  name: string;
  iban: string;
  swift_bic: string;
  reference_number: string;
  state: string;
}

export interface TransactionRecord {
  id: number;
  user_id: number;
  type: TxType;
  /** Crypto for buy/sell, EUR for deposits and withdrawals. */
  amount: string;
  pair: string | null;
  price: string | null;
  date_ms: number;
  state: TxState;
  fee: string;
  subtotal: string;
  total: string;
  settles_at_ms: number | null;
  bank_account_id: number | null;
  idempotency_key: string | null;
}

export interface TokenRecord {
  token: string;
  partner_id: number;
  expires_at_ms: number;
}

export interface IdempotencyRecord {
  partner_id: number;
  key: string;
  /** Canonical text of what was asked (route, user, body): a replay must match it exactly. */
  fingerprint: string;
  status: number;
  body: unknown;
}

/** The persisted form (also what --state FILE holds). */
export interface StateSnapshot {
  version: 1;
  seed: number;
  clock_offset_ms: number;
  next_ids: { user: number; bank_account: number; transaction: number };
  partners: PartnerRecord[];
  users: UserRecord[];
  bank_accounts: BankAccountRecord[];
  transactions: TransactionRecord[];
  tokens: TokenRecord[];
  idempotency: IdempotencyRecord[];
}

/**
 * In-memory state with the indexes the routes need. Transactions are append-only
 * and ids grow with booking order, so "newest first" is the array read backwards.
 */
export class SandboxState {
  seed: number;
  nextIds: { user: number; bank_account: number; transaction: number };
  readonly partners = new Map<number, PartnerRecord>();
  readonly users = new Map<number, UserRecord>();
  readonly bankAccounts = new Map<number, BankAccountRecord>();
  readonly transactions: TransactionRecord[] = [];
  readonly transactionsById = new Map<number, TransactionRecord>();
  readonly transactionsByUser = new Map<number, TransactionRecord[]>();
  /** Ids of transactions still pending, so settlement does not scan history. */
  readonly pending = new Set<number>();
  /** Earliest settles_at_ms among pending transactions, so most requests skip the scan. */
  nextDueMs = Infinity;
  readonly tokens = new Map<string, TokenRecord>();
  readonly idempotency = new Map<string, IdempotencyRecord>();

  constructor(seed: number) {
    this.seed = seed;
    this.nextIds = { user: 1, bank_account: 1, transaction: 1 };
  }

  addTransaction(tx: TransactionRecord): void {
    this.transactions.push(tx);
    this.transactionsById.set(tx.id, tx);
    let list = this.transactionsByUser.get(tx.user_id);
    if (!list) {
      list = [];
      this.transactionsByUser.set(tx.user_id, list);
    }
    list.push(tx);
    if (tx.state === 'pending') {
      this.pending.add(tx.id);
      if (tx.settles_at_ms !== null) this.nextDueMs = Math.min(this.nextDueMs, tx.settles_at_ms);
    }
  }

  bankAccountsOf(userId: number): BankAccountRecord[] {
    return [...this.bankAccounts.values()].filter((b) => b.user_id === userId).sort((a, b) => a.id - b.id);
  }

  userByEmail(email: string): UserRecord | undefined {
    const wanted = email.toLowerCase();
    for (const user of this.users.values()) if (user.email.toLowerCase() === wanted) return user;
    return undefined;
  }

  snapshot(clockOffsetMs: number): StateSnapshot {
    return {
      version: 1,
      seed: this.seed,
      clock_offset_ms: clockOffsetMs,
      next_ids: { ...this.nextIds },
      partners: [...this.partners.values()],
      users: [...this.users.values()],
      bank_accounts: [...this.bankAccounts.values()],
      transactions: this.transactions,
      tokens: [...this.tokens.values()],
      idempotency: [...this.idempotency.values()],
    };
  }

  static fromSnapshot(snap: StateSnapshot): SandboxState {
    const state = new SandboxState(snap.seed);
    state.nextIds = { ...snap.next_ids };
    for (const p of snap.partners) state.partners.set(p.id, p);
    for (const u of snap.users) state.users.set(u.id, u);
    for (const b of snap.bank_accounts) state.bankAccounts.set(b.id, b);
    for (const t of snap.transactions) state.addTransaction(t);
    for (const t of snap.tokens) state.tokens.set(t.token, t);
    for (const r of snap.idempotency) state.idempotency.set(idempotencyMapKey(r.partner_id, r.key), r);
    return state;
  }
}

export function idempotencyMapKey(partnerId: number, key: string): string {
  return `${partnerId}\u0000${key}`;
}
