// What a rule of the team's policy may ask approval for, and the answer a method
// gives when a rule did (banks.add, users.update: proposed for approval, nothing
// sent to Kriptomat). Apart from approvals.ts because the users and banks areas
// answer with it while approvals.ts reads the users and orders areas' views:
// kept here, none of them imports another back. Pure: no Node or DOM imports.

/** What a rule may ask approval for (the team database's APPROVAL_ACTIONS). */
export const approvalActions = ['buy', 'sell', 'withdraw', 'add_bank_account', 'change_user_status'] as const;
export type ApprovalAction = (typeof approvalActions)[number];

/** The account changes a rule may ask approval for (not orders: no amount, no EUR value). */
export type AccountChangeAction = Extract<ApprovalAction, 'add_bank_account' | 'change_user_status'>;

/** banks.add's and users.update's answer when a rule of the team's policy asked for approval instead. */
export interface ProposedForApprovalView {
  /** The proposal's id in approvals.list (its `orderId`). */
  proposalId: string;
  action: AccountChangeAction;
  /** E.g. "Proposed for approval: add bank account DE…3000 for user 2 needs 1 approval within 24 h." */
  message: string;
  approvalsNeeded: number;
  expiresAtMs: number;
}
