// When the desk first knew of each bank account. The API does not say when an
// account was added, so a cool-off on withdrawals to new accounts counts from
// what the desk knows: the moment it added the account itself, or the first time
// it saw it in the user's list (an upper bound on its age: never younger than it is).
import { inTransaction, type Db } from './connection';
import { asRows, int } from './rows';
import type { BankAccountSource } from '../port';

export type { BankAccountSource };

export interface BankAccountsSeen {
  /** Notes the ids not seen before as seen at `atMs` (the services' clock); returns when each id was first seen (ms). */
  note(profileId: string, userId: number, bankAccountIds: readonly number[], source: BankAccountSource, atMs: number): Map<number, number>;
}

export function createBankAccountsSeen(db: Db): BankAccountsSeen {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO bank_accounts_seen (profile_id, user_id, bank_account_id, first_seen_at, source) VALUES (?, ?, ?, ?, ?)',
  );
  const read = db.prepare('SELECT bank_account_id, first_seen_at FROM bank_accounts_seen WHERE profile_id = ? AND user_id = ?');
  return {
    note(profileId, userId, ids, source, atMs) {
      return inTransaction(db, () => {
        for (const id of ids) insert.run(profileId, userId, id, atMs, source);
        const wanted = new Set(ids);
        const seen = new Map<number, number>();
        for (const row of asRows(read.all(profileId, userId))) {
          const id = int(row, 'bank_account_id');
          if (wanted.has(id)) seen.set(id, int(row, 'first_seen_at'));
        }
        return seen;
      });
    },
  };
}
