// Why an order for this user cannot go out now, in the operator's words. The same
// rules main enforces; checking here saves a round trip and says why up front.
import type { BalanceView, RateView, SessionView, UserView } from '../../../../shared/desk-api';
import { formatAge } from '../../format';
import { kycMeaning } from '../../domain/kyc';

export function userBlockers(user: UserView | null, session: SessionView | null): string[] {
  const reasons: string[] = [];
  if (session && session.state !== 'active' && session.state !== 'refreshing')
    reasons.push('The desk is not signed in to this environment.');
  if (!user) {
    reasons.push('Choose a user.');
    return reasons;
  }
  if (user.status !== 'active') reasons.push(`This user is ${user.status}: only active users can trade or withdraw.`);
  if (user.kycStatus !== 'verified') reasons.push(`KYC is not verified — ${kycMeaning(user.kycStatus)}`);
  return reasons;
}

export function rateBlocker(rate: RateView | undefined, now: number, staleAfterMs: number, pairName: string): string | null {
  if (!rate) return `No ${pairName} rate has arrived yet.`;
  const age = now - rate.receivedAtMs;
  if (age > staleAfterMs) {
    return `The ${pairName} rate is stale (${formatAge(age)} old, the limit is ${formatAge(staleAfterMs)}): ordering is blocked until a fresh rate arrives.`;
  }
  return null;
}

/** The balance checks wait for the user's balances; once they fail, main's own check is the one that counts. */
export function balancesBlocker(user: UserView | null, balances: BalanceView[] | undefined, balancesError: unknown): string | null {
  if (!user || balances !== undefined || balancesError) return null;
  return "Waiting for the user's balances…";
}
