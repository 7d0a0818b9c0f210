// `npm run team -- init`: the group roles, then the numbered migrations
// (./migrations/NNNN-*.sql, loaded by migration-files.ts), each in its own transaction together with its row in
// desk.schema_migrations, so a failure leaves the database at the last good
// version and running init again is a no-op. An advisory lock makes two inits
// at once take turns instead of racing.
import type pg from 'pg';
import { TEAM_MIGRATIONS, type TeamMigration } from './migration-files';
import { TeamStoreError } from './errors';

/** The NOLOGIN group roles. Approver and admin include the operator's rights (and admin the approver's). */
export const GROUP_ROLES = {
  operator: 'desk_operator',
  approver: 'desk_approver',
  admin: 'desk_admin',
} as const;
export type TeamRole = keyof typeof GROUP_ROLES;

/** Any number would do; this one is "kdesk" in ASCII, so it is recognisable in pg_locks. */
const MIGRATION_LOCK = 0x6b6465736b;

const MIN_SERVER_VERSION = 140000;

export interface MigrationResult {
  /** The schema version before this run. */
  before: number;
  after: number;
  applied: number[];
}

export class TeamSchemaVersionError extends TeamStoreError {
  override readonly name = 'TeamSchemaVersionError';
  constructor(dbVersion: number, known: number) {
    super(
      'schema',
      `The team database has schema version ${dbVersion}, but this desk knows only up to ${known}: ` +
        'it was set up by a newer desk. Update the desk.',
    );
  }
}

/** The canonical form of the audit chain counts UTF-8 bytes; PostgreSQL 14 has the functions the schema uses. */
async function checkServer(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ version: string; encoding: string }>(
    "SELECT current_setting('server_version_num') AS version, current_setting('server_encoding') AS encoding",
  );
  const row = rows[0]!;
  if (Number(row.version) < MIN_SERVER_VERSION) {
    throw new TeamStoreError('schema', `The team workspace needs PostgreSQL 14 or newer; this server is ${row.version}.`);
  }
  if (row.encoding !== 'UTF8') {
    throw new TeamStoreError(
      'schema',
      `The team database must use the UTF8 encoding, not ${row.encoding} (CREATE DATABASE … ENCODING 'UTF8').`,
    );
  }
}

/** Creates the group roles if missing (they belong to the whole cluster, not one database). */
export async function ensureGroupRoles(client: pg.ClientBase): Promise<void> {
  await client.query(`
    DO $do$
    DECLARE
      r text;
    BEGIN
      FOREACH r IN ARRAY ARRAY['${GROUP_ROLES.operator}', '${GROUP_ROLES.approver}', '${GROUP_ROLES.admin}'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
          EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
      END LOOP;
      IF NOT pg_has_role('${GROUP_ROLES.approver}', '${GROUP_ROLES.operator}', 'MEMBER') THEN
        GRANT ${GROUP_ROLES.operator} TO ${GROUP_ROLES.approver};
      END IF;
      IF NOT pg_has_role('${GROUP_ROLES.admin}', '${GROUP_ROLES.approver}', 'MEMBER') THEN
        GRANT ${GROUP_ROLES.approver} TO ${GROUP_ROLES.admin};
      END IF;
    END
    $do$`);
}

async function inLockedTransaction<T>(client: pg.ClientBase, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const result = await fn();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

async function currentVersion(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ v: number }>('SELECT coalesce(max(version), 0)::int AS v FROM desk.schema_migrations');
  return rows[0]!.v;
}

/** The version a database is at (0 when init never ran), without changing anything. */
export async function teamSchemaVersion(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ present: boolean }>("SELECT to_regclass('desk.schema_migrations') IS NOT NULL AS present");
  return rows[0]!.present ? currentVersion(client) : 0;
}

async function appliedVersions(client: pg.ClientBase): Promise<Set<number>> {
  const { rows } = await client.query<{ version: number }>('SELECT version FROM desk.schema_migrations');
  return new Set(rows.map((r) => r.version));
}

/**
 * Versions must increase; a hole is allowed (a migration numbered on a parallel
 * branch may fill it later), but a database that already has a later migration
 * and not the hole's cannot be brought up in order, so it is refused, not skipped.
 */
function checkNumbering(migrations: readonly TeamMigration[]): void {
  migrations.forEach((m, i) => {
    const previous = i === 0 ? 0 : migrations[i - 1]!.version;
    if (!Number.isSafeInteger(m.version) || m.version <= previous) {
      throw new Error(`Team migration "${m.name}" is numbered ${m.version}, after ${previous}: versions must increase`);
    }
  });
}

function missedMigration(m: TeamMigration, dbVersion: number): TeamStoreError {
  return new TeamStoreError(
    'schema',
    `The team database is at schema version ${dbVersion} but lacks migration ${m.version} ("${m.name}"), ` +
      'which this desk numbers before it: it cannot be applied out of order. Restore the database from before version ' +
      `${dbVersion}, or ask whoever released the desk.`,
  );
}

/** Roles, schema and migrations: safe to run any number of times, also concurrently. */
export async function initTeamDb(client: pg.ClientBase, migrations: readonly TeamMigration[] = TEAM_MIGRATIONS): Promise<MigrationResult> {
  checkNumbering(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  await checkServer(client);
  const before = await inLockedTransaction(client, async () => {
    await ensureGroupRoles(client);
    await client.query('CREATE SCHEMA IF NOT EXISTS desk');
    await client.query(`
      CREATE TABLE IF NOT EXISTS desk.schema_migrations (
        version    integer PRIMARY KEY,
        name       text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT now(),
        applied_by text NOT NULL DEFAULT session_user
      )`);
    return currentVersion(client);
  });
  if (before > latest) throw new TeamSchemaVersionError(before, latest);

  const applied: number[] = [];
  for (const m of migrations) {
    await inLockedTransaction(client, async () => {
      // Another init may have applied it while we waited for the lock.
      if ((await appliedVersions(client)).has(m.version)) return;
      const dbVersion = await currentVersion(client);
      if (dbVersion > m.version) throw missedMigration(m, dbVersion);
      await client.query(m.sql);
      await client.query('INSERT INTO desk.schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    });
  }
  return { before, after: Math.max(before, latest), applied };
}
