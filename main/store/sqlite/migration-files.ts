// The desk's SQLite migrations: the numbered .sql files of ./migrations, in
// order (see ../migration-files.ts for where they come from in each way main/
// runs). Never edit a shipped migration: add a file with the next number.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { orderedMigrations, readMigrationFolder, type MigrationFile, type MigrationFolder } from '../migration-files';

/** Set by electron.vite.config.ts for the main bundle only; absent under vitest and tsx. */
declare const __DESK_SQLITE_MIGRATIONS__: MigrationFolder;

function folder(): MigrationFolder {
  if (typeof __DESK_SQLITE_MIGRATIONS__ !== 'undefined') return __DESK_SQLITE_MIGRATIONS__;
  return readMigrationFolder(join(dirname(fileURLToPath(import.meta.url)), 'migrations'));
}

export const SQLITE_MIGRATION_FILES: readonly MigrationFile[] = orderedMigrations(folder(), 'main/store/sqlite/migrations');
