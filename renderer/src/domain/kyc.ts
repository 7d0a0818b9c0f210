// What a user's KYC status means for the operator, in words (the API reference's
// rules). Domain wording, not a component: the user page and the ticket's gates
// both read it.

export function kycMeaning(status: string): string {
  switch (status) {
    case 'verified':
      return 'Verified: carry on — the user can trade and withdraw.';
    case 'pending':
      return 'Pending: the KYC application is being reviewed. Tell the user it is pending and wait; trading stays blocked until it is verified.';
    case 'failed':
      return 'Failed: the partner cannot serve this user.';
    case 'declined':
      return 'Declined: the partner cannot serve this user.';
    case 'not_started':
      return 'Not started: the user has not undergone KYC. Start KYC with SumSub, then import the share token here.';
    default:
      return `Unknown status “${status}”: treat the user as not verified.`;
  }
}

export function isKycSettled(status: string): boolean {
  return status === 'verified' || status === 'failed' || status === 'declined';
}
