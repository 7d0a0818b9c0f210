// Shared helpers for the sandbox contract tests: plain fetch over real HTTP, TOTP
// codes computed from the partner's secret at the *sandbox's* clock time.
import { authenticator } from 'otplib';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../sandbox/server';

export const BASES = ['/v1', '/api/v1/partners'] as const;

export interface Res<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  /** Raw text body (sent as is, with `contentType`). */
  raw?: string;
  contentType?: string;
  token?: string | null;
  base?: string;
}

/** Calls `path` (relative to the API base unless it starts with '/') and parses JSON when there is any. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function call<T = any>(sb: RunningSandbox, path: string, opts: CallOptions = {}): Promise<Res<T>> {
  const url = path.startsWith('/') ? `${sb.origin}${path}` : `${sb.origin}${opts.base ?? '/v1'}/${path}`;
  const headers: Record<string, string> = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
  let body: string | undefined;
  if (opts.raw !== undefined) {
    body = opts.raw;
    if (opts.contentType) headers['Content-Type'] = opts.contentType;
  } else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] = opts.contentType ?? 'application/json';
  }
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  const res = await fetch(url, { method: opts.method ?? (body === undefined ? 'GET' : 'POST'), headers, body });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
}

export async function sandboxNow(sb: RunningSandbox): Promise<number> {
  const res = await call<{ now_ms: number }>(sb, '/__sandbox/clock');
  return res.body.now_ms;
}

export async function advance(sb: RunningSandbox, seconds: number): Promise<number> {
  const res = await call<{ now_ms: number }>(sb, '/__sandbox/clock', { body: { advance_seconds: seconds } });
  if (res.status !== 200) throw new Error(`clock advance failed: ${res.status}`);
  return res.body.now_ms;
}

export function codeAt(secret: string, epochMs: number): string {
  return authenticator.clone({ epoch: epochMs }).generate(secret);
}

export function loginBody(sb: RunningSandbox, code: string): Record<string, unknown> {
  const { email, password, client_id, client_secret } = sb.partner;
  return { email, password, client_id, client_secret, security_code: code, expires_in: 16 };
}

/**
 * Logs in with the code of the sandbox's current step. A code works once per
 * step, so by default the clock first moves to the next step.
 */
export async function login(sb: RunningSandbox, opts: { nextStep?: boolean; base?: string } = {}): Promise<string> {
  const now = opts.nextStep === false ? await sandboxNow(sb) : await advance(sb, 30);
  const res = await call<{ access_token: string }>(sb, 'auth/login', {
    body: loginBody(sb, codeAt(sb.partner.totp_secret, now)),
    base: opts.base,
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token;
}

export interface DumpUser {
  id: number;
  email: string;
  status: string;
  kyc_status: string;
  balances: Record<string, string>;
  bank_accounts: { id: number; iban: string }[];
}

export interface DumpTx {
  id: number;
  user_id: number;
  type: string;
  amount: string;
  pair: string | null;
  price: string | null;
  state: string;
  fee: string;
  subtotal: string;
  total: string;
  idempotency_key: string | null;
}

export interface Dump {
  partner: { balances: Record<string, string> };
  users: DumpUser[];
  transactions: DumpTx[];
}

export async function dump(sb: RunningSandbox): Promise<Dump> {
  return (await call<Dump>(sb, '/__sandbox/state')).body;
}

export function userIn(d: Dump, id: number): DumpUser {
  const user = d.users.find((u) => u.id === id);
  if (!user) throw new Error(`user ${id} not in state`);
  return user;
}

export async function start(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  return startSandbox({ port: 0, ...opts });
}
