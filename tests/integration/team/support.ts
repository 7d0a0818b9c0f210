// Each team test file starts its own throwaway PostgreSQL (main/team-admin/dev-cluster)
// and gives every scenario a fresh database, so a broken audit chain or a
// claimed order never leaks into the next test. Roles belong to the whole
// cluster, so logins get names unique within the file.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { expect } from 'vitest';
import { startDevCluster, type DevCluster } from '../../../main/team-admin/dev-cluster';
import { initTeamDb, type TeamRole } from '../../../main/store/postgres/migrate';
import { createOperator } from '../../../main/team-admin/operators';
import { findPostgresBinDir } from '../../../main/team-admin/pg-binaries';

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');

/** True where PostgreSQL is missing; CI installs it (scripts/system-deps.sh), so there this is never true. */
export const noPostgres = findPostgresBinDir() === null;

/** Called by one file only, so a machine without PostgreSQL sees one line, not one per file. */
export function announceSkip(): void {
  if (noPostgres)
    console.warn(
      'team tests skipped: no PostgreSQL server programs (initdb, pg_ctl) on this machine; scripts/system-deps.sh installs them',
    );
}

export const CLUSTER_TIMEOUT_MS = 120_000;

/** A cluster for one test file; should the worker end without afterAll, the exit hook still removes it. */
export async function startCluster(): Promise<DevCluster> {
  const cluster = await startDevCluster();
  process.once('exit', () => cluster.stopNow());
  return cluster;
}

let databases = 0;

/** A new database on the cluster, initialised; returns its superuser URL. */
export async function freshDatabase(cluster: DevCluster, options: { init?: boolean } = {}): Promise<string> {
  const name = `t${process.pid}_${++databases}`;
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = cluster.databaseUrl(name);
  if (options.init !== false) await withClient(url, (c) => initTeamDb(c));
  return url;
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** What a refused statement of a login's own session looks like to that login: its SQLSTATE and the database's words. */
export function refusedWith(code: string, message: RegExp): { code: string; message: unknown } {
  return { code, message: expect.stringMatching(message) as unknown };
}

let logins = 0;

/** Creates a login in a group and returns its URL for `database` (the admin URL's database). */
export async function addLogin(
  cluster: DevCluster,
  adminUrl: string,
  prefix: string,
  role: TeamRole,
): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${process.pid}_${++logins}`;
  const password = `pw-${name}-0123456789`;
  await withClient(adminUrl, (c) => createOperator(c, { name, role, password }));
  return { name, url: cluster.urlFor(name, password, new URL(adminUrl).pathname.slice(1)) };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run team -- <args>` as a child process (node + tsx directly, so signals reach it). */
export function runTeamCli(args: readonly string[], options: { stdin?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/team-admin/cli.ts', ...args], {
      cwd: REPO_ROOT,
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  });
}
