// How a proposal and its rule read on the Approvals screen and in its buttons' names
// (renderer/src/screens/approvals/proposal-words.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProposalView } from '../../../shared/api/approvals';
import {
  changeProgressWords,
  proposalOrderWords,
  proposalStateLabel,
  proposalTitle,
  rateChangeWords,
  ruleWords,
} from '../../../renderer/src/screens/approvals/proposal-words';

const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
beforeAll(() => {
  Object.defineProperty(globalThis, 'navigator', { value: { languages: ['en-GB'], language: 'en-GB' }, configurable: true });
});
afterAll(() => {
  if (saved) Object.defineProperty(globalThis, 'navigator', saved);
  else Reflect.deleteProperty(globalThis, 'navigator');
});

function proposal(over: Partial<ProposalView>): ProposalView {
  return {
    orderId: '11111111-1111-4111-8111-111111111111',
    kind: 'buy',
    userId: 7,
    pair: 'btceur',
    amount: '20.00',
    bankAccountId: null,
    valueEur: '20.00',
    change: null,
    state: 'pending',
    proposedBy: 'olga',
    proposedAtMs: 0,
    expiresAtMs: 0,
    rule: { id: 1, action: 'buy', thresholdEur: '10.00', newAccountHours: null, approvalsNeeded: 1 },
    approvals: 0,
    decisions: [],
    rateAtProposal: null,
    rateNow: null,
    rateChangePercent: null,
    user: null,
    balance: null,
    balanceCurrency: 'eur',
    mayDecide: true,
    whyNot: null,
    mayWithdraw: false,
    ...over,
  };
}

describe('proposal words', () => {
  it('names the order and the user as the buttons and the card title use them', () => {
    const named = proposal({
      user: { id: 7, email: 'a@b.c', name: 'Ana', surname: 'Novak', phone: '', status: 'active', kycStatus: 'verified', fetchedAtMs: null },
    });
    expect(proposalTitle(named)).toBe('Buy BTC/EUR €20.00 for Ana Novak (#7)');
    expect(proposalOrderWords(named)).toBe('buy €20.00');
    // Unread user: by id; a withdrawal has no pair; a sell is in the crypto.
    expect(proposalTitle(proposal({ kind: 'withdraw', pair: null, amount: '500.00' }))).toBe('Withdrawal €500.00 for user #7');
    expect(proposalOrderWords(proposal({ kind: 'sell', amount: '0.5' }))).toBe('sell 0.50000000 BTC');
  });

  it('names an account change by what it does: the masked IBAN, the status from and to', () => {
    const change = { ibanMasked: null, fromStatus: null, toStatus: null, progress: 'awaiting_approval', outcome: null } as const;
    const bank = proposal({
      kind: 'add_bank_account',
      pair: null,
      amount: null,
      valueEur: null,
      change: { ...change, action: 'add_bank_account', ibanMasked: 'DE…3000' },
    });
    expect(proposalTitle(bank)).toBe('Add bank account DE…3000 for user #7');
    expect(proposalOrderWords(bank)).toBe('add bank account DE…3000');
    const status = proposal({
      kind: 'change_user_status',
      pair: null,
      amount: null,
      valueEur: null,
      change: { ...change, action: 'change_user_status', fromStatus: 'active', toStatus: 'disabled' },
    });
    expect(proposalOrderWords(status)).toBe('status change from active to disabled');
    expect(changeProgressWords(status)).toBeNull();
    expect(changeProgressWords({ ...status, state: 'approved', change: { ...status.change!, progress: 'done', outcome: 'set' } })).toBe(
      'Done',
    );
    expect(ruleWords({ action: 'add_bank_account', thresholdEur: null, newAccountHours: null, approvalsNeeded: 2 })).toBe(
      'Add bank account · 2 approvals needed',
    );
  });

  it('says what a rule asks for, with the threshold, the bank account age and the approvals', () => {
    expect(ruleWords({ action: 'buy', thresholdEur: '10000.00', newAccountHours: null, approvalsNeeded: 2 })).toBe(
      'Buy from €10,000.00 · 2 approvals needed',
    );
    expect(ruleWords({ action: 'withdraw', thresholdEur: null, newAccountHours: 48, approvalsNeeded: 1 })).toBe(
      'Withdrawal, any amount · to a bank account added less than 48 h ago · 1 approval needed',
    );
  });

  it('says a proposal its proposer withdrew is withdrawn, and one an approver rejected is rejected', () => {
    const at = { rate: null, atMs: 0 };
    expect(
      proposalStateLabel(
        proposal({ state: 'rejected', decisions: [{ ...at, approver: 'olga', decision: 'withdraw', reason: 'Wrong amount' }] }),
      ),
    ).toBe('Withdrawn');
    expect(
      proposalStateLabel(proposal({ state: 'rejected', decisions: [{ ...at, approver: 'petra', decision: 'reject', reason: 'No' }] })),
    ).toBe('Rejected');
    expect(proposalStateLabel(proposal({ state: 'pending' }))).toBe('Awaiting approval');
  });

  it('signs the rate change (its words carry the direction, no colour does)', () => {
    expect(rateChangeWords('2.12')).toBe('+2.12%');
    expect(rateChangeWords('-0.50')).toMatch(/^[-−]0\.50%$/);
    expect(rateChangeWords('0.00')).toBe('0.00%');
    expect(rateChangeWords(null)).toBeNull();
  });
});
