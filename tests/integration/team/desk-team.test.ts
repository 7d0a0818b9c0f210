// The desk in the Team workspace (`teamDbUrl`): a shared profile's data goes to
// the team database under the operator's login, the Local sandbox stays in the
// desk's own store, and `workspace.status` says which workspace and who.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import { eventually, startDesk, type DeskHarness } from '../services/harness';
import { nextTotpStep, startTeamDesk } from './desk-support';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, noPostgres, startCluster, withClient } from './support';

describe.skipIf(noPostgres)('desk in the Team workspace', () => {
  let cluster: DevCluster;
  let adminUrl: string;
  let alice: { name: string; url: string };
  let sandbox: RunningSandbox;
  let a: DeskHarness;
  let profileId: string;

  beforeAll(async () => {
    cluster = await startCluster();
    adminUrl = await freshDatabase(cluster);
    alice = await addLogin(cluster, adminUrl, 'alice', 'operator');
    sandbox = await startSandbox({ seed: 7 });
    ({ h: a, profileId } = await startTeamDesk(sandbox, alice.url));
  }, CLUSTER_TIMEOUT_MS);

  afterAll(async () => {
    await a?.close();
    await sandbox?.close();
    await cluster?.stop();
  }, CLUSTER_TIMEOUT_MS);

  it('reports the team workspace, the operator from the database and where it is, without the password', async () => {
    const status = await a.call('workspace.status', {});
    expect(status).toMatchObject({ kind: 'team', operator: alice.name, connected: true });
    expect(status.database).toContain(alice.name);
    expect(status.database).not.toContain(decodeURIComponent(new URL(alice.url).password));
  });

  it('writes a user created through the desk to the team database, recorded as the operator', async () => {
    const created = await a.call('users.create', {
      email: 'team.member@example.com',
      name: 'Team',
      surname: 'Member',
      phone: '+38640000009',
    });
    const rows = await withClient(adminUrl, (c) =>
      c.query<{ first_seen_by: string; updated_by: string; email: string }>(
        'SELECT first_seen_by, updated_by, email FROM desk.users WHERE user_id = $1',
        [created.id],
      ),
    );
    expect(rows.rows).toEqual([{ first_seen_by: alice.name, updated_by: alice.name, email: 'team.member@example.com' }]);
    // And the desk reads it back from there.
    expect((await a.call('users.directory', { query: 'team.member' })).map((u) => u.id)).toContain(created.id);
  });

  it('keeps the Local sandbox out of the team database', async () => {
    await nextTotpStep(sandbox);
    await a.call('profiles.select', { profileId: 'local-sandbox' });
    await eventually(async () => (await a.call('session.status', {})).state === 'active', 15_000);
    const before = await withClient(adminUrl, (c) => c.query<{ n: string }>('SELECT count(*) AS n FROM desk.users'));
    const created = await a.call('users.create', { email: 'solo.only@example.com', name: 'Solo', surname: 'Only', phone: '+38640000010' });
    const after = await withClient(adminUrl, (c) => c.query<{ n: string }>('SELECT count(*) AS n FROM desk.users'));
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    expect((await a.call('users.directory', { query: 'solo.only' })).map((u) => u.id)).toContain(created.id);
    await nextTotpStep(sandbox);
    await a.call('profiles.select', { profileId });
    await eventually(async () => (await a.call('session.status', {})).state === 'active', 15_000);
  });

  it('without a team database the desk is Solo', async () => {
    await nextTotpStep(sandbox);
    const solo = await startDesk({ externalSandbox: { url: sandbox.url, partner: sandbox.partner } });
    try {
      expect(await solo.call('workspace.status', {})).toEqual({
        kind: 'solo',
        operator: null,
        connected: true,
        database: null,
        problem: null,
      });
    } finally {
      await solo.close();
    }
  });
});
