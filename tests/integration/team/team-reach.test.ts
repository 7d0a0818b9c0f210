// TeamStore.onReach: what the pool tells the workspace status. PostgreSQL keeps a
// session whose login was disabled (or whose password changed) while refusing new
// ones, so a pool with a connection from before would work on it and be refused on
// a new one, in turn. Once a new connection is refused, the store uses a new pool:
// every later statement meets the login as it is now, and the status does not flap.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import { TeamStoreError } from '../../../main/store/postgres/errors';
import { openTeamStore, type TeamStore } from '../../../main/store/postgres/team-store';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, noPostgres, startCluster, withClient } from './support';

describe.skipIf(noPostgres)("the team store's reach", () => {
  let cluster: DevCluster;
  let adminUrl: string;
  let login: { name: string; url: string };
  const open: TeamStore[] = [];

  const admin = (sql: string): Promise<unknown> => withClient(adminUrl, (c) => c.query(sql));
  /** What each statement came to: the login, or the kind of error. */
  const outcome = (store: TeamStore): Promise<string> =>
    store.operator().then(
      (who) => who,
      (error: unknown) => (error instanceof TeamStoreError ? error.kind : String(error)),
    );

  beforeAll(async () => {
    cluster = await startCluster();
    adminUrl = await freshDatabase(cluster);
    login = await addLogin(cluster, adminUrl, 'nora', 'operator');
  }, CLUSTER_TIMEOUT_MS);
  afterEach(async () => {
    await admin(`ALTER ROLE ${login.name} LOGIN`);
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  afterAll(async () => cluster?.stop(), CLUSTER_TIMEOUT_MS);

  it('a login refused on a new connection: every later statement is refused too, until the login is accepted again', async () => {
    const store = openTeamStore(login.url, { max: 2 });
    open.push(store);
    const told: (string | null)[] = [];
    store.onReach((failure) => told.push(failure ? failure.kind : null));
    // One connection in the pool, from before.
    expect(await outcome(store)).toBe(login.name);

    await admin(`ALTER ROLE ${login.name} NOLOGIN`);
    // Two at once: one on the connection from before, one needing a new connection, which is refused.
    const [first, second] = await Promise.all([outcome(store), outcome(store)]);
    expect([first, second].sort()).toEqual(['auth', login.name].sort());
    expect(told).toEqual(['auth']);
    // From now on the login as it is now: refused, every time, though the old session still exists.
    for (let i = 0; i < 3; i++) expect(await outcome(store)).toBe('auth');
    expect(told.every((t) => t === 'auth')).toBe(true);

    await admin(`ALTER ROLE ${login.name} LOGIN`);
    expect(await outcome(store)).toBe(login.name);
    expect(told.at(-1)).toBeNull();
    expect(told.filter((t) => t === null)).toHaveLength(1);
  });

  it('a statement the database refuses still reached it: nothing is told', async () => {
    const store = openTeamStore(login.url, { max: 1 });
    open.push(store);
    const told: (string | null)[] = [];
    store.onReach((failure) => told.push(failure ? failure.kind : null));
    const environment = await store.registerEnvironment('https://stagingapi.kminfra.net/v1', 41);
    // An operator may not set the team's policy: refused by a grant, on a connection that works.
    await expect(store.setPolicy(environment, { perOrderLimitEur: '100.00' })).rejects.toMatchObject({ kind: 'permission' });
    expect(await outcome(store)).toBe(login.name);
    expect(told).toEqual([]);
  });
});
