// `npm run team -- <command>`: set-up of the team workspace's PostgreSQL.
// Output meant for scripts goes to stdout (one line); words for people go to
// stderr. Passwords appear only where asked for (dev-db's URL, a generated
// operator password, once) and never in an error message.
import { existsSync, fstatSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { verifyAuditChain } from '../store/postgres/audit-chain';
import { teamClientConfig } from '../store/postgres/connection';
import { startDevCluster } from './dev-cluster';
import { initTeamDb } from '../store/postgres/migrate';
import { createOperator, isTeamRole } from './operators';
import { describeDbUrl, toTeamError } from '../store/postgres/errors';

const USAGE = `Usage: npm run team -- <command> [options]
  dev-db                     start a throwaway local PostgreSQL (loopback, free port); prints
                             {"url": "<admin URL>"} first; Ctrl-C (or SIGTERM) stops and removes it
  init --db URL              create or migrate the schema and the group roles (safe to repeat)
  add-operator NAME --role operator|approver|admin --db URL
                             create a database login for an operator; the password is read
                             from stdin when piped, else generated and printed once
  verify-audit --db URL      recompute the audit trail's hash chain; exit 0 intact, 1 broken
  --help                     this text`;

class UsageError extends Error {}

interface Parsed {
  command: string;
  positional: string[];
  flags: Map<string, string>;
}

export function parseTeamArgs(argv: readonly string[]): Parsed | 'help' {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') return 'help';
  const positional: string[] = [];
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--help' || arg === '-h') return 'help';
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    let value = eq === -1 ? undefined : arg.slice(eq + 1);
    if (value === undefined) {
      value = rest[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value.`);
      i++;
    }
    flags.set(name, value);
  }
  return { command, positional, flags };
}

function only(parsed: Parsed, allowed: readonly string[], positional: number): void {
  for (const name of parsed.flags.keys()) {
    if (!allowed.includes(name)) throw new UsageError(`Unknown option --${name} for ${parsed.command}.`);
  }
  if (parsed.positional.length !== positional) {
    throw new UsageError(
      `${parsed.command} takes ${positional === 0 ? 'no' : positional} argument${positional === 1 ? '' : 's'} besides options.`,
    );
  }
}

function dbUrl(parsed: Parsed): string {
  const url = parsed.flags.get('db');
  if (!url) throw new UsageError(`${parsed.command} needs --db <URL> (postgresql://user:password@host:port/database).`);
  if (!/^postgres(ql)?:\/\//.test(url)) throw new UsageError('--db must be a postgresql:// URL.');
  return url;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(teamClientConfig(url));
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await fn(client);
  } catch (error) {
    throw toTeamError(error, describeDbUrl(url));
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Piped or redirected stdin carries a password; a terminal or /dev/null does not. */
function stdinIsPiped(): boolean {
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isFile() || stat.isSocket();
  } catch {
    return false;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function devDb(parsed: Parsed): Promise<number> {
  only(parsed, [], 0);
  const cluster = await startDevCluster();
  process.stdout.write(`${JSON.stringify({ url: cluster.url })}\n`);
  console.error(`team: throwaway PostgreSQL on 127.0.0.1:${cluster.port} in ${cluster.dir}. Ctrl-C stops it and removes everything.`);
  process.on('exit', () => cluster.stopNow());
  return new Promise<number>((resolve) => {
    // Nothing else keeps Node running; this also notices a server that died.
    const watch = setInterval(() => {
      if (!existsSync(join(cluster.dir, 'data', 'postmaster.pid'))) {
        clearInterval(watch);
        console.error('team: the PostgreSQL server stopped by itself; removing the cluster.');
        cluster.stopNow();
        resolve(1);
      }
    }, 2000);
    const stop = (): void => {
      clearInterval(watch);
      cluster.stop().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.once('SIGHUP', stop);
  });
}

async function init(parsed: Parsed): Promise<number> {
  only(parsed, ['db'], 0);
  const url = dbUrl(parsed);
  const result = await withClient(url, (client) => initTeamDb(client));
  const where = describeDbUrl(url);
  console.log(
    result.applied.length === 0
      ? `Team database ${where} is at schema version ${result.after}: nothing to do.`
      : `Team database ${where} is at schema version ${result.after} (applied ${result.applied.join(', ')}).`,
  );
  return 0;
}

async function addOperator(parsed: Parsed): Promise<number> {
  only(parsed, ['db', 'role'], 1);
  const url = dbUrl(parsed);
  const name = parsed.positional[0]!;
  const role = parsed.flags.get('role') ?? '';
  if (!isTeamRole(role)) throw new UsageError('--role must be operator, approver or admin.');
  const piped = stdinIsPiped() ? (await readStdin()).replace(/\r?\n$/, '') : '';
  const created = await withClient(url, (client) => createOperator(client, { name, role, ...(piped ? { password: piped } : {}) }));
  process.stdout.write(
    `${JSON.stringify({ operator: created.name, role: created.role, ...(created.generatedPassword ? { password: created.generatedPassword } : {}) })}\n`,
  );
  console.error(
    created.generatedPassword
      ? `team: created operator ${created.name} (${role}). The generated password above is shown this once only.`
      : `team: created operator ${created.name} (${role}) with the password from stdin.`,
  );
  return 0;
}

async function verifyAudit(parsed: Parsed): Promise<number> {
  only(parsed, ['db'], 0);
  const result = await withClient(dbUrl(parsed), (client) => verifyAuditChain(client));
  if (result.intact) {
    console.log(`Audit trail intact: ${result.rows} rows, head hash ${result.headHash}.`);
    return 0;
  }
  console.log(`Audit trail BROKEN at row ${result.brokenId}: ${result.message}`);
  return 1;
}

const COMMANDS: Record<string, (parsed: Parsed) => Promise<number>> = {
  'dev-db': devDb,
  init,
  'add-operator': addOperator,
  'verify-audit': verifyAudit,
};

async function main(): Promise<number> {
  let parsed: Parsed | 'help' | undefined;
  try {
    parsed = parseTeamArgs(process.argv.slice(2));
    if (parsed === 'help') {
      console.log(USAGE);
      return 0;
    }
    const command = COMMANDS[parsed.command];
    if (!command) throw new UsageError(`Unknown command "${parsed.command}".`);
    return await command(parsed);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`team: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    console.error(`team: ${error instanceof Error ? error.message : String(error)}`);
    // For verify-audit, 1 means "checked, and broken"; not being able to check is 2.
    return parsed !== 'help' && parsed?.command === 'verify-audit' ? 2 : 1;
  }
}

process.exitCode = await main();
