// `npm run team -- …` as child processes: dev-db starts a cluster, prints its
// URL first and removes everything on SIGTERM; init runs twice; add-operator
// takes a piped password or prints a generated one once.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEAM_SCHEMA_VERSION } from '../../../main/store/postgres/constants';
import { TEAM_MIGRATIONS } from '../../../main/store/postgres/migration-files';
import { CLUSTER_TIMEOUT_MS, REPO_ROOT, noPostgres, runTeamCli, withClient } from './support';

describe.skipIf(noPostgres)('npm run team', () => {
  let devDb: ChildProcessWithoutNullStreams;
  let url: string;
  let stderr = '';

  beforeAll(async () => {
    devDb = spawn(process.execPath, ['--import', 'tsx', 'main/team-admin/cli.ts', 'dev-db'], { cwd: REPO_ROOT });
    devDb.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: devDb.stdout }).once('line', resolve);
      devDb.once('exit', (code) => reject(new Error(`dev-db exited with ${code}: ${stderr}`)));
    });
    url = (JSON.parse(firstLine) as { url: string }).url;
  }, CLUSTER_TIMEOUT_MS);
  afterAll(() => {
    if (devDb.exitCode === null) devDb.kill('SIGKILL');
  });

  it('dev-db prints {"url"} first: a loopback superuser URL that works', async () => {
    expect(url).toMatch(/^postgresql:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/kriptomat_desk$/);
    const who = await withClient(
      url,
      async (c) => (await c.query("SELECT session_user AS who, current_setting('listen_addresses') AS listen")).rows[0] as unknown,
    );
    expect(who).toEqual({ who: 'postgres', listen: '127.0.0.1' });
  });

  it('init creates the schema, and a second init has nothing to do', async () => {
    const first = await runTeamCli(['init', '--db', url]);
    const applied = TEAM_MIGRATIONS.map((m) => m.version).join(', ');
    expect(first).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`schema version ${TEAM_SCHEMA_VERSION} (applied ${applied}).\n`) as unknown,
    });
    const second = await runTeamCli(['init', '--db', url]);
    expect(second).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`schema version ${TEAM_SCHEMA_VERSION}: nothing to do.\n`) as unknown,
    });
    expect(first.stdout + second.stdout).not.toContain(new URL(url).password);
  });

  it('add-operator takes the password from stdin; that login is an operator', async () => {
    const result = await runTeamCli(['add-operator', 'carol', '--role', 'operator', '--db', url], { stdin: 'carol-password-2025\n' });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ operator: 'carol', role: 'operator' });
    expect(result.stdout + result.stderr).not.toContain('carol-password-2025');
    const login = new URL(url);
    login.username = 'carol';
    login.password = 'carol-password-2025';
    const roles = await withClient(
      login.toString(),
      async (c) =>
        (
          await c.query(
            "SELECT session_user AS who, pg_has_role('desk_operator', 'USAGE') AS operator, pg_has_role('desk_admin', 'USAGE') AS admin, current_setting('idle_in_transaction_session_timeout') AS idle",
          )
        ).rows[0] as unknown,
    );
    expect(roles).toEqual({ who: 'carol', operator: true, admin: false, idle: '30s' });
  });

  it('add-operator without stdin generates a password and prints it once', async () => {
    const result = await runTeamCli(['add-operator', 'dave', '--role', 'admin', '--db', url]);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as { operator: string; role: string; password: string };
    expect(out).toMatchObject({ operator: 'dave', role: 'admin' });
    expect(out.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(result.stderr).not.toContain(out.password);
    const login = new URL(url);
    login.username = 'dave';
    login.password = out.password;
    expect(
      await withClient(
        login.toString(),
        async (c) => (await c.query("SELECT pg_has_role('desk_approver', 'USAGE') AS ok")).rows[0] as unknown,
      ),
    ).toEqual({ ok: true });
  });

  it('add-operator refuses names that are not plain identifiers, taken names and unknown roles', async () => {
    const injected = await runTeamCli(['add-operator', 'eve"; DROP ROLE carol; --', '--role', 'operator', '--db', url]);
    expect(injected.code).toBe(1);
    expect(injected.stderr).toMatch(/is not an operator name/);
    const taken = await runTeamCli(['add-operator', 'carol', '--role', 'operator', '--db', url], { stdin: 'another-password-1\n' });
    expect(taken.code).toBe(1);
    expect(taken.stderr).toMatch(/exists already/);
    const short = await runTeamCli(['add-operator', 'frank', '--role', 'operator', '--db', url], { stdin: 'short\n' });
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 12 characters/);
    expect(short.stderr).not.toContain('short\n');
    const role = await runTeamCli(['add-operator', 'frank', '--role', 'boss', '--db', url]);
    expect(role.code).toBe(2);
    const names = await withClient(
      url,
      async (c) => (await c.query("SELECT rolname FROM pg_roles WHERE rolname IN ('carol', 'dave', 'frank') ORDER BY 1")).rows as unknown,
    );
    expect(names).toEqual([{ rolname: 'carol' }, { rolname: 'dave' }]);
  });

  it('dev-db stops the server and removes its directory on SIGTERM', async () => {
    const dir = /in (\/\S+)\. Ctrl-C/.exec(stderr)?.[1];
    expect(dir && existsSync(dir)).toBe(true);
    const exited = new Promise<number | null>((resolve) => devDb.once('exit', resolve));
    devDb.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(dir!)).toBe(false);
    await expect(withClient(url, (c) => c.query('SELECT 1'))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  }, 60_000);
});
