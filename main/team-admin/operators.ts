// `npm run team -- add-operator`: one database login per operator, a member of
// one group role. The database then knows who did what (session_user), and a
// desk cannot claim to be someone else.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { GROUP_ROLES, type TeamRole } from '../store/postgres/migrate';
import { scramSha256Verifier } from './scram';
import { TeamStoreError } from '../store/postgres/errors';

/** Lower-case identifier rules, so a name never needs quoting to mean itself. */
const OPERATOR_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const MIN_PASSWORD = 12;
const MAX_PASSWORD = 1000;
/** Per login: role settings are not inherited through group membership. */
export const IDLE_IN_TRANSACTION = '30s';

export interface NewOperator {
  name: string;
  role: TeamRole;
  /** Omitted: one is generated (and returned once). */
  password?: string;
}

export interface CreatedOperator {
  name: string;
  role: TeamRole;
  /** Only when generated here: the one time it is shown. */
  generatedPassword?: string;
}

export function isTeamRole(value: string): value is TeamRole {
  return Object.hasOwn(GROUP_ROLES, value);
}

export function checkOperatorName(name: string): string | null {
  if (!OPERATOR_NAME.test(name)) {
    return `"${name}" is not an operator name: use 1 to 63 lower-case letters, digits or _, starting with a letter or _.`;
  }
  if (name.startsWith('pg_')) return 'Names starting with pg_ are reserved by PostgreSQL.';
  if ((Object.values(GROUP_ROLES) as string[]).includes(name)) return `${name} is a group role, not an operator.`;
  return null;
}

export function checkPassword(password: string): string | null {
  if (password.length < MIN_PASSWORD) return `The password must have at least ${MIN_PASSWORD} characters.`;
  if (password.length > MAX_PASSWORD) return `The password must have at most ${MAX_PASSWORD} characters.`;
  if (/[\0\r\n]/.test(password)) return 'The password must be one line without NUL characters.';
  return null;
}

/** 24 random bytes, URL-safe base64: 32 characters, no quoting trouble anywhere. */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}

export async function createOperator(client: pg.ClientBase, input: NewOperator): Promise<CreatedOperator> {
  const nameProblem = checkOperatorName(input.name);
  if (nameProblem) throw new TeamStoreError('invalid', nameProblem);
  if (!isTeamRole(input.role)) throw new TeamStoreError('invalid', `Unknown role ${String(input.role)}: operator, approver or admin.`);
  const generated = input.password === undefined ? generatePassword() : undefined;
  const password = input.password ?? generated!;
  const passwordProblem = checkPassword(password);
  if (passwordProblem) throw new TeamStoreError('invalid', passwordProblem);

  const { rows } = await client.query<{ taken: boolean }>('SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = $1) AS taken', [input.name]);
  if (rows[0]!.taken) throw new TeamStoreError('conflict', `A database role named ${input.name} exists already.`);

  // Utility statements take no bind parameters: the name is checked above and
  // quoted by pg, the group is one of three constants, and the password goes as
  // its SCRAM verifier (base64 and punctuation only), never as plain text.
  const role = pg.escapeIdentifier(input.name);
  const group = pg.escapeIdentifier(GROUP_ROLES[input.role]);
  const verifier = pg.escapeLiteral(scramSha256Verifier(password));
  await client.query('BEGIN');
  try {
    await client.query(`CREATE ROLE ${role} LOGIN INHERIT PASSWORD ${verifier} IN ROLE ${group}`);
    // A desk that stalls inside a transaction (network gone without a goodbye) would
    // keep its row locks — the audit chain's head among them — for hours of TCP
    // keepalive; the server ends such a session after this long instead.
    await client.query(`ALTER ROLE ${role} SET idle_in_transaction_session_timeout = '${IDLE_IN_TRANSACTION}'`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  return { name: input.name, role: input.role, ...(generated ? { generatedPassword: generated } : {}) };
}
