// Ticket drafts live here, not in component state, so a half-filled order survives
// a trip to another screen. `focusRequest` lets the keyboard shortcut focus the
// ticket after navigating to it.
import { create } from 'zustand';

export type Side = 'buy' | 'sell';

interface TicketState {
  userId: number | null;
  side: Side;
  pair: string;
  amount: string;
  overrideLimit: boolean;
  withdrawBankId: number | null;
  withdrawAmount: string;
  withdrawOverrideLimit: boolean;
  focusRequest: number;
}

export const useTicket = create<TicketState>()(() => ({
  userId: null,
  side: 'buy',
  pair: '',
  amount: '',
  overrideLimit: false,
  withdrawBankId: null,
  withdrawAmount: '',
  withdrawOverrideLimit: false,
  focusRequest: 0,
}));

export function setTicket(patch: Partial<Omit<TicketState, 'focusRequest'>>): void {
  useTicket.setState(patch);
}

/** A different user or side invalidates the override the operator ticked for the last one. */
export function setTicketUser(userId: number | null): void {
  useTicket.setState({ userId, overrideLimit: false, withdrawBankId: null, withdrawOverrideLimit: false });
}

export function setSide(side: Side): void {
  useTicket.setState({ side, amount: '', overrideLimit: false });
}

export function requestTicketFocus(): void {
  useTicket.setState((s) => ({ focusRequest: s.focusRequest + 1 }));
}
