// Settings → Workspace's rules: which connection settings are refused (and where
// the message goes), and the pg connection the desk builds from them — TLS off
// only on loopback, `require` encrypting without a CA, `verify-full` checking
// the chain against the CA file read in main (or the CAs trusted by default), and
// the form's default (verify-full off this machine) and its warning for require.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deskMethods } from '../../../shared/desk-api';
import {
  defaultTlsMode,
  isSaneHost,
  workspaceConfigProblems,
  workspaceTlsWarning,
  type TeamWorkspaceConfig,
} from '../../../shared/workspace-fields';
import { describeTeamDb, teamClientConfig } from '../../../main/store/postgres/connection';
import { defaultTrust, readCaFile, teamDbFromConfig } from '../../../main/store/postgres/connection-config';

const base: TeamWorkspaceConfig = { host: 'db.example.com', port: 5432, database: 'kriptomat_desk', user: 'alice', tlsMode: 'require' };
const dir = mkdtempSync(join(tmpdir(), 'ws-config-'));
const caPath = join(dir, 'ca.pem');
writeFileSync(caPath, '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('workspace fields', () => {
  it.each(['db.example.com', 'localhost', '127.0.0.1', '10.0.0.5', '::1', 'fe80::1', 'pg-1'])('accepts the host %s', (host) => {
    expect(isSaneHost(host)).toBe(true);
  });

  it.each(['', 'db.example.com:5432', 'postgresql://db', 'db/x', 'a b', '-db', '999.1.1.1', 'db..example', 'x'.repeat(254), ':::1:::'])(
    'refuses the host %j',
    (host) => {
      expect(isSaneHost(host)).toBe(false);
    },
  );

  it('refuses TLS off for anything but loopback, beside the TLS field', () => {
    expect(workspaceConfigProblems({ ...base, tlsMode: 'disable' }).tlsMode).toMatch(/only for 127\.0\.0\.1, ::1 or localhost/);
    for (const host of ['127.0.0.1', '::1', 'localhost', 'LOCALHOST'])
      expect(workspaceConfigProblems({ ...base, host, tlsMode: 'disable' })).toEqual({});
  });

  it('asks verify-full for a full CA path when one is given, and refuses a CA file without verify-full', () => {
    expect(workspaceConfigProblems({ ...base, tlsMode: 'verify-full' })).toEqual({});
    expect(workspaceConfigProblems({ ...base, tlsMode: 'verify-full', caFile: 'ca.pem' }).caFile).toMatch(/full path/);
    expect(workspaceConfigProblems({ ...base, caFile: '/etc/ca.pem' }).caFile).toMatch(/only with verify-full/);
  });

  it('starts a database on another machine at verify-full, one on this machine at require', () => {
    for (const host of ['', 'db.example.com', '10.0.0.5', 'fe80::1']) expect(defaultTlsMode(host)).toBe('verify-full');
    for (const host of ['127.0.0.1', '::1', 'localhost', ' LOCALHOST ']) expect(defaultTlsMode(host)).toBe('require');
  });

  it('warns, without refusing, that require on another machine lets someone in the path take the password', () => {
    const warning = workspaceTlsWarning({ host: 'db.example.com', tlsMode: 'require' });
    expect(warning).toMatch(/does not check who answers/);
    expect(warning).toMatch(/receive your database password/);
    expect(workspaceConfigProblems({ ...base, tlsMode: 'require' })).toEqual({});
    expect(workspaceTlsWarning({ host: '10.0.0.5', tlsMode: 'require' })).toBeDefined();
    for (const config of [
      { host: 'db.example.com', tlsMode: 'verify-full' },
      { host: 'db.example.com', tlsMode: 'disable' },
      { host: '127.0.0.1', tlsMode: 'require' },
      { host: '::1', tlsMode: 'require' },
      { host: '', tlsMode: 'require' },
    ] as const) {
      expect(workspaceTlsWarning(config)).toBeUndefined();
    }
  });

  it('refuses ports and names outside the rules', () => {
    expect(Object.keys(workspaceConfigProblems({ ...base, port: 0 }))).toEqual(['port']);
    expect(Object.keys(workspaceConfigProblems({ ...base, port: 65536 }))).toEqual(['port']);
    expect(Object.keys(workspaceConfigProblems({ ...base, port: 5432.5 }))).toEqual(['port']);
    expect(Object.keys(workspaceConfigProblems({ ...base, database: 'a;b' }))).toEqual(['database']);
    expect(Object.keys(workspaceConfigProblems({ ...base, user: '' }))).toEqual(['user']);
    expect(Object.keys(workspaceConfigProblems({ ...base, user: 'x'.repeat(64) }))).toEqual(['user']);
  });

  it('the bridge refuses the same, naming the field under config', () => {
    const parsed = deskMethods['workspace.test'].input.safeParse({ config: { ...base, host: '10.0.0.5', tlsMode: 'disable' } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['config.tlsMode']);
    const ok = deskMethods['workspace.test'].input.safeParse({ config: { ...base, host: ' db.example.com ', caFile: '' } });
    expect(ok.data?.config).toEqual(base);
  });
});

describe('the connection built from the fields', () => {
  it('require: encrypted, certificate not checked, and the parts — no URL', async () => {
    const db = await teamDbFromConfig(base, 'pw-0123456789');
    expect(db).toEqual({
      host: 'db.example.com',
      port: 5432,
      database: 'kriptomat_desk',
      user: 'alice',
      password: 'pw-0123456789',
      ssl: { rejectUnauthorized: false },
    });
    const config = teamClientConfig(db);
    expect(config).not.toHaveProperty('connectionString');
    expect(config.ssl).toEqual({ rejectUnauthorized: false });
    expect(describeTeamDb(db)).toBe('alice@db.example.com:5432/kriptomat_desk');
  });

  it('disable on loopback: no TLS', async () => {
    const db = await teamDbFromConfig({ ...base, host: '::1', tlsMode: 'disable' }, 'pw-0123456789');
    expect(db.ssl).toBe(false);
    expect(describeTeamDb(db)).toBe('alice@[::1]:5432/kriptomat_desk');
  });

  it('disable elsewhere: refused beside the TLS field, even when the bridge was skipped', async () => {
    await expect(teamDbFromConfig({ ...base, tlsMode: 'disable' }, 'pw-0123456789')).rejects.toMatchObject({
      deskError: { fieldErrors: { 'config.tlsMode': [expect.stringMatching(/only for 127\.0\.0\.1/)] } },
    });
  });

  it('verify-full: the CA file read in main, the chain and host name checked', async () => {
    const db = await teamDbFromConfig({ ...base, tlsMode: 'verify-full', caFile: caPath }, 'pw-0123456789');
    expect(db.ssl).toEqual({ ca: expect.stringContaining('BEGIN CERTIFICATE'), rejectUnauthorized: true });
  });

  it('verify-full without a CA file: the certificate is still checked, against the CAs trusted by default', async () => {
    const db = await teamDbFromConfig({ ...base, tlsMode: 'verify-full' }, 'pw-0123456789');
    expect(db.ssl).toMatchObject({ rejectUnauthorized: true });
    // Either Node's own list (no `ca`) or that list together with the system's.
    const ca = (db.ssl as { ca?: unknown }).ca;
    if (ca !== undefined) expect(Array.isArray(ca) && ca.length > 0).toBe(true);
  });

  it("the default trust: Node's list and the system's together when this Node reads the system store; Node's alone otherwise", () => {
    const read = (source: 'default' | 'system'): string[] =>
      source === 'default' ? ['NODE-CA', 'SHARED-CA'] : ['SHARED-CA', 'COMPANY-CA'];
    expect(defaultTrust(read)).toEqual({ ca: ['NODE-CA', 'SHARED-CA', 'COMPANY-CA'] });
    expect(defaultTrust(undefined)).toEqual({});
    expect(
      defaultTrust(() => {
        throw new Error('no system store');
      }),
    ).toEqual({});
  });

  it('verify-full with a missing, a non-PEM or a directory CA file: refused beside the CA file field', async () => {
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    for (const [path, words] of [
      [join(dir, 'missing.pem'), /cannot be read \(ENOENT\)/],
      [notPem, /holds no PEM certificate/],
      [dir, /is not a file/],
    ] as const) {
      await expect(readCaFile(path)).rejects.toMatchObject({
        deskError: { fieldErrors: { 'config.caFile': [expect.stringMatching(words)] } },
      });
    }
  });

  it('never puts the password in what it says about the database', async () => {
    const db = await teamDbFromConfig(base, 'pw-Secret-42-xyz');
    expect(describeTeamDb(db)).not.toContain('pw-Secret');
  });
});
