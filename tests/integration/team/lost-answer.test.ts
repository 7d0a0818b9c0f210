// The answer to the journal's INSERT lost on the wire (the connection drops
// after the commit): the desk asks by its own request id whether the row is
// there instead of guessing. Found → it is this desk's to send; the database
// answering "no" → nothing was written; no answer at all → "unconfirmed", and
// a row that was written is still sent exactly once, by whichever desk claims it
// when its lease runs out.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import { TeamDbUnavailableError, TeamWriteUnconfirmedError } from '../../../main/store/postgres/errors';
import { openTeamStore, type TeamNewOrder, type TeamStore } from '../../../main/store/postgres/team-store';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, noPostgres, startCluster, withClient } from './support';

const BASE_URL = 'https://stagingapi.kminfra.net/v1';

describe.skipIf(noPostgres)('beginOrder when its answer is lost', () => {
  let cluster: DevCluster;
  let adminUrl: string;
  let proxy: TcpProxy;
  let alice: { name: string; url: string };
  let bob: { name: string; url: string };
  const open: TeamStore[] = [];

  /** Alice's store goes through the proxy, on one connection, already connected. */
  let partners = 40;
  /** Alice's store goes through the proxy, on one connection, already connected; each test its own environment. */
  async function aliceThroughProxy(): Promise<{ store: TeamStore; env: string }> {
    const url = new URL(alice.url);
    url.port = String(proxy.port);
    const store = openTeamStore(url.toString(), { max: 1, connectTimeoutMs: 1000 });
    open.push(store);
    const env = await store.registerEnvironment(BASE_URL, ++partners);
    return { store, env };
  }

  const order = (env: string): TeamNewOrder => ({ environment: env, userId: 7, kind: 'buy', pair: 'btceur', amount: '250.00' });
  const rowsOf = (env: string): Promise<{ state: string; claimed_by: string | null; placed_by: string }[]> =>
    withClient(
      adminUrl,
      async (c) => (await c.query('SELECT state, claimed_by, placed_by FROM desk.orders WHERE environment = $1', [env])).rows,
    );

  beforeAll(async () => {
    cluster = await startCluster();
    adminUrl = await freshDatabase(cluster);
    [alice, bob] = await Promise.all([addLogin(cluster, adminUrl, 'alice', 'operator'), addLogin(cluster, adminUrl, 'bob', 'operator')]);
    proxy = await startTcpProxy(Number(new URL(adminUrl).port));
  }, CLUSTER_TIMEOUT_MS);
  afterEach(async () => {
    proxy.refuseNew(false);
    proxy.blackhole(false);
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await proxy?.close();
    await cluster?.stop();
  }, CLUSTER_TIMEOUT_MS);

  it('asks again and gets the row it wrote: one row, leased to this desk', async () => {
    const { store, env } = await aliceThroughProxy();
    proxy.cutNextReply();
    const cutBefore = proxy.cut;
    const row = await store.beginOrder(order(env));
    expect(proxy.cut).toBe(cutBefore + 1);
    expect(row).toMatchObject({ state: 'sending', amount: '250.00', claimedBy: alice.name });
    expect(await rowsOf(env)).toEqual([{ state: 'sending', claimed_by: alice.name, placed_by: alice.name }]);
  });

  it('no answer to the question either: unconfirmed; the row is sent once, by the desk that claims it after the lease', async () => {
    const { store, env } = await aliceThroughProxy();
    proxy.cutNextReply();
    proxy.refuseNew(true);
    const failure = await store.beginOrder(order(env), 300).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TeamWriteUnconfirmedError);
    expect((failure as Error).message).toMatch(/cannot tell whether it was.*Nothing was sent from this desk/);
    expect((failure as Error).message).not.toContain(new URL(alice.url).password);
    // It was written after all, leased to Alice's desk for now.
    expect(await rowsOf(env)).toEqual([{ state: 'sending', claimed_by: alice.name, placed_by: alice.name }]);

    const bobDesk = openTeamStore(bob.url);
    open.push(bobDesk);
    await expect.poll(async () => (await bobDesk.claimForSending(env))?.idempotencyKey ?? null, { timeout: 5000 }).not.toBeNull();
    // Claimed once: a second claim finds nothing while Bob's lease holds.
    expect(await bobDesk.claimForSending(env)).toBeNull();
    expect(await rowsOf(env)).toEqual([{ state: 'sending', claimed_by: bob.name, placed_by: alice.name }]);
  });

  it('no connection could be made at all: unavailable at once, and no row', async () => {
    const { env } = await aliceThroughProxy();
    const closedPort = await startTcpProxy(1).then(async (p) => (await p.close(), p.port));
    const url = new URL(alice.url);
    url.port = String(closedPort);
    const store = openTeamStore(url.toString(), { max: 1, connectTimeoutMs: 1000 });
    open.push(store);
    const failure = await store.beginOrder(order(env)).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(TeamDbUnavailableError);
    expect(failure).not.toBeInstanceOf(TeamWriteUnconfirmedError);
    expect(await rowsOf(env)).toEqual([]);
  });

  it('a server out of connections for the login: unavailable at once with the server\'s words, never "unconfirmed", and no row', async () => {
    const { env } = await aliceThroughProxy();
    // A store of its own, with no connection made yet; the server then lets alice open none.
    const store = openTeamStore(alice.url, { max: 1, connectTimeoutMs: 1000 });
    open.push(store);
    await withClient(adminUrl, (c) => c.query(`ALTER ROLE ${alice.name} CONNECTION LIMIT 0`));
    try {
      const failure = await store.beginOrder(order(env)).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(TeamDbUnavailableError);
      expect(failure).not.toBeInstanceOf(TeamWriteUnconfirmedError);
      expect(failure).toMatchObject({
        kind: 'unavailable',
        code: '53300',
        message: expect.stringMatching(/cannot be reached \(53300: too many connections for role/),
      });
      // Not taken for a lost answer (asking would meet the same limit and end "unconfirmed"): the server said no.
      expect(await rowsOf(env)).toEqual([]);
    } finally {
      await withClient(adminUrl, (c) => c.query(`ALTER ROLE ${alice.name} CONNECTION LIMIT -1`));
    }
    expect(await store.beginOrder(order(env))).toMatchObject({ state: 'sending' });
  });

  it('a network that drops every packet without a word: the INSERT and reads give up in time instead of hanging, and work again once it is back', async () => {
    const url = new URL(alice.url);
    url.port = String(proxy.port);
    const store = openTeamStore(url.toString(), { max: 1, connectTimeoutMs: 500, queryTimeoutMs: 500 });
    open.push(store);
    const env = await store.registerEnvironment(BASE_URL, ++partners);

    proxy.blackhole(true);
    // Without a timeout of its own the desk would wait for TCP to give up (a quarter of an hour) with the order "sending".
    await expect(store.beginOrder(order(env))).rejects.toBeInstanceOf(TeamWriteUnconfirmedError);
    await expect(store.pendingSends(env)).rejects.toBeInstanceOf(TeamDbUnavailableError);
    // The INSERT never reached the server.
    expect(await rowsOf(env)).toEqual([]);

    proxy.blackhole(false);
    const row = await store.beginOrder(order(env));
    expect(row).toMatchObject({ state: 'sending' });
    expect(await rowsOf(env)).toEqual([{ state: 'sending', claimed_by: alice.name, placed_by: alice.name }]);
  });
});
