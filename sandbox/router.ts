// Route table and matching. The same API routes are mounted under both base
// paths; control routes live under /__sandbox/. An unknown path is a 404, a known
// path with the wrong method a 405 with an Allow header.
import { failure } from './errors';
import type { SandboxCore } from './core';
import type { PartnerRecord, TokenRecord } from './state';
import type { Body } from './validation';

export const API_BASES = ['/v1', '/api/v1/partners'] as const;
export const CONTROL_BASE = '/__sandbox';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface Context {
  core: SandboxCore;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Body;
  now: number;
}

export interface AuthedContext extends Context {
  partner: PartnerRecord;
  token: TokenRecord;
}

export type Route =
  | { method: Method; path: string; auth: false; handler: (ctx: Context) => Reply }
  | { method: Method; path: string; auth: true; handler: (ctx: AuthedContext) => Reply };

export interface Match {
  route: Route;
  params: Record<string, string>;
}

function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(':')) {
      if (g === '') return null;
      params[w.slice(1)] = g;
    } else if (w !== g) {
      return null;
    }
  }
  return params;
}

export class Router {
  constructor(private readonly routes: Route[]) {}

  /** The route for `method path` (path relative to its base, no leading slash), or a 404/405 error. */
  match(method: string, path: string): Match {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchPath(route.path, path);
      if (!params) continue;
      if (route.method === method) return { route, params };
      allowed.push(route.method);
    }
    if (allowed.length > 0) {
      throw failure(405, `The ${method} method is not supported for this route. Supported methods: ${allowed.join(', ')}.`, {
        Allow: allowed.join(', '),
      });
    }
    throw failure(404, 'Not found.');
  }
}

/** Splits an absolute path into which mount it is under and the rest. */
export function mountOf(path: string): { mount: 'api' | 'control'; rest: string } | null {
  for (const base of API_BASES) {
    if (path.startsWith(`${base}/`)) return { mount: 'api', rest: path.slice(base.length + 1) };
  }
  if (path.startsWith(`${CONTROL_BASE}/`)) return { mount: 'control', rest: path.slice(CONTROL_BASE.length + 1) };
  return null;
}
