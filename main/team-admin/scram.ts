// A SCRAM-SHA-256 verifier (RFC 5802/7677, PostgreSQL's stored form), computed
// here so that CREATE ROLE … PASSWORD carries the verifier and never the
// password: the plain text cannot end up in the server log (log_statement),
// pg_stat_activity or a statement error. Same as psql's \password.
//
// PostgreSQL applies SASLprep to the password; for printable ASCII that changes
// nothing. Other characters are used as their plain UTF-8 bytes, which is also
// what node-postgres (the desk's client) sends when it logs in.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/** PostgreSQL's default (scram_iterations). */
const ITERATIONS = 4096;

export function scramSha256Verifier(password: string, salt: Buffer = randomBytes(16), iterations = ITERATIONS): string {
  const salted = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
