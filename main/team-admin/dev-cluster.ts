// A throwaway PostgreSQL cluster for development and tests: initdb in a fresh
// temporary directory, loopback only, a free port, password logins only, then
// removed again. `npm run team -- dev-db` and the integration tests both use it.
//
// PostgreSQL refuses to run as root, so when we are root the server programs run
// as the `postgres` account (runuser) in a directory that account owns and can
// reach. pg_ctl always gets `-l <logfile>`: without it the server inherits
// pg_ctl's stdout/stderr, keeps the caller's pipes open, and a caller waiting for
// pg_ctl to finish never sees it finish.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, appendFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { requirePostgresBinDir } from './pg-binaries';

const run = promisify(execFile);

/** The superuser initdb creates; fixed so the admin URL does not depend on who ran it. */
const SUPERUSER = 'postgres';
const DEFAULT_DATABASE = 'kriptomat_desk';
const PORT_ATTEMPTS = 5;

export interface DevClusterOptions {
  /** The database created for the desk (default kriptomat_desk). */
  database?: string;
}

export interface DevCluster {
  /** Superuser URL of the desk database, password included (a throwaway one). */
  readonly url: string;
  readonly port: number;
  /** The temporary directory with the data, the server log and the socket. */
  readonly dir: string;
  /** A URL for the same server and database as another role. */
  urlFor(user: string, password: string, database?: string): string;
  /** A URL of another database on the same server, as the superuser. */
  databaseUrl(database: string): string;
  /** Stops the server but keeps its data (tests of a database that goes away); `resume` starts it again. */
  pause(): Promise<void>;
  /** Starts a paused server again, on the same port with the same data. */
  resume(): Promise<void>;
  /** Stops the server and removes the directory. Safe to call twice. */
  stop(): Promise<void>;
  /** The same, synchronously and without waiting for sessions: for process exit handlers. */
  stopNow(): void;
}

export class DevClusterError extends Error {
  override readonly name = 'DevClusterError';
}

interface ServerAccount {
  name: string;
  uid: number;
  gid: number;
}

/** Who runs initdb and pg_ctl: ourselves, or `postgres` when we are root. */
function serverAccount(): ServerAccount | null {
  if (process.getuid?.() !== 0) return null;
  try {
    const id = (flag: string): number =>
      Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
    return { name: 'postgres', uid: id('-u'), gid: id('-g') };
  } catch {
    throw new DevClusterError(
      'Running as root, and PostgreSQL refuses to run as root, but there is no `postgres` account to run it as. ' +
        'Install the postgresql package (it creates the account) or run as an ordinary user.',
    );
  }
}

/** A directory every account can walk into (each ancestor has o+x): the server account must reach its data. */
function reachableByOthers(path: string): boolean {
  for (let p = path; ; p = dirname(p)) {
    try {
      if ((statSync(p).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    if (dirname(p) === p) return true;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function pgUrl(user: string, password: string, port: number, database: string): string {
  return `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no server log)';
  }
}

export async function startDevCluster(options: DevClusterOptions = {}): Promise<DevCluster> {
  const database = options.database ?? DEFAULT_DATABASE;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(database)) throw new DevClusterError(`Not a plain database name: ${database}`);
  const bin = requirePostgresBinDir();
  const account = serverAccount();
  const base = account && !reachableByOthers(tmpdir()) ? '/tmp' : tmpdir();
  const dir = mkdtempSync(join(base, 'kdesk-pg-'));
  chmodSync(dir, 0o700);
  if (account) chownSync(dir, account.uid, account.gid);
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const env = { ...process.env, LC_ALL: 'C', LANG: 'C' };

  const serverProgram = (program: string, args: string[]): [string, string[]] =>
    account ? ['runuser', ['-u', account.name, '--', join(bin, program), ...args]] : [join(bin, program), args];
  const exec = async (program: string, args: string[]): Promise<void> => {
    const [file, argv] = serverProgram(program, args);
    await run(file, argv, { cwd: dir, env, timeout: 120_000 });
  };

  let stopped = false;
  const remove = (): void => rmSync(dir, { recursive: true, force: true });

  try {
    const password = randomBytes(18).toString('base64url');
    const pwFile = join(dir, 'pwfile');
    writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
    if (account) chownSync(pwFile, account.uid, account.gid);
    // scram-sha-256 for every connection: nobody connects as another role without its password.
    await exec('initdb', [
      '-D',
      data,
      '-U',
      SUPERUSER,
      `--pwfile=${pwFile}`,
      '--auth=scram-sha-256',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
    ]).catch((error: unknown) => {
      throw new DevClusterError(`initdb failed: ${(error as { stderr?: string }).stderr?.trim() || String(error)}`);
    });
    rmSync(pwFile);
    appendFileSync(join(data, 'postgresql.conf'), "\ninclude 'desk-dev.conf'\n");

    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      // Throwaway data: durability is traded for speed (no fsync), and the server is small.
      writeFileSync(
        join(data, 'desk-dev.conf'),
        [
          "listen_addresses = '127.0.0.1'",
          `port = ${port}`,
          `unix_socket_directories = '${dir.replace(/'/g, "''")}'`,
          'fsync = off',
          'synchronous_commit = off',
          'full_page_writes = off',
          "shared_buffers = '16MB'",
          'max_connections = 50',
          '',
        ].join('\n'),
      );
      if (account) chownSync(join(data, 'desk-dev.conf'), account.uid, account.gid);
      try {
        await exec('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', '-s', 'start']);
        break;
      } catch {
        // Another process may have taken the port between our probe and the server's bind.
        const log = tail(logFile);
        if (attempt < PORT_ATTEMPTS && /could not bind|already in use/i.test(log)) continue;
        throw new DevClusterError(`The PostgreSQL server did not start. Its log ends:\n${log}`);
      }
    }

    const admin = new pg.Client({ connectionString: pgUrl(SUPERUSER, password, port, 'postgres') });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${database}`);
    } finally {
      await admin.end();
    }

    const stopArgs = (mode: 'fast' | 'immediate'): string[] => ['-D', data, '-m', mode, '-w', '-t', '30', '-s', 'stop'];
    return {
      url: pgUrl(SUPERUSER, password, port, database),
      port,
      dir,
      urlFor: (user, userPassword, db = database) => pgUrl(user, userPassword, port, db),
      databaseUrl: (db) => pgUrl(SUPERUSER, password, port, db),
      async pause() {
        await exec('pg_ctl', stopArgs('fast'));
      },
      async resume() {
        await exec('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', '-s', 'start']).catch(() => {
          throw new DevClusterError(`The PostgreSQL server did not start again. Its log ends:\n${tail(logFile)}`);
        });
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        await exec('pg_ctl', stopArgs('fast')).catch(() => undefined);
        remove();
      },
      stopNow() {
        if (stopped) return;
        stopped = true;
        const [file, argv] = serverProgram('pg_ctl', stopArgs('immediate'));
        try {
          execFileSync(file, argv, { cwd: dir, env, stdio: 'ignore', timeout: 30_000 });
        } catch {
          // Not running any more: nothing to stop.
        }
        remove();
      },
    };
  } catch (error) {
    // A half-made cluster is stopped (if it runs) and removed, never left behind.
    if (existsSync(join(data, 'postmaster.pid'))) {
      const [file, argv] = serverProgram('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-s', 'stop']);
      try {
        execFileSync(file, argv, { cwd: dir, env, stdio: 'ignore', timeout: 30_000 });
      } catch {
        // Already gone.
      }
    }
    remove();
    throw error;
  }
}
