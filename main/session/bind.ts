// The one place a token is attached to an endpoint call: the client's endpoints
// become `api.showUser(5)`, and every call goes through an `authorize` function
// (token, renewal, one re-login and retry on a 401 where that is safe). A Session
// gives one (`bindSession`); a profile's session that may rebuild its Session
// gives its own, which picks the current one at call time.
import type { KriptomatClient } from '../kriptomat/client';
import { ENDPOINT_NAMES } from '../kriptomat/endpoints';
import type { Session } from './session';

type Unbound<F> = F extends (token: string, ...args: infer A) => infer R ? (...args: A) => R : never;

/** Endpoints that take a token (everything but login/logout, which the session owns). */
export type AuthorizedEndpointName = Exclude<keyof KriptomatClient, 'login' | 'logout' | 'addServerDateListener' | 'baseUrl'>;

/** The Kriptomat API as services use it: every endpoint with the token already bound. */
export type AuthorizedApi = { [K in AuthorizedEndpointName]: Unbound<KriptomatClient[K]> };

/** Runs one call with a valid token and the client that token belongs to. */
export type Authorize = <T>(call: (client: KriptomatClient, token: string) => Promise<T>) => Promise<T>;

/** Every endpoint of the reference except the two the session itself calls. */
const NAMES = ENDPOINT_NAMES.filter((name): name is AuthorizedEndpointName => name !== 'login' && name !== 'logout');

// Compile-time check that ENDPOINT_NAMES lists every endpoint of the client:
// adding one to the client without naming it there is an error.
type Missing = Exclude<AuthorizedEndpointName, (typeof ENDPOINT_NAMES)[number]>;
const everyEndpointBound: [Missing] extends [never] ? true : Missing = true;
void everyEndpointBound;

export function bindApi(authorize: Authorize): AuthorizedApi {
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of NAMES) {
    api[name] = (...args) =>
      authorize((client, token) => (client[name] as (token: string, ...args: unknown[]) => Promise<unknown>)(token, ...args));
  }
  return api as unknown as AuthorizedApi;
}

/** The API of one Session, on its own client. */
export function bindSession(session: Pick<Session, 'authorized' | 'client'>): AuthorizedApi {
  return bindApi((call) => session.authorized((token) => call(session.client, token)));
}
