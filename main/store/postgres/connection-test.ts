// Test connection: one short-lived connection to the team database that answers
// who the database says we are (`session_user`), which of the desk's roles that
// login has and whether the schema is set up — or says, in plain words and
// beside the field it concerns, why the desk cannot work there.
import pg from 'pg';
import type { WorkspaceTestView } from '../../../shared/desk-api';
import { DeskFailure } from '../../errors';
import { describeTeamDb, teamClientConfig, type TeamDbParams } from './connection';
import { GROUP_ROLES } from './migrate';
import { TEAM_SCHEMA_VERSION } from './constants';
import { configField } from './connection-config';

const INIT = 'npm run team -- init --db <admin URL>';
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);
const TLS_TEXT = /\bSSL\b|\bTLS\b|certificate|self[- ]signed|unable to verify|altnames|wrong version number|EPROTO/i;

export async function testTeamConnection(db: TeamDbParams, connectTimeoutMs = 5000): Promise<WorkspaceTestView> {
  const target = describeTeamDb(db);
  const client = new pg.Client({ ...teamClientConfig(db, connectTimeoutMs), query_timeout: 10_000 });
  // A connection that dies after connect must not raise an unhandled 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw connectFailure(error, db, target);
  }
  try {
    const who = await client.query<{ operator: string; encrypted: boolean | null }>(
      'SELECT session_user AS operator, (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()) AS encrypted',
    );
    const { operator, encrypted } = who.rows[0]!;
    // The catalogs, not desk.schema_migrations itself: reading that needs a desk role, and "not set up" must come first.
    const present = await client.query<{ present: boolean }>(
      "SELECT EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'desk' AND c.relname = 'schema_migrations') AS present",
    );
    if (!present.rows[0]!.present) {
      throw new DeskFailure('validation', `The team database ${target} is not set up: an administrator runs ${INIT} first.`, {
        fieldErrors: { [configField('database')]: [`Not set up for the desk: an administrator runs ${INIT}.`] },
      });
    }
    const roles = (
      await client.query<{ role: string }>(
        "SELECT rolname AS role FROM pg_roles WHERE rolname = ANY($1) AND pg_has_role(session_user, oid, 'MEMBER') ORDER BY rolname",
        [Object.values(GROUP_ROLES)],
      )
    ).rows.map((r) => r.role);
    if (roles.length === 0) {
      throw new DeskFailure(
        'validation',
        `${operator} is not a desk operator on ${target}: the login is in none of the desk's roles (${Object.values(GROUP_ROLES).join(', ')}).`,
        {
          fieldErrors: {
            [configField('user')]: [
              `${operator} is not a desk operator. An administrator adds it: npm run team -- add-operator ${operator} --role operator --db <admin URL>.`,
            ],
          },
        },
      );
    }
    const version = (await client.query<{ v: number }>('SELECT coalesce(max(version), 0)::int AS v FROM desk.schema_migrations')).rows[0]!
      .v;
    if (version < TEAM_SCHEMA_VERSION) {
      throw new DeskFailure(
        'validation',
        `The team database ${target} has schema version ${version}; this desk needs ${TEAM_SCHEMA_VERSION}: an administrator runs ${INIT}.`,
        {
          fieldErrors: {
            [configField('database')]: [`Schema version ${version}, the desk needs ${TEAM_SCHEMA_VERSION}: an administrator runs ${INIT}.`],
          },
        },
      );
    }
    if (version > TEAM_SCHEMA_VERSION) {
      throw new DeskFailure(
        'validation',
        `The team database ${target} was set up by a newer desk (schema version ${version}, this desk knows ${TEAM_SCHEMA_VERSION}): update the desk.`,
      );
    }
    return { operator, roles, schemaVersion: version, database: target, encrypted: encrypted === true };
  } catch (error) {
    if (error instanceof DeskFailure) throw error;
    throw new DeskFailure('validation', `The team database ${target} could not be checked: ${scrub(messageOf(error), db.password)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why connecting failed, in the operator's words, with the field it concerns. */
export function connectFailure(error: unknown, db: TeamDbParams, target = describeTeamDb(db)): DeskFailure {
  const code = codeOf(error);
  const detail = scrub(messageOf(error), db.password);
  const at = `${db.host.includes(':') ? `[${db.host}]` : db.host}:${db.port}`;
  const field = (name: Parameters<typeof configField>[0], message: string) => ({ fieldErrors: { [configField(name)]: [message] } });
  if (code === '28P01') {
    return new DeskFailure(
      'forbidden',
      `The team database at ${at} refused the login ${db.user}: wrong password, or no such login.`,
      field('password', 'Wrong password, or no such login.'),
    );
  }
  if (code === '3D000') {
    return new DeskFailure(
      'validation',
      `There is no database ${db.database} at ${at}.`,
      field('database', `No database ${db.database} on this server.`),
    );
  }
  if (code === '28000') {
    // pg_hba.conf: this login, from this machine, with or without TLS, is not let in.
    return new DeskFailure(
      'forbidden',
      `The team database at ${at} does not let ${db.user} in from here: ${detail}`,
      field('user', `Not let in from this machine: ${detail}`),
    );
  }
  if (/does not support SSL/i.test(detail)) {
    return new DeskFailure(
      'network',
      `The server at ${at} does not offer TLS; ${db.ssl ? 'require and verify-full need it' : 'it is needed'}.`,
      field('tlsMode', 'The server does not offer TLS.'),
    );
  }
  if ((code?.startsWith('ERR_TLS') ?? false) || /CERT|SIGNED|VERIFY|SSL/.test(code ?? '') || TLS_TEXT.test(detail)) {
    return new DeskFailure('network', `TLS with ${at} failed: ${detail}`, field('tlsMode', `TLS failed: ${detail}`));
  }
  if (code === 'ECONNREFUSED') {
    return new DeskFailure(
      'network',
      `Cannot reach ${at}: nothing accepts connections on port ${db.port} there.`,
      field('port', `Nothing accepts connections on port ${db.port} at ${db.host}.`),
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new DeskFailure(
      'network',
      `Cannot reach ${at}: the host name ${db.host} is not known.`,
      field('host', `The host name ${db.host} is not known.`),
    );
  }
  if ((code !== undefined && NETWORK_CODES.has(code)) || /timeout|terminated/i.test(detail)) {
    return new DeskFailure('network', `Cannot reach ${at}: ${detail}`, field('host', `Cannot reach ${at}: ${detail}`));
  }
  return new DeskFailure('validation', `The team database ${target} could not be used: ${detail}`);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Server and driver messages do not quote the password; should one ever do, it goes no further. */
function scrub(text: string, password: string): string {
  return password === '' ? text : text.split(password).join('[redacted]');
}
