// Settings → Workspace's TLS modes against a real PostgreSQL with TLS on (a
// throwaway CA and a server certificate for "localhost"): require encrypts;
// verify-full connects only when the certificate chains to the CA file given
// (or, without one, to a CA trusted by default, which a private test CA is not)
// and names the host connected to; TLS off stays possible on loopback.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamWorkspaceConfig } from '../../../shared/workspace-fields';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import { teamDbFromConfig } from '../../../main/store/postgres/connection-config';
import { testTeamConnection } from '../../../main/store/postgres/connection-test';
import { eventually } from '../services/harness';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, noPostgres, startCluster, withClient } from './support';

const openssl = (args: string[], cwd: string): void => void execFileSync('openssl', args, { cwd, stdio: 'ignore' });

/** A CA, a server certificate signed by it for DNS:localhost only, and an unrelated second CA. */
function makeCertificates(dir: string): void {
  openssl(
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Desk test CA'],
    dir,
  );
  openssl(
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other.key', '-out', 'other.pem', '-days', '2', '-subj', '/CN=Another CA'],
    dir,
  );
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=localhost'], dir);
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost\n');
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'server.crt',
      '-days',
      '2',
      '-extfile',
      'ext.cnf',
    ],
    dir,
  );
}

describe.skipIf(noPostgres)('team database over TLS', () => {
  let cluster: DevCluster;
  let certs: string;
  let alice: { name: string; password: string };
  let database: string;
  const config = (over: Partial<TeamWorkspaceConfig>): TeamWorkspaceConfig => ({
    host: '127.0.0.1',
    port: cluster.port,
    database,
    user: alice.name,
    tlsMode: 'require',
    ...over,
  });

  beforeAll(async () => {
    cluster = await startCluster();
    const adminUrl = await freshDatabase(cluster);
    database = new URL(adminUrl).pathname.slice(1);
    const login = await addLogin(cluster, adminUrl, 'alice', 'operator');
    alice = { name: login.name, password: decodeURIComponent(new URL(login.url).password) };
    certs = mkdtempSync(join(tmpdir(), 'ws-tls-'));
    makeCertificates(certs);
    // The server reads its key as its own account (postgres when we are root), mode 0600.
    const owner = statSync(cluster.dir);
    for (const file of ['server.crt', 'server.key']) {
      copyFileSync(join(certs, file), join(cluster.dir, file));
      chownSync(join(cluster.dir, file), owner.uid, owner.gid);
      chmodSync(join(cluster.dir, file), 0o600);
    }
    await withClient(cluster.url, async (c) => {
      await c.query(`ALTER SYSTEM SET ssl_cert_file = '${join(cluster.dir, 'server.crt')}'`);
      await c.query(`ALTER SYSTEM SET ssl_key_file = '${join(cluster.dir, 'server.key')}'`);
      await c.query('ALTER SYSTEM SET ssl = on');
      await c.query('SELECT pg_reload_conf()');
    });
    await eventually(async () => (await withClient(cluster.url, (c) => c.query<{ ssl: string }>('SHOW ssl'))).rows[0]!.ssl === 'on');
  }, CLUSTER_TIMEOUT_MS);

  afterAll(async () => {
    await cluster?.stop();
    if (certs) rmSync(certs, { recursive: true, force: true });
  }, CLUSTER_TIMEOUT_MS);

  it('require: encrypted, without a CA file', async () => {
    const result = await testTeamConnection(await teamDbFromConfig(config({ tlsMode: 'require' }), alice.password));
    expect(result).toMatchObject({ operator: alice.name, encrypted: true });
  });

  it('verify-full: connects when the certificate chains to the CA file and names the host', async () => {
    const db = await teamDbFromConfig(config({ host: 'localhost', tlsMode: 'verify-full', caFile: join(certs, 'ca.pem') }), alice.password);
    expect(await testTeamConnection(db)).toMatchObject({
      operator: alice.name,
      encrypted: true,
      database: `${alice.name}@localhost:${cluster.port}/${database}`,
    });
  });

  it('verify-full: a certificate from another CA is a TLS failure beside the TLS mode', async () => {
    const db = await teamDbFromConfig(
      config({ host: 'localhost', tlsMode: 'verify-full', caFile: join(certs, 'other.pem') }),
      alice.password,
    );
    await expect(testTeamConnection(db)).rejects.toMatchObject({
      message: expect.stringMatching(/^TLS with localhost:\d+ failed/),
      deskError: { fieldErrors: { 'config.tlsMode': [expect.stringMatching(/TLS failed/)] } },
    });
  });

  it('verify-full without a CA file: a certificate from a CA this machine does not trust is refused, beside the TLS mode', async () => {
    const db = await teamDbFromConfig(config({ host: 'localhost', tlsMode: 'verify-full' }), alice.password);
    await expect(testTeamConnection(db)).rejects.toMatchObject({
      message: expect.stringMatching(/^TLS with localhost:\d+ failed/),
      deskError: { fieldErrors: { 'config.tlsMode': [expect.stringMatching(/TLS failed.*(self[- ]signed|unable to (get|verify))/i)] } },
    });
  });

  it('verify-full: a certificate that does not name the host connected to is a TLS failure', async () => {
    const db = await teamDbFromConfig(config({ host: '127.0.0.1', tlsMode: 'verify-full', caFile: join(certs, 'ca.pem') }), alice.password);
    await expect(testTeamConnection(db)).rejects.toMatchObject({
      deskError: { fieldErrors: { 'config.tlsMode': [expect.stringMatching(/TLS failed.*(IP|altnames|127\.0\.0\.1)/)] } },
    });
  });

  it('disable on loopback still connects, unencrypted', async () => {
    expect(await testTeamConnection(await teamDbFromConfig(config({ tlsMode: 'disable' }), alice.password))).toMatchObject({
      encrypted: false,
    });
  });
});
