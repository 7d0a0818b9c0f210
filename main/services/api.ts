// The Kriptomat API as services use it: the client's endpoint functions with the
// session's token already bound (and the session's 401 → re-login → retry), so a
// service writes `api.showUser(5)` and never sees a token.
import type { KriptomatClient } from '../kriptomat/client';

type Unbound<F> = F extends (token: string, ...args: infer A) => infer R ? (...args: A) => R : never;

export type ApiEndpointName = Exclude<keyof KriptomatClient, 'login' | 'logout' | 'addServerDateListener' | 'baseUrl'>;

export type DeskApi = { [K in ApiEndpointName]: Unbound<KriptomatClient[K]> };
