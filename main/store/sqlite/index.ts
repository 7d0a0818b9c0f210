// The local store's public surface. Callers import from here, not from the parts.
export { openStore, type Store, type StoreOptions } from './open-store';
export { MIGRATIONS, SCHEMA_VERSION, StoreVersionError, migrate, type Migration } from './migrations';
export type { ApiUserProfile, DirectoryUser, UserDirectory, UserListOptions, UserOrder, UserSource } from './user-directory';
export {
  JournalError,
  type AcceptOptions,
  type JournalRow,
  type JournalListOptions,
  type JournalState,
  type NewOrder,
  type OrderJournal,
  type OrderKind,
} from './order-journal';
export type { RateHistory, RatePoint, RateSample, RateSeriesOptions, StoredRate } from './rate-history';
export { CSV_COLUMNS as TRANSACTION_CSV_COLUMNS, apiDateMs } from '../stored-transaction';
export {
  type ApiTransaction,
  type CachedTransaction,
  type SyncState,
  type TransactionCache,
  type TransactionFilter,
  type TransactionPageOptions,
  type TransactionSort,
  type TransactionSortColumn,
} from './transaction-cache';
export {
  AUDIT_CSV_COLUMNS,
  type AuditAction,
  type AuditEntry,
  type AuditFilter,
  type AuditInput,
  type AuditLog,
  type AuditOutcome,
} from './audit-log';
export { REDACTED, isSecretKey, redact } from '../redact';
export { csvCell, toCsv, type CsvValue } from '../csv';
export type { BankAccountSource, BankAccountsSeen } from './bank-accounts-seen';
export type { AuditWitnesses } from './audit-witness';
