// The client's endpoints with the session's token bound, so services write
// `api.showUser(5)` and every call goes through `session.authorized` (token,
// renewal, one re-login and retry on a 401 where that is safe).
import type { KriptomatClient } from '../kriptomat/client';
import { ENDPOINT_NAMES } from '../kriptomat/endpoints';
import type { Session } from './session';

type Unbound<F> = F extends (token: string, ...args: infer A) => infer R ? (...args: A) => R : never;

/** Endpoints that take a token (everything but login/logout, which the session owns). */
export type AuthorizedEndpointName = Exclude<keyof KriptomatClient, 'login' | 'logout' | 'addServerDateListener' | 'baseUrl'>;

export type AuthorizedApi = { [K in AuthorizedEndpointName]: Unbound<KriptomatClient[K]> };

/** Every endpoint of the reference except the two the session itself calls. */
const NAMES = ENDPOINT_NAMES.filter((name): name is AuthorizedEndpointName => name !== 'login' && name !== 'logout');

// Compile-time check that ENDPOINT_NAMES lists every endpoint of the client:
// adding one to the client without naming it there is an error.
type Missing = Exclude<AuthorizedEndpointName, (typeof ENDPOINT_NAMES)[number]>;
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
