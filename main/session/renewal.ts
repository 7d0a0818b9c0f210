// When to renew a token. The margin grows with the token's lifetime — a token
// that lives an hour is renewed 5 minutes early, one that lives 10 minutes one
// minute early — and never drops below a few seconds (a login's round trip plus
// a possible wait for the next TOTP step must fit in it where it can) nor above
// half the lifetime (or we would do nothing but log in).

export const MAX_RENEWAL_MARGIN_MS = 300_000;
export const MIN_RENEWAL_MARGIN_MS = 5_000;

export function renewalMargin(ttlMs: number): number {
  const scaled = Math.min(MAX_RENEWAL_MARGIN_MS, ttlMs * 0.1);
  return Math.min(ttlMs / 2, Math.max(MIN_RENEWAL_MARGIN_MS, scaled));
}

/**
 * A token this close to expiry is not handed out any more: a request sent with
 * it could arrive after it lapsed.
 */
export function expiryGuard(ttlMs: number): number {
  return Math.min(2_000, ttlMs / 10);
}
