// What a user's KYC status means for the operator, in words (the API reference's
// rules, with the sandbox's decisions where the reference leaves room). Domain
// wording, not a component: the user page, the directory and the ticket's gates
// all read it.
import type { KycStatus, UserStatus } from '../../../shared/desk-api';

const kycWords: Record<string, string> = {
  not_started: 'Not started',
  pending: 'Pending',
  verified: 'Verified',
  failed: 'Failed',
  declined: 'Declined',
};

/** A KYC status in words ("not_started" → "Not started"); an unknown one with its underscores as spaces. */
export function kycLabel(status: KycStatus): string {
  const known = kycWords[status];
  if (known) return known;
  const words = status.replace(/_/g, ' ').trim();
  return words === '' ? 'Unknown' : words.charAt(0).toUpperCase() + words.slice(1);
}

export interface KycMeaningOptions {
  /** The user's account status: a disabled or deleted user can do nothing until set active again. */
  userStatus?: UserStatus;
  /** Shown on the user's own page, where the share-token box is ("here"); elsewhere it points to that page. */
  onUserPage?: boolean;
}

/**
 * A KYC import is allowed from `not_started` or `failed`, and only for an active
 * user (the sandbox's reading of the reference: pending waits for its outcome,
 * verified needs none, declined is final; disabled and deleted users cannot import).
 */
export function kycImportAllowed(user: { status: UserStatus; kycStatus: KycStatus }): boolean {
  return user.status === 'active' && (user.kycStatus === 'not_started' || user.kycStatus === 'failed');
}

export function kycMeaning(status: KycStatus, options: KycMeaningOptions = {}): string {
  const where = options.onUserPage ? 'here' : "on the user's page";
  const userStatus = options.userStatus ?? 'active';
  const inactive = userStatus !== 'active';
  switch (status) {
    case 'verified':
      if (userStatus === 'disabled')
        return 'Verified, but the user is disabled: no trading or withdrawals until the user is set active again.';
      if (userStatus === 'deleted')
        return 'Verified, but the user is deleted: no trading or withdrawals unless the user is set active again.';
      if (inactive) return `Verified, but the user is ${userStatus}: only active users can trade or withdraw.`;
      return 'Verified: carry on — the user can trade and withdraw.';
    case 'pending':
      return 'Pending: the KYC application is being reviewed. Tell the user it is pending and wait; trading stays blocked until it is verified.';
    case 'failed':
      return inactive
        ? `Failed: the partner cannot serve this user as things stand. A new KYC import is possible once the user is active again (now ${userStatus}).`
        : `Failed: the partner cannot serve this user as things stand. A new KYC import is possible: run the check again in SumSub and import the new share token ${where}.`;
    case 'declined':
      return 'Declined: the partner cannot serve this user. A declined KYC is final: no new import is possible.';
    case 'not_started':
      return inactive
        ? `Not started: the user has not undergone KYC. A KYC import is possible once the user is active again (now ${userStatus}).`
        : `Not started: the user has not undergone KYC. Start KYC with SumSub, then import the share token ${where}.`;
    default:
      return `Unknown status “${status}”: treat the user as not verified.`;
  }
}

export function isKycSettled(status: string): boolean {
  return status === 'verified' || status === 'failed' || status === 'declined';
}
