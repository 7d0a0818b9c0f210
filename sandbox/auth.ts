// Partner login, bearer tokens and logout. Tokens are opaque random strings kept in
// state with an expiry on the sandbox clock, so advancing the clock expires them.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { unauthenticated } from './errors';
import type { PartnerRecord, SandboxState, TokenRecord } from './state';
import { matchTotpStep } from './totp';

export interface LoginInput {
  email: string;
  password: string;
  clientId: number;
  clientSecret: string;
  securityCode: string;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Checks credentials then the TOTP code. The code's step is recorded only on
 * success, and any step at or before the last used one is refused: a code works
 * once, and the next login has to wait for the next 30-second step.
 */
export function login(state: SandboxState, input: LoginInput, nowMs: number, ttlSeconds: number): TokenRecord {
  const partner = [...state.partners.values()].find(
    (p) =>
      p.email.toLowerCase() === input.email.trim().toLowerCase() &&
      same(p.password, input.password) &&
      p.client_id === input.clientId &&
      same(p.client_secret, input.clientSecret),
  );
  if (!partner) throw unauthenticated('These credentials do not match our records.');
  const step = matchTotpStep(partner.totp_secret, input.securityCode.trim(), nowMs);
  if (step === null) throw unauthenticated('The security code is invalid.');
  if (partner.last_totp_step !== null && step <= partner.last_totp_step) {
    throw unauthenticated('The security code has already been used. Wait for the next code.');
  }
  partner.last_totp_step = step;
  pruneExpired(state, nowMs);
  const token: TokenRecord = {
    token: randomBytes(40).toString('base64url'),
    partner_id: partner.id,
    expires_at_ms: nowMs + ttlSeconds * 1000,
  };
  state.tokens.set(token.token, token);
  return token;
}

/** The partner behind an `Authorization: Bearer …` header, or a 401. */
export function authenticate(
  state: SandboxState,
  header: string | undefined,
  nowMs: number,
): { partner: PartnerRecord; token: TokenRecord } {
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  const token = match ? state.tokens.get(match[1]!) : undefined;
  if (!token || token.expires_at_ms <= nowMs) throw unauthenticated();
  const partner = state.partners.get(token.partner_id);
  if (!partner) throw unauthenticated();
  return { partner, token };
}

export function logout(state: SandboxState, token: TokenRecord): void {
  state.tokens.delete(token.token);
}

function pruneExpired(state: SandboxState, nowMs: number): void {
  for (const [key, t] of state.tokens) if (t.expires_at_ms <= nowMs) state.tokens.delete(key);
}
