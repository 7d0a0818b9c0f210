// The Kriptomat Partner API contract: request and response shapes with runtime
// schemas for every endpoint of ../shared/kriptomat-api.md. Schemas validate what
// the service sends us (so a changed shape is a clear error, not a crash deep in
// the UI) and normalise it: money arrives as JSON numbers and leaves these
// schemas as decimal strings. No Node or DOM imports: main and the renderer both
// read this file.
import { z } from 'zod';
import { dec } from './money';

// ── value schemas ───────────────────────────────────────────────────────────

/** Ids are positive integers in every path and body of the reference. */
/** Kriptomat's ids start at 1: a 0 is never an id, so it is refused rather than sent. */
export const apiIdSchema = z.number().int().positive();

/**
 * The highest list page the desk asks for: 8 rows a page makes 8 million
 * transactions, beyond any partner's history, and well inside what the API reads.
 */
export const MAX_LIST_PAGE = 1_000_000;

/**
 * A money value as a decimal string. The service sends JSON numbers, which
 * JSON.parse has already turned into binary floats; `String(float)` (inside
 * `dec`) is the shortest text that round-trips to the same float, so 0.1 stays
 * "0.1" and we never compute with the float itself. Numeric strings are accepted
 * too, in case the service ever sends amounts the way we send them.
 */
export const decimalSchema = z
  .union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal number')])
  .transform((value) => dec(value).toFixed());

/** Open string sets: the reference lists the values seen, the service may add more. */
export const KYC_STATUSES = ['not_started', 'pending', 'verified', 'failed', 'declined'] as const;
export type KycStatus = (typeof KYC_STATUSES)[number] | (string & {});
export const USER_STATUSES = ['active', 'disabled', 'deleted'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];
export const TRANSACTION_TYPES = ['buy', 'sell', 'fiat_deposit', 'fiat_withdrawal'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number] | (string & {});
export const TRANSACTION_STATES = ['pending', 'success', 'failed'] as const;
/** Unknown states are shown as they come. */
export type TransactionState = (typeof TRANSACTION_STATES)[number] | (string & {});

const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

/** `{"status": true, "data": …}`: every successful answer except login's. */
function envelope<T extends z.ZodType>(data: T) {
  return z.object({ status: z.literal(true), data });
}

/** `{"status": true}` without data. */
export const ackSchema = z.object({ status: z.literal(true) });

// ── authentication ──────────────────────────────────────────────────────────

export const loginRequestSchema = z.object({
  email: z.string().min(1),
  password: z.string().min(1),
  client_id: apiIdSchema,
  client_secret: z.string().min(1),
  security_code: z.string().regex(/^\d{6}$/, 'six digits'),
  /** Sent in the reference's example; its meaning is not documented, so we only pass it when asked. */
  expires_in: z.number().int().positive().optional(),
});
export type LoginRequest = z.input<typeof loginRequestSchema>;

export const loginResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});
export type LoginResponse = z.output<typeof loginResponseSchema>;

// ── users ───────────────────────────────────────────────────────────────────

export const createUserRequestSchema = z.object({
  email: z.string().min(1),
  name: z.string().min(1),
  surname: z.string().min(1),
  phone: z.string().min(1),
});
export type CreateUserRequest = z.input<typeof createUserRequestSchema>;

export const createUserResponseSchema = envelope(z.object({ id: apiIdSchema }));
export type CreatedUser = z.output<typeof createUserResponseSchema>['data'];

export const updateUserRequestSchema = z.object({
  email: z.string().min(1),
  name: z.string().min(1),
  surname: z.string().min(1),
  phone: z.string().min(1),
  status: z.enum(USER_STATUSES),
});
export type UpdateUserRequest = z.input<typeof updateUserRequestSchema>;

export const userSchema = z.object({
  email: z.string(),
  name: z.string(),
  surname: z.string(),
  phone: z.string(),
  date_of_birth: optionalText,
  address: optionalText,
  building_number: optionalText,
  city: optionalText,
  postal_code: optionalText,
  country: optionalText,
  status: z.string(),
  kyc_status: z.string(),
});
export type User = Omit<z.output<typeof userSchema>, 'status' | 'kyc_status'> & {
  status: UserStatus | (string & {});
  kyc_status: KycStatus;
};
export const showUserResponseSchema = envelope(userSchema);

export const importKycRequestSchema = z.object({ token: z.string().min(1) });
export type ImportKycRequest = z.input<typeof importKycRequestSchema>;

// ── bank accounts ───────────────────────────────────────────────────────────

export const addBankAccountRequestSchema = z.object({ iban: z.string().min(1) });
export type AddBankAccountRequest = z.input<typeof addBankAccountRequestSchema>;

export const addBankAccountResponseSchema = envelope(z.object({ id: apiIdSchema, reference_number: optionalText }));
export type AddedBankAccount = z.output<typeof addBankAccountResponseSchema>['data'];

export const bankAccountSchema = z.object({
  id: apiIdSchema,
  name: optionalText,
  iban: z.string(),
  swift_bic: optionalText,
  reference_number: optionalText,
  state: optionalText,
});
export type BankAccount = z.output<typeof bankAccountSchema>;
export const listBankAccountsResponseSchema = envelope(z.array(bankAccountSchema));
export const showBankAccountResponseSchema = envelope(bankAccountSchema);

// ── deposit instructions ────────────────────────────────────────────────────

export const depositInstructionsSchema = z.object({
  iban: z.string(),
  bank_name: z.string(),
  bank_address: z.string(),
  recipient_name: z.string(),
  recipient_address: z.string(),
  swift_bic: z.string(),
});
export type DepositInstructions = z.output<typeof depositInstructionsSchema>;
export const depositInstructionsResponseSchema = envelope(depositInstructionsSchema);

// ── market data ─────────────────────────────────────────────────────────────

export const pairsResponseSchema = envelope(z.array(z.string()));

export const currencySchema = z.object({ name: z.string(), code: z.string() });
export type Currency = z.output<typeof currencySchema>;
export const currenciesResponseSchema = envelope(z.array(currencySchema));

export const exchangeRateSchema = z.object({
  pair: z.string(),
  price: decimalSchema,
  price_buy: decimalSchema,
  price_sell: decimalSchema,
  /** No time zone in the reference's example; kept as sent. */
  date: z.string(),
  /** Epoch milliseconds. */
  timestamp: z.number(),
});
export type ExchangeRate = z.output<typeof exchangeRateSchema>;
export const exchangeRateResponseSchema = envelope(exchangeRateSchema);

// ── balances ────────────────────────────────────────────────────────────────

export const balanceSchema = z.object({ balance: decimalSchema, currency_code: z.string() });
export type Balance = z.output<typeof balanceSchema>;
export const balanceResponseSchema = envelope(balanceSchema);

// ── orders ──────────────────────────────────────────────────────────────────

/** Amounts go out as plain decimal strings; places per currency are checked by the order service. */
const amountText = z.string().regex(/^\d+(\.\d+)?$/, 'a decimal string such as 250.00');
const idempotencyKey = z.string().min(1).max(200);

export const buyRequestSchema = z.object({ amount: amountText, pair: z.string().min(1), idempotency_key: idempotencyKey });
export type BuyRequest = z.input<typeof buyRequestSchema>;
export const sellRequestSchema = buyRequestSchema;
export type SellRequest = BuyRequest;
export const withdrawRequestSchema = z.object({
  amount: amountText,
  bank_account_id: apiIdSchema,
  idempotency_key: idempotencyKey,
});
export type WithdrawRequest = z.input<typeof withdrawRequestSchema>;

export const orderResponseSchema = envelope(z.object({ transaction_id: apiIdSchema }));
export type OrderAccepted = z.output<typeof orderResponseSchema>['data'];

// ── transactions ────────────────────────────────────────────────────────────

export const transactionSchema = z.object({
  id: apiIdSchema,
  user_id: apiIdSchema,
  type: z.string(),
  amount: decimalSchema,
  pair: optionalText,
  price: decimalSchema.nullish().transform((v) => v ?? null),
  date: z.string(),
  state: z.string(),
  fee: decimalSchema,
  subtotal: decimalSchema,
  total: decimalSchema,
});
export type Transaction = Omit<z.output<typeof transactionSchema>, 'type' | 'state'> & {
  type: TransactionType;
  state: TransactionState;
};
export const showTransactionResponseSchema = envelope(transactionSchema);

/**
 * Pagination as the sandbox sends it. The reference does not document it, so
 * every field is optional and a `meta` of another shape is dropped rather than
 * failing the page: the paging helper then falls back to "until an empty page".
 */
export const paginationMetaSchema = z
  .object({
    current_page: z.number().int().optional(),
    total_pages: z.number().int().nonnegative().optional(),
    total_count: z.number().int().nonnegative().optional(),
    per_page: z.number().int().positive().optional(),
    last_page: z.boolean().optional(),
    out_of_range: z.boolean().optional(),
  })
  .optional()
  .catch(undefined);
export type PaginationMeta = NonNullable<z.output<typeof paginationMetaSchema>>;

export const transactionPageSchema = z.object({
  transactions: z.array(transactionSchema),
  meta: paginationMetaSchema,
});
export interface TransactionPage {
  transactions: Transaction[];
  meta?: PaginationMeta;
}
export const transactionPageResponseSchema = envelope(transactionPageSchema);
