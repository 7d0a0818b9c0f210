// Migration files are named NNNN-words.sql: the number is the version, and a
// folder with a malformed name or a version used twice is refused rather than
// run in a surprising order. The schema versions the desk announces are the
// highest file's.
import { describe, expect, it } from 'vitest';
import { orderedMigrations } from '../../../main/store/migration-files';
import { TEAM_SCHEMA_VERSION } from '../../../main/store/postgres/constants';
import { TEAM_MIGRATIONS } from '../../../main/store/postgres/migration-files';
import { SQLITE_MIGRATION_FILES } from '../../../main/store/sqlite/migration-files';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../main/store/sqlite/migrations';

describe('orderedMigrations', () => {
  it('takes version and name from the file name and sorts by version', () => {
    expect(orderedMigrations({ '0010-later.sql': 'b', '0002-first-one.sql': 'a' }, 'here')).toEqual([
      { version: 2, name: 'first-one', sql: 'a' },
      { version: 10, name: 'later', sql: 'b' },
    ]);
  });

  it.each(['3-short.sql', '0003_underscore.sql', '0003-Upper.sql', '0003-x.txt', '0000-zero.sql', 'README.md', '0003-.sql'])(
    'refuses the file name %s',
    (file) => {
      expect(() => orderedMigrations({ [file]: 'SELECT 1' }, 'here')).toThrow(/here: .* is not a migration file name/);
    },
  );

  it('refuses two files with one version', () => {
    expect(() => orderedMigrations({ '0003-a.sql': '', '0003-b.sql': '' }, 'here')).toThrow(
      /"0003-b.sql" and "0003-a.sql" both have version 3/,
    );
  });
});

describe('the shipped migrations', () => {
  it('team: TEAM_SCHEMA_VERSION is the highest file version', () => {
    expect(TEAM_SCHEMA_VERSION).toBe(TEAM_MIGRATIONS.at(-1)?.version);
  });

  it('SQLite: SCHEMA_VERSION is the highest file version, every file one step', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(SQLITE_MIGRATION_FILES.map((_, i) => i + 1));
    expect(SCHEMA_VERSION).toBe(SQLITE_MIGRATION_FILES.at(-1)?.version);
  });

  it('every file opens with a comment saying what it does', () => {
    for (const m of [...TEAM_MIGRATIONS, ...SQLITE_MIGRATION_FILES]) expect(m.sql).toMatch(/^-- Migration \d+ of /);
  });
});
