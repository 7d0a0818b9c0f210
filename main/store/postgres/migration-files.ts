// The team database's migrations: the numbered .sql files of ./migrations, in
// order (see ../migration-files.ts for where they come from in each way main/
// runs). Never edit a shipped migration: add a file with the next number.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { orderedMigrations, readMigrationFolder, type MigrationFile, type MigrationFolder } from '../migration-files';

/** Set by electron.vite.config.ts for the main bundle only; absent under vitest and tsx. */
declare const __DESK_POSTGRES_MIGRATIONS__: MigrationFolder;

/**
 * Versions increase in array order. A hole is allowed (a migration numbered on a
 * parallel branch may fill it before release); migrate.ts refuses a database
 * that has a later migration but not the hole's.
 */
export type TeamMigration = MigrationFile;

function folder(): MigrationFolder {
  if (typeof __DESK_POSTGRES_MIGRATIONS__ !== 'undefined') return __DESK_POSTGRES_MIGRATIONS__;
  return readMigrationFolder(join(dirname(fileURLToPath(import.meta.url)), 'migrations'));
}

export const TEAM_MIGRATIONS: readonly TeamMigration[] = orderedMigrations(folder(), 'main/store/postgres/migrations');
