// Numbered, forward-only schema migrations: the .sql files of ./migrations
// (loaded by migration-files.ts). The number of the last one applied lives in
// PRAGMA user_version (in the file header, so it is committed or rolled back with
// the migration itself). Never edit a shipped migration: add a file.
import { inTransaction, userVersion, type Db } from './connection';
import { SQLITE_MIGRATION_FILES } from './migration-files';

/** A step of the migrator; the shipped ones run a file's SQL, tests may pass others. */
export interface Migration {
  /** 1, 2, 3 … in array order, no holes. */
  version: number;
  name: string;
  up: (db: Db) => void;
}

export class StoreVersionError extends Error {
  override readonly name = 'StoreVersionError';
  constructor(
    readonly path: string,
    readonly fileVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `The desk's data file ${path} has schema version ${fileVersion}, but this version of Kriptomat Desk ` +
        `knows only up to ${knownVersion}: it was written by a newer desk. Update the desk, or move the file aside ` +
        `to start with an empty one.`,
    );
  }
}

/** The numbered .sql files of ./migrations, each run as one batch of statements. */
export const MIGRATIONS: readonly Migration[] = SQLITE_MIGRATION_FILES.map((file) => ({
  version: file.version,
  name: file.name,
  up: (db: Db) => db.exec(file.sql),
}));

/** The schema version this build of the desk writes: the highest migration file's number. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

/**
 * Brings the file up to the last migration, one transaction per migration, so a
 * failure leaves the file at the last good version. Refuses a file from a newer desk.
 * Returns the version the file was at before.
 */
export function migrate(db: Db, path: string, migrations: readonly Migration[] = MIGRATIONS): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration ${m.name} is numbered ${m.version}, expected ${i + 1}`);
  });
  const before = userVersion(db);
  if (before > migrations.length) throw new StoreVersionError(path, before, migrations.length);
  for (const m of migrations.slice(before)) {
    inTransaction(db, () => {
      m.up(db);
      // PRAGMA takes no bound parameters; the version is a checked integer.
      db.exec(`PRAGMA user_version = ${m.version}`);
    });
  }
  return before;
}
