// One typed function per endpoint of the Partner API reference. Every function
// but login takes the session's access token first; `main/session` binds it
// (see `bindSession`) so services call `api.showUser(5)`.
import type { z } from 'zod';
import {
  ackSchema,
  addBankAccountRequestSchema,
  addBankAccountResponseSchema,
  balanceResponseSchema,
  buyRequestSchema,
  createUserRequestSchema,
  createUserResponseSchema,
  currenciesResponseSchema,
  depositInstructionsResponseSchema,
  exchangeRateResponseSchema,
  importKycRequestSchema,
  listBankAccountsResponseSchema,
  loginRequestSchema,
  loginResponseSchema,
  orderResponseSchema,
  pairsResponseSchema,
  sellRequestSchema,
  showBankAccountResponseSchema,
  showTransactionResponseSchema,
  showUserResponseSchema,
  transactionPageResponseSchema,
  updateUserRequestSchema,
  withdrawRequestSchema,
  type AddBankAccountRequest,
  type AddedBankAccount,
  type Balance,
  type BankAccount,
  type BuyRequest,
  type CreateUserRequest,
  type CreatedUser,
  type Currency,
  type DepositInstructions,
  type ExchangeRate,
  type ImportKycRequest,
  type LoginRequest,
  type LoginResponse,
  type OrderAccepted,
  type SellRequest,
  type Transaction,
  type TransactionPage,
  type UpdateUserRequest,
  type User,
  type WithdrawRequest,
  MAX_LIST_PAGE,
} from '../../shared/kriptomat';
import type { EndpointName } from './endpoints';
import { KriptomatError } from './errors';
import { createTransport, type Transport, type TransportOptions } from './transport';
import { idSegment } from './url';

export type KriptomatClientOptions = TransportOptions;

export interface KriptomatClient {
  login(body: LoginRequest): Promise<LoginResponse>;
  logout(token: string): Promise<void>;
  createUser(token: string, body: CreateUserRequest): Promise<CreatedUser>;
  updateUser(token: string, userId: number, body: UpdateUserRequest): Promise<void>;
  showUser(token: string, userId: number): Promise<User>;
  importKyc(token: string, userId: number, body: ImportKycRequest): Promise<void>;
  addBankAccount(token: string, userId: number, body: AddBankAccountRequest): Promise<AddedBankAccount>;
  listBankAccounts(token: string, userId: number): Promise<BankAccount[]>;
  showBankAccount(token: string, userId: number, bankId: number): Promise<BankAccount>;
  deleteBankAccount(token: string, userId: number, bankId: number): Promise<void>;
  depositInstructions(token: string, userId: number): Promise<DepositInstructions>;
  pairs(token: string): Promise<string[]>;
  currencies(token: string): Promise<Currency[]>;
  exchangeRate(token: string, pair: string): Promise<ExchangeRate>;
  userBalance(token: string, userId: number, currencyCode: string): Promise<Balance>;
  masterBalance(token: string, currencyCode: string): Promise<Balance>;
  buy(token: string, userId: number, body: BuyRequest): Promise<OrderAccepted>;
  sell(token: string, userId: number, body: SellRequest): Promise<OrderAccepted>;
  withdraw(token: string, userId: number, body: WithdrawRequest): Promise<OrderAccepted>;
  allTransactions(token: string, page?: number): Promise<TransactionPage>;
  userTransactions(token: string, userId: number, page?: number): Promise<TransactionPage>;
  showTransaction(token: string, userId: number, transactionId: number): Promise<Transaction>;
  /** Listen to the server's clock (epoch ms from each response's Date header); returns the removal. */
  addServerDateListener(listener: (serverEpochMs: number) => void): () => void;
  readonly baseUrl: string;
}

/** Checks an outgoing body against its schema, so a bad call fails here with field messages, not at the service. */
function checkBody<S extends z.ZodType>(endpoint: EndpointName, schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data as z.output<S>;
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.map(String).join('.') || '(body)';
    (fieldErrors[field] ??= []).push(issue.message);
  }
  const summary = Object.entries(fieldErrors)
    .map(([field, messages]) => `${field}: ${messages.join(', ')}`)
    .join('; ');
  throw new KriptomatError({
    kind: 'client',
    endpoint,
    fieldErrors,
    message: `The ${endpoint} request is incomplete or invalid (${summary}).`,
  });
}

function checkText(endpoint: EndpointName, name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new KriptomatError({ kind: 'client', endpoint, message: `${name} is required.` });
  }
  return value.trim();
}

function checkPage(endpoint: EndpointName, page: unknown): number {
  if (typeof page !== 'number' || !Number.isSafeInteger(page) || page < 1 || page > MAX_LIST_PAGE) {
    throw new KriptomatError({
      kind: 'client',
      endpoint,
      message: `The page must be a whole number from 1 to ${MAX_LIST_PAGE}, got ${String(page)}.`,
    });
  }
  return page;
}

export function createKriptomatClient(options: KriptomatClientOptions): KriptomatClient {
  const transport: Transport = createTransport(options);
  const r = transport.request;
  const user = (endpoint: EndpointName, userId: number): string => idSegment(endpoint, 'The user id', userId);
  /** buy, sell and withdraw differ only in path and body: all carry an idempotency key and retry with it. */
  const order = async <S extends z.ZodType>(
    kind: 'buy' | 'sell' | 'withdraw',
    bodySchema: S,
    token: string,
    userId: number,
    body: unknown,
  ) =>
    (
      await r({
        endpoint: kind,
        method: 'POST',
        segments: ['users', user(kind, userId), kind],
        token,
        body: checkBody(kind, bodySchema, body),
        schema: orderResponseSchema,
        retry: 'keyed',
      })
    ).data;

  return {
    baseUrl: transport.baseUrl.href,
    addServerDateListener: transport.addServerDateListener,

    login: (body) =>
      r({
        endpoint: 'login',
        method: 'POST',
        segments: ['auth', 'login'],
        body: checkBody('login', loginRequestSchema, body),
        schema: loginResponseSchema,
        // A login spends the TOTP code; the session decides whether to try again.
        retry: 'once',
      }),

    logout: async (token) => {
      await r({
        endpoint: 'logout',
        method: 'POST',
        segments: ['auth', 'logout'],
        token,
        schema: ackSchema,
        retry: 'once',
        emptyIsAck: true,
      });
    },

    createUser: async (token, body) =>
      (
        await r({
          endpoint: 'createUser',
          method: 'POST',
          segments: ['users'],
          token,
          body: checkBody('createUser', createUserRequestSchema, body),
          schema: createUserResponseSchema,
          retry: 'once',
        })
      ).data,

    updateUser: async (token, userId, body) => {
      await r({
        endpoint: 'updateUser',
        method: 'PUT',
        segments: ['users', user('updateUser', userId)],
        token,
        body: checkBody('updateUser', updateUserRequestSchema, body),
        schema: ackSchema,
        retry: 'once',
        emptyIsAck: true,
      });
    },

    showUser: async (token, userId) =>
      (
        await r({
          endpoint: 'showUser',
          method: 'GET',
          segments: ['users', user('showUser', userId)],
          token,
          schema: showUserResponseSchema,
          retry: 'safe',
        })
      ).data,

    importKyc: async (token, userId, body) => {
      await r({
        endpoint: 'importKyc',
        method: 'POST',
        segments: ['users', user('importKyc', userId), 'kyc-import'],
        token,
        body: checkBody('importKyc', importKycRequestSchema, body),
        schema: ackSchema,
        retry: 'once',
        emptyIsAck: true,
      });
    },

    addBankAccount: async (token, userId, body) =>
      (
        await r({
          endpoint: 'addBankAccount',
          method: 'POST',
          segments: ['users', user('addBankAccount', userId), 'bank-accounts'],
          token,
          body: checkBody('addBankAccount', addBankAccountRequestSchema, body),
          schema: addBankAccountResponseSchema,
          retry: 'once',
        })
      ).data,

    listBankAccounts: async (token, userId) =>
      (
        await r({
          endpoint: 'listBankAccounts',
          method: 'GET',
          segments: ['users', user('listBankAccounts', userId), 'bank-accounts'],
          token,
          schema: listBankAccountsResponseSchema,
          retry: 'safe',
        })
      ).data,

    showBankAccount: async (token, userId, bankId) =>
      (
        await r({
          endpoint: 'showBankAccount',
          method: 'GET',
          segments: [
            'users',
            user('showBankAccount', userId),
            'bank-accounts',
            idSegment('showBankAccount', 'The bank account id', bankId),
          ],
          token,
          schema: showBankAccountResponseSchema,
          retry: 'safe',
        })
      ).data,

    deleteBankAccount: async (token, userId, bankId) => {
      await r({
        endpoint: 'deleteBankAccount',
        method: 'DELETE',
        segments: [
          'users',
          user('deleteBankAccount', userId),
          'bank-accounts',
          idSegment('deleteBankAccount', 'The bank account id', bankId),
        ],
        token,
        schema: ackSchema,
        retry: 'once',
        emptyIsAck: true,
      });
    },

    depositInstructions: async (token, userId) =>
      (
        await r({
          endpoint: 'depositInstructions',
          method: 'GET',
          segments: ['users', user('depositInstructions', userId), 'deposit-instructions'],
          token,
          schema: depositInstructionsResponseSchema,
          retry: 'safe',
        })
      ).data,

    pairs: async (token) =>
      (await r({ endpoint: 'pairs', method: 'GET', segments: ['pairs'], token, schema: pairsResponseSchema, retry: 'safe' })).data,

    currencies: async (token) =>
      (await r({ endpoint: 'currencies', method: 'GET', segments: ['currencies'], token, schema: currenciesResponseSchema, retry: 'safe' }))
        .data,

    exchangeRate: async (token, pair) =>
      (
        await r({
          endpoint: 'exchangeRate',
          method: 'GET',
          segments: ['exchange-rates'],
          query: { pair: checkText('exchangeRate', 'The pair', pair) },
          token,
          schema: exchangeRateResponseSchema,
          retry: 'safe',
        })
      ).data,

    userBalance: async (token, userId, currencyCode) =>
      (
        await r({
          endpoint: 'userBalance',
          method: 'GET',
          segments: ['users', user('userBalance', userId), 'balances'],
          query: { currency_code: checkText('userBalance', 'The currency code', currencyCode) },
          token,
          schema: balanceResponseSchema,
          retry: 'safe',
        })
      ).data,

    masterBalance: async (token, currencyCode) =>
      (
        await r({
          endpoint: 'masterBalance',
          method: 'GET',
          segments: ['balances'],
          query: { currency_code: checkText('masterBalance', 'The currency code', currencyCode) },
          token,
          schema: balanceResponseSchema,
          retry: 'safe',
        })
      ).data,

    buy: (token, userId, body) => order('buy', buyRequestSchema, token, userId, body),
    sell: (token, userId, body) => order('sell', sellRequestSchema, token, userId, body),
    withdraw: (token, userId, body) => order('withdraw', withdrawRequestSchema, token, userId, body),

    allTransactions: async (token, page = 1) =>
      (
        await r({
          endpoint: 'allTransactions',
          method: 'GET',
          segments: ['users-transactions'],
          query: { page: checkPage('allTransactions', page) },
          token,
          schema: transactionPageResponseSchema,
          retry: 'safe',
        })
      ).data,

    userTransactions: async (token, userId, page = 1) =>
      (
        await r({
          endpoint: 'userTransactions',
          method: 'GET',
          segments: ['users', user('userTransactions', userId), 'transactions'],
          query: { page: checkPage('userTransactions', page) },
          token,
          schema: transactionPageResponseSchema,
          retry: 'safe',
        })
      ).data,

    showTransaction: async (token, userId, transactionId) =>
      (
        await r({
          endpoint: 'showTransaction',
          method: 'GET',
          segments: [
            'users',
            user('showTransaction', userId),
            'transactions',
            idSegment('showTransaction', 'The transaction id', transactionId),
          ],
          token,
          schema: showTransactionResponseSchema,
          retry: 'safe',
        })
      ).data,
  };
}
