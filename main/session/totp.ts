// Google Authenticator codes: RFC 6238 TOTP, SHA-1, 6 digits, 30-second steps,
// computed by otplib at a given instant (the server's time, not ours).
import { authenticator } from 'otplib';

export const TOTP_STEP_MS = 30_000;

/** Authenticator apps show secrets in groups and lower case; base32 wants neither. */
export function normalizeTotpSecret(secret: string): string {
  return secret
    .replace(/[\s-]+/g, '')
    .replace(/=+$/, '')
    .toUpperCase();
}

/** The 6-digit code for `secret` (base32) at `epochMs`. */
export function totpCode(secret: string, epochMs: number): string {
  return authenticator.clone({ epoch: epochMs }).generate(normalizeTotpSecret(secret));
}

/** The 30-second step `epochMs` falls in. */
export function totpStep(epochMs: number): number {
  return Math.floor(epochMs / TOTP_STEP_MS);
}

/** Milliseconds from `epochMs` to the start of the next step. */
export function msUntilNextStep(epochMs: number): number {
  return TOTP_STEP_MS - (((epochMs % TOTP_STEP_MS) + TOTP_STEP_MS) % TOTP_STEP_MS);
}

/** Whether `secret` decodes as base32 and yields a code (checked before it is stored or used). */
export function isUsableTotpSecret(secret: string): boolean {
  const normalized = normalizeTotpSecret(secret);
  if (!/^[A-Z2-7]+$/.test(normalized) || normalized.length < 16) return false;
  try {
    return /^\d{6}$/.test(totpCode(normalized, 0));
  } catch {
    return false;
  }
}
