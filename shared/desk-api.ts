// The bridge contract between the untrusted renderer and main. One named method
// per operation (no generic invoke), each with the zod schema main validates its
// input against and the type of its result; plus the typed event map. The
// preload and the browser harness are both generated from `deskMethodNames` and
// `deskEventNames`, so a method missing here cannot be called at all.
import { z } from 'zod';
import { auditActions } from './audit-actions';
import { normalizePhone, userFieldProblem, type UserField } from './user-fields';
import { MAX_LIST_PAGE } from './kriptomat';
import { PAIR_PATTERN } from './pairs';
import { approvalsDecideSchema, approvalsListSchema, approvalsWithdrawSchema, policyUpdateSchema, type PolicyView, type ProposalView, type ProposedForApprovalView } from './approvals-api';
import { RETYPE_AT_BALANCE_PERCENT_MAX, RETYPE_AT_BALANCE_PERCENT_MIN } from './order-rules';
import { EUR_AMOUNT_PATTERN, EUR_AMOUNT_WORDS } from './policy-limits';
import type { TeamWorkspaceConfig } from './workspace-fields';
import { teamWorkspaceConfigSchema, workspacePasswordSchema } from './workspace-schema';
import { SEARCH_TEXT_MAX } from './search-limits';

// ── shared value schemas ────────────────────────────────────────────────────

const id = z.number().int().positive().max(2 ** 31 - 1);
/** Required text with plain-words messages: `what` names it in a sentence ("the share token"). */
const text = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `Enter ${what}.`)
    .max(max, `${what.charAt(0).toUpperCase()}${what.slice(1)} can be at most ${max} characters.`);
/** Amounts cross the bridge as text typed by the operator; main checks places per currency. */
const amountText = z.string().trim().min(1).max(40);
const pair = z.string().regex(PAIR_PATTERN, 'Choose a market pair quoted in EUR, such as BTC/EUR.');
const profileId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'Not an environment profile id.');
/** A journal row's id (a random UUID). */
const orderId = z.uuid('Not an order id.');
const epochMs = z.number().int().nonnegative();
const empty = z.object({}).strict();
/** A base URL never carries credentials: they would end up in settings, logs and the audit trail. */
const baseUrlText = z
  .string()
  .trim()
  .max(300, 'A base URL can be at most 300 characters.')
  .refine(
    (value) => /^https?:\/\/[^/?#@\s]+(?:[/?#]|$)/i.test(value),
    'Enter a URL starting with https:// (or http:// for a local sandbox), without a user name or password.',
  );

// ── user fields: one rule for the create form, the edit form and main ───────
// (the rule itself is in user-fields.ts, which the renderer reads without zod)

const userText = (field: UserField) =>
  z
    .string()
    .superRefine((value, ctx) => {
      const problem = userFieldProblem(field, value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((value) => (field === 'phone' ? normalizePhone(value) : value.trim()));
const userFields = { email: userText('email'), name: userText('name'), surname: userText('surname'), phone: userText('phone') };

export const userStatusSchema = z.enum(['active', 'disabled', 'deleted'], { error: 'Choose active, disabled or deleted.' });
export const kycStatuses = ['not_started', 'pending', 'verified', 'failed', 'declined'] as const;
export const orderSides = ['buy', 'sell'] as const;
export const themes = ['auto', 'light', 'dark'] as const;

const searchText = z.string().max(SEARCH_TEXT_MAX, `A search is at most ${SEARCH_TEXT_MAX} characters.`);

export const transactionFilterSchema = z
  .object({
    userId: id.optional(),
    type: z.string().max(40).optional(),
    pair: z.string().max(20).optional(),
    state: z.string().max(40).optional(),
    fromMs: epochMs.optional(),
    toMs: epochMs.optional(),
    text: searchText.optional(),
  })
  .strict();
export const transactionSortSchema = z
  .object({
    column: z.enum(['id', 'userId', 'type', 'amount', 'pair', 'price', 'date', 'state', 'fee', 'subtotal', 'total']),
    direction: z.enum(['asc', 'desc']),
  })
  .strict();
export const auditFilterSchema = z
  .object({
    action: z.enum(auditActions).optional(),
    outcome: z.enum(['ok', 'error']).optional(),
    text: searchText.optional(),
    fromMs: epochMs.optional(),
    toMs: epochMs.optional(),
  })
  .strict();

// ── result types (what the renderer may see: never a secret or a token) ─────

export type ProfileKind = 'sandbox' | 'staging' | 'production' | 'custom';
export interface ProfileView {
  id: string;
  name: string;
  kind: ProfileKind;
  baseUrl: string;
  active: boolean;
}
export interface CredentialsView {
  profileId: string;
  email: string;
  clientId: number | null;
  /** Which secrets are stored — never their values. */
  stored: { password: boolean; clientSecret: boolean; totpSecret: boolean };
  keychain: { available: boolean; reason?: string };
}
export type SessionState = 'signed-out' | 'signing-in' | 'active' | 'refreshing' | 'error';
/** One profile's session as anyone outside main/session sees it: no token, no secret. */
export interface SessionSnapshot {
  state: SessionState;
  expiresAtMs: number | null;
  /** Local time of the last successful login. */
  lastRenewedAtMs: number | null;
  /** Successful logins so far. */
  logins: number;
  /** Plain words, no secrets. */
  error: string | null;
  /** A code typed by the operator is being waited for. */
  needsTotp: boolean;
}
/** The session of the active environment profile, as the renderer sees it. */
export interface SessionView extends SessionSnapshot {
  profileId: string;
  profileName: string;
  profileKind: ProfileKind;
}
export type KycStatus = (typeof kycStatuses)[number] | (string & {});
export type UserStatus = z.infer<typeof userStatusSchema> | (string & {});
export interface UserView {
  id: number;
  email: string;
  name: string;
  surname: string;
  phone: string;
  status: UserStatus;
  kycStatus: KycStatus;
  dateOfBirth?: string | null;
  address?: string | null;
  city?: string | null;
  postalCode?: string | null;
  country?: string | null;
  fetchedAtMs: number | null;
}
export interface BankAccountView {
  id: number;
  name: string | null;
  iban: string;
  swiftBic: string | null;
  referenceNumber: string | null;
  state: string | null;
  /** A withdrawal to this account placed now would be held until then (ms): the account is new to the desk. Null: not held. */
  withdrawHeldUntilMs: number | null;
}
export interface DepositInstructionsView {
  iban: string;
  bankName: string;
  bankAddress: string;
  recipientName: string;
  recipientAddress: string;
  swiftBic: string;
}
export interface CurrencyView {
  code: string;
  name: string;
}
/** Prices are decimal strings. */
export interface RateView {
  pair: string;
  price: string;
  priceBuy: string;
  priceSell: string;
  timestampMs: number;
  /** When main received it, by the local clock. */
  receivedAtMs: number;
}
export interface RatePoint {
  t: number;
  price: string | null;
}
export interface RateHistoryView {
  pair: string;
  points: RatePoint[];
}
export interface BalanceView {
  currency: string;
  balance: string;
  /** EUR value at the current rate (price_sell for crypto); null when no rate is known. */
  eurValue: string | null;
}
export type OrderKind = 'buy' | 'sell' | 'withdraw';

/**
 * banks.add: the user's accounts after the add; or, on a shared profile whose
 * policy asks approval for adding a bank account, the accounts unchanged and the
 * proposal (nothing was sent to Kriptomat).
 */
export interface BankAddResult {
  accounts: BankAccountView[];
  proposedForApproval: ProposedForApprovalView | null;
}

/** users.update: the user as Kriptomat has them now; with a proposal (user unchanged) when a status change needs approval. */
export interface UserUpdateResult {
  user: UserView;
  proposedForApproval: ProposedForApprovalView | null;
}
export interface OrderView {
  id: string;
  profileId: string;
  userId: number;
  kind: OrderKind;
  pair: string | null;
  amount: string;
  bankAccountId: number | null;
  state: string;
  transactionId: number | null;
  error: string | null;
  /** A held withdrawal goes at this time (ms) unless cancelled; null when the order was never held. */
  holdUntilMs: number | null;
  /** A proposal its proposer withdrew before it was decided (state 'rejected'; never sent). */
  withdrawn: boolean;
  createdAtMs: number;
  updatedAtMs: number;
}
export interface TransactionView {
  id: number;
  userId: number;
  type: string;
  amount: string;
  pair: string | null;
  price: string | null;
  date: string;
  state: string;
  fee: string;
  subtotal: string;
  total: string;
}
export interface TransactionPage {
  rows: TransactionView[];
  total: number;
}
/**
 * The transactions that may be a needs-review order's booking: the user's, of the
 * same kind, pair and amount, not older than the order, and no other order's.
 */
export interface SettleCandidatesView {
  orderId: string;
  candidates: TransactionView[];
  /** Read from Kriptomat just now; false: Kriptomat could not be read, so these come from the desk's cache. */
  live: boolean;
}
export interface SyncResult {
  fetchedPages: number;
  newTransactions: number;
  totalCached: number;
}
export interface AuditEntryView {
  id: number;
  atMs: number;
  osUser: string;
  profileId: string;
  action: string;
  summary: string;
  outcome: 'ok' | 'error';
}
/** What `audit.verify` found when it recomputed the trail's hash chain. */
export interface AuditVerifyView {
  /** False where the trail shown has no hash chain (Solo, the Local sandbox): nothing was checked. */
  chained: boolean;
  /** Whether every row matches its hash and follows the one before; null when not chained. */
  intact: boolean | null;
  /** Rows found in order before the first broken one (all of them when intact). */
  rowsChecked: number;
  /** SHA-256 of the newest row, hex, when intact: keep a copy to show later rewrites. */
  headHash: string | null;
  firstBroken?: {
    id: number;
    /** When the row says it was written; null when the row is missing. */
    atMs: number | null;
    /** In plain words: missing, changed, or not following the row before. */
    why: string;
  };
  /** One sentence for the operator. */
  message: string;
}
export interface CsvExport {
  filename: string;
  csv: string;
  rows: number;
}
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
/** Where the per-order limit in effect comes from. */
export interface PerOrderLimitView {
  /** 'team': the team's limit for this environment, which every desk's checks use; 'desk': this desk's own setting. */
  source: 'desk' | 'team';
  /** Team workspace on a shared profile: a change is written to the team database (desk admins only). */
  shared: boolean;
  /** The database login that set the team's limit, and when. */
  setBy: string | null;
  setAtMs: number | null;
  /** A sentence for the operator when there is more to say (no team limit yet, or it cannot be read now). */
  note: string | null;
}
export interface SettingsView {
  pollingIntervalSeconds: number;
  /** The per-order limit in effect on the active profile (the team's when `perOrderLimit.source` is 'team'). */
  perOrderLimitEur: string;
  perOrderLimit: PerOrderLimitView;
  /** An order for at least this share (whole percent) of the user's balance asks for the amount again before Confirm. */
  retypeAtBalancePercent: number;
  theme: (typeof themes)[number];
}

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

// ── methods ────────────────────────────────────────────────────────────────

/** A phantom marker carrying a result type; it has no runtime content. */
interface Returns<R> {
  readonly __result?: R;
}
function returns<R>(): Returns<R> {
  return {};
}
function method<I extends z.ZodType, R>(input: I, result: Returns<R>): { input: I; result: Returns<R> } {
  return { input, result };
}

export const deskMethods = {
  // session
  'session.status': method(empty, returns<SessionView>()),
  'session.signIn': method(empty, returns<SessionView>()),
  'session.signOut': method(empty, returns<SessionView>()),
  'session.submitTotp': method(z.object({ code: z.string().regex(/^\d{6}$/, 'Enter the six digits your authenticator app shows.') }).strict(), returns<SessionView>()),

  // environment profiles and their credentials (secrets are write-only)
  'profiles.list': method(empty, returns<ProfileView[]>()),
  'profiles.select': method(z.object({ profileId }).strict(), returns<SessionView>()),
  'profiles.addCustom': method(z.object({ name: text(60, 'the profile name'), baseUrl: baseUrlText }).strict(), returns<ProfileView>()),
  'profiles.remove': method(z.object({ profileId }).strict(), returns<ProfileView[]>()),
  'profiles.credentials': method(z.object({ profileId }).strict(), returns<CredentialsView>()),
  'profiles.saveCredentials': method(
    z
      .object({
        profileId,
        email: z.string().trim().email('Enter an e-mail address such as partner@example.com.').max(200, 'An e-mail address can be at most 200 characters.').optional(),
        clientId: id.optional(),
        password: z.string().min(1).max(500).optional(),
        clientSecret: z.string().min(1).max(500).optional(),
        totpSecret: z.string().min(1).max(200).optional(),
      })
      .strict(),
    returns<CredentialsView>(),
  ),

  // users
  'users.directory': method(z.object({ query: searchText.optional() }).strict(), returns<UserView[]>()),
  'users.open': method(z.object({ userId: id }).strict(), returns<UserView>()),
  'users.create': method(
    z.object(userFields).strict(),
    returns<UserView>(),
  ),
  'users.update': method(
    z
      .object({ userId: id, ...userFields, status: userStatusSchema })
      .strict(),
    returns<UserUpdateResult>(),
  ),

  // KYC
  'kyc.import': method(z.object({ userId: id, token: text(500, 'the share token') }).strict(), returns<UserView>()),

  // bank accounts
  'banks.list': method(z.object({ userId: id }).strict(), returns<BankAccountView[]>()),
  'banks.view': method(z.object({ userId: id, bankId: id }).strict(), returns<BankAccountView>()),
  'banks.add': method(z.object({ userId: id, iban: text(50, 'an IBAN') }).strict(), returns<BankAddResult>()),
  'banks.remove': method(z.object({ userId: id, bankId: id }).strict(), returns<BankAccountView[]>()),

  // deposit instructions
  'deposit.instructions': method(z.object({ userId: id }).strict(), returns<DepositInstructionsView>()),

  // market
  'market.pairs': method(empty, returns<string[]>()),
  'market.currencies': method(empty, returns<CurrencyView[]>()),
  'market.latest': method(empty, returns<RateView[]>()),
  'market.history': method(
    z.object({ pair, fromMs: epochMs, toMs: epochMs, maxPoints: z.number().int().min(10).max(5000).optional() }).strict(),
    returns<RateHistoryView>(),
  ),

  // balances
  'balances.user': method(z.object({ userId: id }).strict(), returns<BalanceView[]>()),
  'balances.master': method(empty, returns<BalanceView[]>()),

  // orders
  'orders.place': method(
    z
      // profileId: the environment the ticket was written for; main refuses it on any other.
      .object({ profileId, userId: id, side: z.enum(orderSides), pair, amount: amountText, overrideLimit: z.boolean().optional() })
      .strict(),
    returns<OrderView>(),
  ),
  'orders.withdraw': method(
    z.object({ profileId, userId: id, bankAccountId: id, amount: amountText, overrideLimit: z.boolean().optional() }).strict(),
    returns<OrderView>(),
  ),
  'orders.list': method(z.object({ userId: id.optional(), limit: z.number().int().min(1).max(500).optional() }).strict(), returns<OrderView[]>()),
  // A needs-review order settled by the operator: booked as one of its candidate transactions, or not booked (failed; never sent again).
  // A held withdrawal cancelled before its hold ends: never sent.
  'orders.cancelHeld': method(z.object({ orderId }).strict(), returns<OrderView>()),
  'orders.reviewCandidates': method(z.object({ orderId }).strict(), returns<SettleCandidatesView>()),
  'orders.settle': method(
    z.discriminatedUnion('outcome', [
      z.object({ orderId, outcome: z.literal('booked'), transactionId: id }).strict(),
      z.object({ orderId, outcome: z.literal('not_booked') }).strict(),
    ]),
    returns<OrderView>(),
  ),

  // transactions
  'transactions.sync': method(z.object({ full: z.boolean().optional() }).strict(), returns<SyncResult>()),
  'transactions.query': method(
    z
      .object({
        filter: transactionFilterSchema,
        sort: transactionSortSchema.optional(),
        limit: z.number().int().min(1).max(5000),
        offset: z.number().int().min(0),
      })
      .strict(),
    returns<TransactionPage>(),
  ),
  'transactions.exportCsv': method(z.object({ filter: transactionFilterSchema, sort: transactionSortSchema.optional() }).strict(), returns<CsvExport>()),
  'transactions.show': method(z.object({ userId: id, transactionId: id }).strict(), returns<TransactionView>()),
  'transactions.forUser': method(z.object({ userId: id, page: z.number().int().min(1).max(MAX_LIST_PAGE).optional() }).strict(), returns<TransactionPage>()),

  // audit
  'audit.query': method(
    z.object({ filter: auditFilterSchema, limit: z.number().int().min(1).max(5000), offset: z.number().int().min(0) }).strict(),
    returns<{ rows: AuditEntryView[]; total: number }>(),
  ),
  'audit.exportCsv': method(z.object({ filter: auditFilterSchema }).strict(), returns<CsvExport>()),
  // Recomputes the hash chain of the trail the audit view shows (the team's, in a team on a shared profile).
  'audit.verify': method(empty, returns<AuditVerifyView>()),

  // workspace
  // policy and approvals (issue 13): the team database judges; Solo has its cool-off only
  'policy.get': method(empty, returns<PolicyView>()),
  'policy.update': method(policyUpdateSchema, returns<PolicyView>()),
  'approvals.list': method(approvalsListSchema, returns<ProposalView[]>()),
  'approvals.decide': method(approvalsDecideSchema, returns<ProposalView>()),
  /** The proposer takes back their own pending proposal (it ends rejected, never sent or done); the proposal after. */
  'approvals.withdraw': method(approvalsWithdrawSchema, returns<ProposalView>()),

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

  // settings
  'settings.get': method(empty, returns<SettingsView>()),
  'settings.update': method(
    z
      .object({
        pollingIntervalSeconds: z.number().int().min(1).max(300).optional(),
        perOrderLimitEur: z.string().regex(EUR_AMOUNT_PATTERN, EUR_AMOUNT_WORDS).optional(),
        retypeAtBalancePercent: z.number().int().min(RETYPE_AT_BALANCE_PERCENT_MIN).max(RETYPE_AT_BALANCE_PERCENT_MAX).optional(),
        theme: z.enum(themes).optional(),
      })
      .strict(),
    returns<SettingsView>(),
  ),
} as const;

export type DeskMethods = typeof deskMethods;
export type DeskMethodName = keyof DeskMethods;
export type DeskInput<M extends DeskMethodName> = z.input<DeskMethods[M]['input']>;
export type DeskParsedInput<M extends DeskMethodName> = z.output<DeskMethods[M]['input']>;
export type DeskOutput<M extends DeskMethodName> = DeskMethods[M]['result'] extends Returns<infer R> ? R : never;
export const deskMethodNames = Object.keys(deskMethods) as DeskMethodName[];

/** Implementations main must provide: a missing handler is a compile error. */
export type DeskHandlers = { [M in DeskMethodName]: (input: DeskParsedInput<M>) => Promise<DeskOutput<M>> };

// ── events ─────────────────────────────────────────────────────────────────

export interface DeskEvents {
  'session.changed': SessionView;
  'session.totpNeeded': { profileId: string; reason: string };
  'rates.tick': RateView;
  'orders.updated': OrderView;
  'users.updated': UserView;
  'transactions.syncProgress': { phase: 'running' | 'done' | 'error'; pagesDone: number; pagesTotal: number | null; message?: string };
  /** Team: an entry appended to the active environment's trail (by any desk), read back from the database. */
  'audit.appended': AuditEntryView;
  /**
   * A proposal was made, decided or expired (by this desk or another), once per burst
   * of changes: how many await approval, and how many of them this login may decide on now.
   */
  'approvals.changed': { pending: number; awaitingYou: number };
  /** Team: the database went away or answers again (workspace.status's answer, as it is now). */
  'workspace.changed': WorkspaceStatusView;
  /**
   * Team: the active environment's policy changed (the per-order limit, the rate move
   * limit or a rule, by any desk): settings.get and policy.get answer differently now.
   */
  'policy.changed': { changed: 'limits' | 'rules' };
}
export type DeskEventName = keyof DeskEvents;
export const deskEventNames: readonly DeskEventName[] = [
  'session.changed',
  'session.totpNeeded',
  'rates.tick',
  'orders.updated',
  'users.updated',
  'transactions.syncProgress',
  'audit.appended',
  'approvals.changed',
  'workspace.changed',
  'policy.changed',
];

// ── the renderer's view of window.desk ─────────────────────────────────────

type Area<N extends string> = N extends `${infer A}.${string}` ? A : never;
type MethodOf<N extends string, A extends string> = N extends `${A}.${infer M}` ? M : never;

type BridgeFn<K extends string> = K extends DeskMethodName
  ? (input: DeskInput<K>) => Promise<DeskResult<DeskOutput<K>>>
  : never;

/** `window.desk`: `desk.users.open({userId})`, `desk.on('rates.tick', fn)`. */
export type DeskBridge = {
  [A in Area<DeskMethodName>]: {
    [M in MethodOf<DeskMethodName, A>]: BridgeFn<`${A}.${M}`>;
  };
} & {
  on<E extends DeskEventName>(event: E, listener: (payload: DeskEvents[E]) => void): () => void;
};

/** The IPC channel of a method: one per method. */
export function channelOf(name: DeskMethodName): string {
  return `desk:${name}`;
}
export const eventChannel = 'desk:event';
