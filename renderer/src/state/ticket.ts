// Ticket drafts live here, not in component state, so a half-filled order survives
// a trip to another screen. They are for one user of one environment: choosing
// another user, or another environment, starts them afresh. `focusRequest` lets
// the keyboard shortcut focus the ticket after navigating to it.
import { create } from 'zustand';
import { activeProfileId } from './same-environment';
import { useSession } from './session';

export type Side = 'buy' | 'sell';

interface TicketState {
  /** The environment the user was chosen in: user ids mean nothing in another. */
  profileId: string | null;
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
  profileId: null,
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

export function setTicket(patch: Partial<Omit<TicketState, 'focusRequest' | 'userId' | 'profileId'>>): void {
  useTicket.setState(patch);
}

/**
 * Chooses the ticket's user in the current environment. A different user (or
 * environment) drops the amounts and the bank account written for the last one;
 * choosing the same user again keeps them. The limit overrides go either way: they
 * are ticked for one order at a time. Side and pair stay.
 */
export function setTicketUser(userId: number | null): void {
  const profileId = activeProfileId();
  useTicket.setState((s) =>
    s.userId === userId && s.profileId === profileId
      ? { overrideLimit: false, withdrawOverrideLimit: false }
      : { profileId, userId, amount: '', overrideLimit: false, withdrawBankId: null, withdrawAmount: '', withdrawOverrideLimit: false },
  );
}

/**
 * Updates the draft only while it is still for this user in this environment: an
 * order's answer may come back after the operator has moved on to another user.
 */
export function setTicketIfFor(
  profileId: string,
  userId: number,
  patch: Partial<Omit<TicketState, 'focusRequest' | 'userId' | 'profileId'>>,
): void {
  useTicket.setState((s) => (s.profileId === profileId && s.userId === userId ? patch : s));
}

/** The ticket's user, or null when it was chosen in another environment than the current one. */
export function useTicketUserId(): number | null {
  const profileId = useSession((s) => s.session?.profileId ?? null);
  return useTicket((s) => (s.profileId === profileId ? s.userId : null));
}

export function setSide(side: Side): void {
  useTicket.setState({ side, amount: '', overrideLimit: false });
}

export function requestTicketFocus(): void {
  useTicket.setState((s) => ({ focusRequest: s.focusRequest + 1 }));
}
