// Both databases' migrations are numbered plain .sql files, one folder per
// database (postgres/migrations, sqlite/migrations). This turns a folder's files
// into the ordered list the migrators run, with the version and name taken from
// each file's name ("0003-four-eyes-approvals.sql" → version 3, name
// "four-eyes-approvals"), and refuses anything else in the folder: a misnamed
// file silently skipped would be a migration never run.
//
// Where the files come from depends on how main/ runs: the electron-vite bundle
// (and so the packaged app, which has no migrations folder) gets their contents
// injected at build time (__DESK_POSTGRES_MIGRATIONS__, __DESK_SQLITE_MIGRATIONS__,
// see electron.vite.config.ts);
// vitest, tsx (`npm run team`, `npm run desk:web`) and the bench read the folder
// beside the source module (readMigrationFolder).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface MigrationFile {
  /** From the file name's number: 1, 2, 3 … */
  version: number;
  /** The file name without the number and extension, e.g. "four-eyes-approvals". */
  name: string;
  /** Exactly the file's text. */
  sql: string;
}

/** File name → contents, for one database's folder. */
export type MigrationFolder = Readonly<Record<string, string>>;

const FILE_NAME = /^(\d{4})-([a-z0-9]+(?:-[a-z0-9]+)*)\.sql$/;

/** The folder's migrations in version order; throws on a malformed file name or a version used twice. */
export function orderedMigrations(folder: MigrationFolder, where: string): MigrationFile[] {
  const byVersion = new Map<number, string>();
  const migrations = Object.entries(folder).map(([file, sql]) => {
    const match = FILE_NAME.exec(file);
    const version = match ? Number(match[1]) : 0;
    if (!match || version === 0) {
      throw new Error(`${where}: "${file}" is not a migration file name (NNNN-lower-case-words.sql, numbered from 0001)`);
    }
    const other = byVersion.get(version);
    if (other !== undefined) throw new Error(`${where}: "${file}" and "${other}" both have version ${version}`);
    byVersion.set(version, file);
    return { version, name: match[2]!, sql };
  });
  return migrations.sort((a, b) => a.version - b.version);
}

/** Every file of a migrations folder on disk (only where main/ runs from source). */
export function readMigrationFolder(dir: string): MigrationFolder {
  const folder: Record<string, string> = {};
  for (const file of readdirSync(dir).sort()) folder[file] = readFileSync(join(dir, file), 'utf8');
  return folder;
}
