// RFC 6238 TOTP through otplib, always at an explicit time. otplib's
// `authenticator` keeps global options, so each call works on a clone carrying
// the sandbox clock as its epoch instead of mutating the shared instance.
import { authenticator } from 'otplib';

export const TOTP_STEP_SECONDS = 30;

export function totpStep(epochMs: number): number {
  return Math.floor(epochMs / 1000 / TOTP_STEP_SECONDS);
}

/** The code for a base32 secret at `epochMs` (6 digits unless told otherwise). */
export function totpCode(secretBase32: string, epochMs: number, digits = 6): string {
  return authenticator.clone({ epoch: epochMs, digits, step: TOTP_STEP_SECONDS }).generate(secretBase32);
}

/**
 * The step a code belongs to if it is valid for the current step or one either
 * side (clock drift between phone and server), else null.
 */
export function matchTotpStep(secretBase32: string, code: string, epochMs: number): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = authenticator.clone({ epoch: epochMs, step: TOTP_STEP_SECONDS, window: 1 }).checkDelta(code, secretBase32);
  return delta === null ? null : totpStep(epochMs) + delta;
}
