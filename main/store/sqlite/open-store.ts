// The desk's local store: one SQLite file in the user-data directory holding the
// user directory, order journal, rate history, transaction cache, audit log and
// when each bank account was first seen, and the witness of each team audit trail.
import { openConnection, userVersion, type Db } from './connection';
import { createAuditLog, currentOsUser, type AuditLog } from './audit-log';
import { createAuditWitnesses, type AuditWitnesses } from './audit-witness';
import { createBankAccountsSeen, type BankAccountsSeen } from './bank-accounts-seen';
import { migrate, MIGRATIONS, type Migration } from './migrations';
import { createOrderJournal, type OrderJournal } from './order-journal';
import { createRateHistory, type RateHistory } from './rate-history';
import { createTransactionCache, type TransactionCache } from './transaction-cache';
import { createUserDirectory, type UserDirectory } from './user-directory';

export interface StoreOptions {
  /** The clock for created/updated/fetched times (tests pass a fake). Default Date.now. */
  now?: () => number;
  /** The OS user written to the audit log when a caller gives none. Default: the current account. */
  osUser?: string;
  /** Only for tests of the migration machinery. */
  migrations?: readonly Migration[];
}

export interface Store {
  readonly path: string;
  /** The schema version of the open file (= the number of migrations applied). */
  readonly schemaVersion: number;
  readonly users: UserDirectory;
  readonly journal: OrderJournal;
  readonly rates: RateHistory;
  readonly transactions: TransactionCache;
  readonly audit: AuditLog;
  readonly bankAccountsSeen: BankAccountsSeen;
  /** The newest row of each team audit trail this desk has seen. */
  readonly auditWitnesses: AuditWitnesses;
  /** Checkpoints the WAL into the main file and closes. Idempotent. */
  close(): void;
}

/**
 * Opens (creating if needed) the store at `path` — a file path, or ':memory:' —
 * and migrates it. Throws StoreVersionError for a file written by a newer desk.
 */
export function openStore(path: string, options: StoreOptions = {}): Store {
  const now = options.now ?? Date.now;
  const db: Db = openConnection(path);
  try {
    migrate(db, path, options.migrations ?? MIGRATIONS);
  } catch (error) {
    db.close();
    throw error;
  }
  const users = createUserDirectory(db, now);
  let open = true;
  return {
    path,
    schemaVersion: userVersion(db),
    users,
    journal: createOrderJournal(db, now),
    rates: createRateHistory(db),
    transactions: createTransactionCache(db, now, (profileId, ids) => users.discover(profileId, ids)),
    audit: createAuditLog(db, now, options.osUser ?? currentOsUser()),
    bankAccountsSeen: createBankAccountsSeen(db),
    auditWitnesses: createAuditWitnesses(db),
    close() {
      if (!open) return;
      open = false;
      // Folding the WAL back keeps the file self-contained for backups and copies.
      if (path !== ':memory:') db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
      db.close();
    },
  };
}
