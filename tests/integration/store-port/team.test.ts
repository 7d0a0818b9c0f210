// The conformance suite against TeamStore behind the port (Team), on a real
// PostgreSQL this file starts itself (main/team-admin/dev-cluster): every test gets a
// fresh database copied from one initialised template, and acts as an operator
// login, never as the superuser.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import { openTeamStore, TEAM_AUDIT_CSV_COLUMNS } from '../../../main/store/postgres/team-store';
import { createTeamStorePort } from '../../../main/store/postgres/adapter';
import { LOCAL_SANDBOX_PROFILE_ID } from '../../../main/settings/profile';
import { MemoryStore } from '../../unit/services/memory-store';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, noPostgres, startCluster, withClient } from '../team/support';
import { describeDeskStorePort } from './conformance';

const ENVIRONMENTS: Record<string, { baseUrl: string; clientId: number }> = {
  staging: { baseUrl: 'https://stagingapi.kminfra.net/v1', clientId: 42 },
  production: { baseUrl: 'https://api.kriptomat.io/api/v1/partners', clientId: 42 },
  // Deliberately mapped: the port must refuse the Local sandbox even when asked to share it.
  [LOCAL_SANDBOX_PROFILE_ID]: { baseUrl: 'http://127.0.0.1:4010/v1', clientId: 1 },
};

if (noPostgres) {
  console.warn('team store-port conformance skipped: no PostgreSQL server programs on this machine; scripts/system-deps.sh installs them');
} else {
  let cluster: DevCluster;
  let template: string;
  let login: { name: string; password: string };
  let copies = 0;

  beforeAll(async () => {
    cluster = await startCluster();
    const adminUrl = await freshDatabase(cluster);
    template = new URL(adminUrl).pathname.slice(1);
    const operator = await addLogin(cluster, adminUrl, 'conform', 'operator');
    login = { name: operator.name, password: decodeURIComponent(new URL(operator.url).password) };
  }, CLUSTER_TIMEOUT_MS);

  afterAll(async () => {
    await cluster?.stop();
  }, CLUSTER_TIMEOUT_MS);

  describeDeskStorePort('PostgreSQL TeamStore (Team)', async () => {
    const name = `${template}_c${++copies}`;
    // A copy of the initialised database: schema, grants and roles' rights in one statement.
    await withClient(cluster.url, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
    const team = openTeamStore(cluster.urlFor(login.name, login.password, name));
    const port = createTeamStorePort(team, (profileId) => ENVIRONMENTS[profileId] ?? null, { rates: new MemoryStore() });
    let closed = false;
    return {
      port,
      profileId: 'staging',
      otherProfileId: 'production',
      capabilities: {
        callerChosenKeys: false,
        auditWho: { from: 'database', login: login.name },
        auditClock: 'server',
        auditCsvHeader: TEAM_AUDIT_CSV_COLUMNS.join(','),
        refusedProfiles: [LOCAL_SANDBOX_PROFILE_ID],
        rates: 'desk',
      },
      async dispose() {
        if (!closed) await team.close();
        closed = true;
        await withClient(cluster.url, (c) => c.query(`DROP DATABASE ${name}`));
      },
    };
  });

  describe('the team port follows a profile to the environment it has now', () => {
    it('new credentials (another partner client id) move its data at once; a removed profile leaves its environment to a new one', async () => {
      const name = `${template}_c${++copies}`;
      await withClient(cluster.url, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
      const team = openTeamStore(cluster.urlFor(login.name, login.password, name));
      const envs: Record<string, { baseUrl: string; clientId: number } | undefined> = {
        a: { baseUrl: 'https://stagingapi.kminfra.net/v1', clientId: 7 },
      };
      const port = createTeamStorePort(team, (profileId) => envs[profileId] ?? null, { rates: new MemoryStore() });
      const user = {
        id: 5,
        email: 'x@example.com',
        name: 'X',
        surname: 'Y',
        phone: '+38640111222',
        status: 'active',
        kycStatus: 'verified',
        fetchedAtMs: 1,
      };
      try {
        await port.saveUser('a', user);
        envs.a = { baseUrl: 'https://stagingapi.kminfra.net/v1', clientId: 8 };
        expect(await port.getUser('a', 5)).toBeNull();
        await port.saveUser('a', { ...user, id: 6 });
        const rows = await withClient(
          cluster.urlFor(login.name, login.password, name),
          async (c) =>
            (await c.query<{ environment: string; user_id: number }>('SELECT environment, user_id::int FROM desk.users ORDER BY user_id'))
              .rows,
        );
        expect(rows).toEqual([
          { environment: 'https://stagingapi.kminfra.net/v1#client-7', user_id: 5 },
          { environment: 'https://stagingapi.kminfra.net/v1#client-8', user_id: 6 },
        ]);
        // Profile a removed; b is the same partner account: it takes the environment over.
        envs.b = envs.a;
        delete envs.a;
        expect((await port.getUser('b', 6))?.id).toBe(6);
      } finally {
        await team.close();
        await withClient(cluster.url, (c) => c.query(`DROP DATABASE ${name}`));
      }
    });
  });

  describe("the team port shares a poll's rates with the team's database", () => {
    it('records each EUR pair at its sell price in one call, leaving out what cannot value a sell', async () => {
      const name = `${template}_c${++copies}`;
      await withClient(cluster.url, (c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
      const url = cluster.urlFor(login.name, login.password, name);
      const team = openTeamStore(url);
      const port = createTeamStorePort(team, (profileId) => ENVIRONMENTS[profileId] ?? null, { rates: new MemoryStore() });
      const rate = (pair: string, priceSell: string) => ({
        pair,
        price: '1',
        priceBuy: '1',
        priceSell,
        timestampMs: 1,
        receivedAtMs: 1,
      });
      try {
        await port.shareRates('staging', [rate('btceur', '60000.5'), rate('etheur', '0'), rate('btcusd', '1'), rate('xrpeur', '0.52')]);
        const rows = await withClient(
          url,
          async (c) => (await c.query('SELECT pair, rate::text, recorded_by FROM desk.rates ORDER BY pair')).rows,
        );
        expect(rows).toEqual([
          { pair: 'btceur', rate: '60000.5', recorded_by: login.name },
          { pair: 'xrpeur', rate: '0.52', recorded_by: login.name },
        ]);
        // The Local sandbox is never shared.
        await expect(port.shareRates(LOCAL_SANDBOX_PROFILE_ID, [rate('btceur', '1')])).rejects.toThrow(/Local sandbox|not shared/);
      } finally {
        await team.close();
        await withClient(cluster.url, (c) => c.query(`DROP DATABASE ${name}`));
      }
    });
  });
}
