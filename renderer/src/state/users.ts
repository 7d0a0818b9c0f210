// The local user directory, every user opened so far (kept fresh by users.updated),
// and the create-user draft, which survives switching screens.
import { create } from 'zustand';
import type { UserView } from '../../../shared/desk-api';

export interface UserDraft {
  email: string;
  name: string;
  surname: string;
  phone: string;
}

export const emptyUserDraft: UserDraft = { email: '', name: '', surname: '', phone: '' };

interface UsersState {
  byId: Record<number, UserView>;
  /** Bumped on every user change so lists that show users refetch. */
  version: number;
  query: string;
  createDraft: UserDraft;
}

export const useUsers = create<UsersState>()(() => ({ byId: {}, version: 0, query: '', createDraft: emptyUserDraft }));

export function upsertUser(user: UserView): void {
  useUsers.setState((s) => ({ byId: { ...s.byId, [user.id]: user }, version: s.version + 1 }));
}

export function upsertUsers(users: UserView[]): void {
  useUsers.setState((s) => {
    const byId = { ...s.byId };
    for (const u of users) byId[u.id] = u;
    return { byId };
  });
}

export function setCreateDraft(patch: Partial<UserDraft>): void {
  useUsers.setState((s) => ({ createDraft: { ...s.createDraft, ...patch } }));
}

/** The user's full name; a user only seen in a transaction (never opened) has none yet: "User #9". */
export function userName(user: Pick<UserView, 'id' | 'name' | 'surname'>): string {
  const full = `${user.name} ${user.surname}`.trim();
  return full === '' ? `User #${user.id}` : full;
}

export function userLabel(user: Pick<UserView, 'id' | 'name' | 'surname'>): string {
  const full = `${user.name} ${user.surname}`.trim();
  return full === '' ? `User #${user.id}` : `${full} (#${user.id})`;
}
