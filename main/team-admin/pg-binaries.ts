// Where the PostgreSQL server programs (initdb, pg_ctl) live. Debian and Ubuntu
// install them in /usr/lib/postgresql/<major>/bin, which is not on PATH on a
// fresh machine; other systems put them on PATH or name them via pg_config.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const DEBIAN_ROOT = '/usr/lib/postgresql';

export class PostgresNotFoundError extends Error {
  override readonly name = 'PostgresNotFoundError';
  constructor() {
    super(
      'PostgreSQL server programs (initdb, pg_ctl) were not found in /usr/lib/postgresql/*/bin, ' +
        'pg_config --bindir or PATH. On Debian/Ubuntu: apt-get install postgresql (scripts/system-deps.sh does it).',
    );
  }
}

function hasServerPrograms(dir: string): boolean {
  return existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
}

/** Debian's versioned directories, newest major first (so 16 wins over 15). */
function debianBinDirs(): string[] {
  if (!existsSync(DEBIAN_ROOT)) return [];
  return readdirSync(DEBIAN_ROOT)
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
    .map((name) => join(DEBIAN_ROOT, name, 'bin'));
}

function pgConfigBinDir(): string | null {
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
  } catch {
    return null;
  }
}

/** The directory holding initdb and pg_ctl, or null when PostgreSQL is not installed. */
export function findPostgresBinDir(): string | null {
  const candidates = [...debianBinDirs(), pgConfigBinDir(), ...(process.env.PATH ?? '').split(delimiter)];
  return candidates.find((dir): dir is string => !!dir && hasServerPrograms(dir)) ?? null;
}

/** Like findPostgresBinDir, but a missing installation is an error that says how to fix it. */
export function requirePostgresBinDir(): string {
  const dir = findPostgresBinDir();
  if (!dir) throw new PostgresNotFoundError();
  return dir;
}
