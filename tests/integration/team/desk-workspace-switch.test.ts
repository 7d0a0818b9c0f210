// Settings → Workspace against a real throwaway PostgreSQL: Test connection with
// the right password, a wrong one, a closed port, an uninitialised database, a
// login outside the desk's roles and TLS the server does not offer; Switch
// Solo → Team → Solo with the handlers working after each; the saved Team choice
// opening Team at the next start, `--team-db` winning over it; and the password
// in none of the files the desk wrote nor in its log.
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import { hostDesk } from '../../../main/desk/host';
import type { WorkspaceDesk, WorkspaceDeskHandlers } from '../../../main/desk/workspace-desk';
import { toDeskError } from '../../../main/errors';
import { createDispatcher } from '../../../main/ipc';
import { createLogger, formatRecord, silentLogger } from '../../../main/log';
import { eventually, freshNamespace, startDesk, tempDir, type DeskHarness } from '../services/harness';
import { nextTotpStep, useSharedProfile } from './desk-support';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, noPostgres, startCluster, withClient } from './support';

describe.skipIf(noPostgres)('Settings → Workspace', () => {
  let cluster: DevCluster;
  let adminUrl: string;
  let alice: { name: string; password: string };
  let sandbox: RunningSandbox;
  let h: DeskHarness;
  let profileId: string;
  const logLines: string[] = [];
  const log = createLogger({ level: 'debug', sink: (record) => logLines.push(formatRecord(record)) });
  const database = () => new URL(adminUrl).pathname.slice(1);
  const config = (over: Record<string, unknown> = {}) => ({
    host: '127.0.0.1',
    port: cluster.port,
    database: database(),
    user: alice.name,
    tlsMode: 'disable' as const,
    ...over,
  });

  beforeAll(async () => {
    cluster = await startCluster();
    adminUrl = await freshDatabase(cluster);
    const login = await addLogin(cluster, adminUrl, 'alice', 'operator');
    alice = { name: login.name, password: decodeURIComponent(new URL(login.url).password) };
    sandbox = await startSandbox({ seed: 7 });
    await nextTotpStep(sandbox);
    h = await startDesk({ externalSandbox: { url: sandbox.url, partner: sandbox.partner }, internals: { log } });
    // A shared profile on the same sandbox: in Team its users go to the team database.
    profileId = await useSharedProfile(h, sandbox);
  }, CLUSTER_TIMEOUT_MS);

  afterAll(async () => {
    await h?.close();
    await sandbox?.close();
    await cluster?.stop();
  }, CLUSTER_TIMEOUT_MS);

  it('starts Solo with nothing saved', async () => {
    expect(await h.call('workspace.get', {})).toMatchObject({
      saved: { kind: 'solo' },
      passwordStored: false,
      active: 'solo',
      launchFlag: false,
      startupProblem: null,
    });
  });

  it('Test connection with the right password answers the operator, the role and the schema', async () => {
    const result = await h.call('workspace.test', { config: config(), password: alice.password });
    expect(result).toMatchObject({
      operator: alice.name,
      roles: ['desk_operator'],
      database: `${alice.name}@127.0.0.1:${cluster.port}/${database()}`,
      encrypted: false,
    });
    expect(result.schemaVersion).toBeGreaterThan(0);
  });

  it('a wrong password is said beside the password field', async () => {
    const error = await h.fail('workspace.test', { config: config(), password: 'not-the-password-123' });
    expect(error.kind).toBe('forbidden');
    expect(error.fieldErrors?.['password']?.[0]).toMatch(/Wrong password/);
  });

  it('with no password typed and none stored, it asks for one', async () => {
    const error = await h.fail('workspace.test', { config: config() });
    expect(error.fieldErrors?.['password']?.[0]).toMatch(/Enter the password/);
  });

  it('a closed port: cannot reach host:port, beside the port', async () => {
    const closed = cluster.port === 1 ? 2 : cluster.port - 1;
    const error = await h.fail('workspace.test', { config: config({ port: closed }), password: alice.password });
    expect(error.kind).toBe('network');
    expect(error.message).toContain(`Cannot reach 127.0.0.1:${closed}`);
    expect(error.fieldErrors?.['config.port']?.[0]).toMatch(/Nothing accepts connections/);
  });

  it('an uninitialised database: run npm run team -- init', async () => {
    const bare = new URL(await freshDatabase(cluster, { init: false })).pathname.slice(1);
    const error = await h.fail('workspace.test', { config: config({ database: bare }), password: alice.password });
    expect(error.message).toContain('npm run team -- init');
    expect(error.fieldErrors?.['config.database']?.[0]).toContain('npm run team -- init');
  });

  it('a login in none of the desk roles is not a desk operator', async () => {
    const name = `outsider_${process.pid}`;
    await withClient(adminUrl, (c) => c.query(`CREATE ROLE ${name} LOGIN PASSWORD 'outsider-pw-0123'`));
    const error = await h.fail('workspace.test', { config: config({ user: name }), password: 'outsider-pw-0123' });
    expect(error.fieldErrors?.['config.user']?.[0]).toMatch(/not a desk operator.*add-operator/);
  });

  it('TLS the server does not offer is said beside the TLS mode', async () => {
    const error = await h.fail('workspace.test', { config: config({ tlsMode: 'require' }), password: alice.password });
    expect(error.fieldErrors?.['config.tlsMode']?.[0]).toMatch(/does not offer TLS/);
  });

  it('Switch refuses with the test error and changes nothing', async () => {
    const error = await h.fail('workspace.switch', { kind: 'team', config: config(), password: 'not-the-password-123' });
    expect(error.fieldErrors?.['password']).toBeDefined();
    expect(await h.call('workspace.get', {})).toMatchObject({ saved: { kind: 'solo' }, passwordStored: false, active: 'solo' });
    expect((await h.call('workspace.status', {})).kind).toBe('solo');
  });

  let teamUserId = 0;

  it('Switch to Team: the desk works there, as the operator', async () => {
    await nextTotpStep(sandbox);
    const view = await h.call('workspace.switch', { kind: 'team', config: config(), password: alice.password });
    expect(view).toMatchObject({ saved: { kind: 'team', config: config() }, passwordStored: true, active: 'team' });
    expect(await h.call('workspace.status', {})).toMatchObject({ kind: 'team', operator: alice.name, connected: true });
    await eventually(async () => (await h.call('session.status', {})).state === 'active', 15_000);
    expect((await h.call('session.status', {})).profileId).toBe(profileId);
    const created = await h.call('users.create', {
      email: 'switched.team@example.com',
      name: 'Switched',
      surname: 'Team',
      phone: '+38640000021',
    });
    teamUserId = created.id;
    const rows = await withClient(adminUrl, (c) =>
      c.query<{ first_seen_by: string }>('SELECT first_seen_by FROM desk.users WHERE user_id = $1', [created.id]),
    );
    expect(rows.rows).toEqual([{ first_seen_by: alice.name }]);
    // The renderer hears the new workspace's session.
    expect(h.eventsNamed('session.changed').at(-1)?.state).toBe('active');
  });

  it('the password is in none of the files the desk wrote, nor in its log', async () => {
    const files = await readdir(h.dir, { recursive: true, withFileTypes: true });
    const read = await Promise.all(files.filter((f) => f.isFile()).map((f) => readFile(join(f.parentPath, f.name))));
    expect(read.length).toBeGreaterThan(1);
    for (const bytes of read) expect(bytes.includes(alice.password)).toBe(false);
    const settings = JSON.parse(await readFile(join(h.dir, 'settings.json'), 'utf8')) as { workspace: unknown };
    expect(settings.workspace).toEqual({ kind: 'team', config: config() });
    expect(logLines.join('\n')).toContain(`switched to Team on ${alice.name}@127.0.0.1:${cluster.port}`);
    expect(logLines.join('\n')).not.toContain(alice.password);
  });

  it('Test connection uses the stored password when none is typed, for the saved database only', async () => {
    expect((await h.call('workspace.test', { config: config() })).operator).toBe(alice.name);
    // Pointed anywhere else (another port, login or TLS mode), the stored password does not go along.
    for (const other of [config({ port: cluster.port + 1 }), config({ user: 'postgres' }), config({ tlsMode: 'require' })]) {
      const error = await h.fail('workspace.test', { config: other });
      expect(error.fieldErrors?.['password']?.[0]).toMatch(/only used for the saved database/);
    }
  });

  it('the next start opens the saved Team workspace with the stored password; --team-db wins over it', async () => {
    // Another desk directory with this desk's settings (on the Local sandbox) and the same keychain.
    const copyOfSettings = async (): Promise<string> => {
      const dir = await tempDir();
      const saved = JSON.parse(await readFile(join(h.dir, 'settings.json'), 'utf8')) as Record<string, unknown>;
      await writeFile(join(dir, 'settings.json'), JSON.stringify({ ...saved, activeProfileId: 'local-sandbox' }));
      return dir;
    };
    const external = { url: sandbox.url, partner: sandbox.partner };
    await nextTotpStep(sandbox);
    const again = await startDesk({ userDataDir: await copyOfSettings(), keychainNamespace: h.namespace, externalSandbox: external });
    try {
      expect(await again.call('workspace.status', {})).toMatchObject({ kind: 'team', operator: alice.name });
      expect(await again.call('workspace.get', {})).toMatchObject({
        active: 'team',
        launchFlag: false,
        passwordStored: true,
        startupProblem: null,
      });
    } finally {
      await again.close();
    }
    // A keychain without the password: Solo, and the Settings section says why.
    await nextTotpStep(sandbox);
    const noPassword = await startDesk({ userDataDir: await copyOfSettings(), externalSandbox: external });
    try {
      expect((await noPassword.call('workspace.status', {})).kind).toBe('solo');
      expect((await noPassword.call('workspace.get', {})).startupProblem).toMatch(/No password for the saved team database/);
    } finally {
      await noPassword.close();
    }
    const bob = await addLogin(cluster, adminUrl, 'bob', 'admin');
    await nextTotpStep(sandbox);
    const flagged = await startDesk({
      userDataDir: await copyOfSettings(),
      keychainNamespace: h.namespace,
      teamDbUrl: bob.url,
      externalSandbox: external,
    });
    try {
      expect(await flagged.call('workspace.status', {})).toMatchObject({ kind: 'team', operator: bob.name });
      expect(await flagged.call('workspace.get', {})).toMatchObject({ launchFlag: true, saved: { kind: 'team' } });
      expect((await flagged.fail('workspace.switch', { kind: 'solo' })).message).toContain('--team-db');
    } finally {
      await flagged.close();
    }
  });

  it('Switch back to Solo: the desk works on its own store again, and the password is forgotten', async () => {
    await nextTotpStep(sandbox);
    const view = await h.call('workspace.switch', { kind: 'solo' });
    expect(view).toMatchObject({ saved: { kind: 'solo' }, passwordStored: false, active: 'solo' });
    expect(await h.call('workspace.status', {})).toEqual({ kind: 'solo', operator: null, connected: true, database: null, problem: null });
    await eventually(async () => (await h.call('session.status', {})).state === 'active', 15_000);
    // The user created in Team lives in the team database, not in this desk's own store.
    expect((await h.call('users.directory', { query: 'switched.team' })).map((u) => u.id)).not.toContain(teamUserId);
    const solo = await h.call('users.create', {
      email: 'switched.solo@example.com',
      name: 'Switched',
      surname: 'Solo',
      phone: '+38640000022',
    });
    expect((await h.call('users.directory', { query: 'switched.solo' })).map((u) => u.id)).toContain(solo.id);
    const rows = await withClient(adminUrl, (c) => c.query('SELECT 1 FROM desk.users WHERE user_id = $1', [solo.id]));
    expect(rows.rowCount).toBe(0);
  });

  it('a workspace that cannot be opened: the desk goes back to the previous one, says so, and saves nothing', async () => {
    const dir = await tempDir();
    const built: string[] = [];
    const soloDesk = (): WorkspaceDesk => ({
      handlers: {
        'workspace.status': async () => ({ kind: 'solo', operator: null, connected: true, database: null, problem: null }),
      } as unknown as WorkspaceDeskHandlers,
      ready: Promise.resolve(),
      dispose: async () => undefined,
    });
    const desk = await hostDesk({ userDataDir: dir, keychainNamespace: freshNamespace() }, { log: silentLogger }, async (parts) => {
      built.push(parts.team === null ? 'solo' : 'team');
      if (parts.team !== null) throw new Error('the Local sandbox port is taken');
      return soloDesk();
    });
    const dispatch = createDispatcher(desk.handlers, toDeskError);
    try {
      const result = await dispatch('workspace.switch', { kind: 'team', config: config(), password: alice.password });
      expect(result).toMatchObject({
        ok: false,
        error: { kind: 'internal', message: expect.stringContaining('went back to the previous one') },
      });
      expect(built).toEqual(['solo', 'team', 'solo']);
      expect(await dispatch('workspace.get', {})).toMatchObject({
        ok: true,
        value: { saved: { kind: 'solo' }, passwordStored: false, active: 'solo' },
      });
      expect(await dispatch('workspace.status', {})).toEqual({
        ok: true,
        value: { kind: 'solo', operator: null, connected: true, database: null, problem: null },
      });
    } finally {
      await desk.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
