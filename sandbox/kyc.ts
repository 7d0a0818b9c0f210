// KYC through a SumSub share token: the user goes to `pending`, then after the
// KYC delay to the outcome the token names. Tokens starting `declined-` or
// `failed-` end there, anything else ends `verified`, so tests can reach every state.
import { fieldError } from './errors';
import type { KycStatus, SandboxState, UserRecord } from './state';

export function outcomeOfToken(token: string): KycStatus {
  if (token.startsWith('declined-')) return 'declined';
  if (token.startsWith('failed-')) return 'failed';
  return 'verified';
}

/**
 * Starts a KYC import. Allowed from `not_started` and after a `failed` check (the
 * user may try again); a pending, verified or declined user is refused.
 */
export function startKyc(user: UserRecord, token: string, nowMs: number, delaySeconds: number): void {
  if (user.kyc_status !== 'not_started' && user.kyc_status !== 'failed') {
    throw fieldError('token', `The user's KYC is already ${user.kyc_status}; a new import is not possible.`);
  }
  user.kyc_status = 'pending';
  user.kyc_target = outcomeOfToken(token);
  user.kyc_settles_at_ms = nowMs + delaySeconds * 1000;
}

/** Finishes every KYC whose delay has passed. Returns how many users changed. */
export function settleKyc(state: SandboxState, nowMs: number): number {
  let changed = 0;
  for (const user of state.users.values()) {
    if (user.kyc_target !== null && user.kyc_settles_at_ms !== null && user.kyc_settles_at_ms <= nowMs) {
      user.kyc_status = user.kyc_target;
      user.kyc_target = null;
      user.kyc_settles_at_ms = null;
      changed++;
    }
  }
  return changed;
}
