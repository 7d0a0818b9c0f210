// The client's endpoints with the session's token bound, so services write
// `api.showUser(5)` and every call goes through `session.authorized` (token,
// renewal, one re-login and retry on a 401 where that is safe).
import type { KriptomatClient } from '../kriptomat/client';
import type { Session } from './session';

type Unbound<F> = F extends (token: string, ...args: infer A) => infer R ? (...args: A) => R : never;

/** Endpoints that take a token (everything but login/logout, which the session owns). */
export type AuthorizedEndpointName = Exclude<keyof KriptomatClient, 'login' | 'logout' | 'addServerDateListener' | 'baseUrl'>;

export type AuthorizedApi = { [K in AuthorizedEndpointName]: Unbound<KriptomatClient[K]> };

const NAMES = [
  'createUser',
  'updateUser',
  'showUser',
  'importKyc',
  'addBankAccount',
  'listBankAccounts',
  'showBankAccount',
  'deleteBankAccount',
  'depositInstructions',
  'pairs',
  'currencies',
  'exchangeRate',
  'userBalance',
  'masterBalance',
  'buy',
  'sell',
  'withdraw',
  'allTransactions',
  'userTransactions',
  'showTransaction',
] as const satisfies readonly AuthorizedEndpointName[];

// Compile-time check that NAMES lists every endpoint: adding one to the client
// without binding it here is an error.
type Missing = Exclude<AuthorizedEndpointName, (typeof NAMES)[number]>;
const everyEndpointBound: [Missing] extends [never] ? true : Missing = true;
void everyEndpointBound;

export function bindSession(session: Pick<Session, 'authorized'>, client: KriptomatClient): AuthorizedApi {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of NAMES) {
    const endpoint = client[name] as (token: string, ...args: unknown[]) => Promise<unknown>;
    api[name] = (...args) => session.authorized((token) => endpoint(token, ...args));
  }
  return api as unknown as AuthorizedApi;
}
