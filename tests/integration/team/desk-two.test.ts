// Two desks (two createDesk in one process) on one team database and one
// sandbox, as different operators: an order placed on one shows on the other,
// and a `sending` row left by a desk that died is sent exactly once — by
// whichever desk claims it once its lease has run out (B on sign-in or either
// desk's sweep, which race) — with its own key; a row still leased is sent by neither.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import type { FetchLike } from '../../../main/kriptomat/transport';
import { openTeamStore } from '../../../main/store/postgres/team-store';
import { eventually, type DeskHarness } from '../services/harness';
import { nextTotpStep, startTeamDesk } from './desk-support';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, noPostgres, startCluster } from './support';

const ANA = 1; // the sandbox's verified, active, rich user (sandbox/seed.ts)

/** The idempotency keys of every order POST a desk made, in order. */
function countingFetch(keys: string[]): FetchLike {
  return async (input, init) => {
    if (init.method === 'POST' && typeof init.body === 'string' && /\/(buy|sell|withdraw)\b/.test(input)) {
      const key = (JSON.parse(init.body) as { idempotency_key?: unknown }).idempotency_key;
      if (typeof key === 'string') keys.push(key);
    }
    return fetch(input, init);
  };
}

describe.skipIf(noPostgres)('two desks on one team database', () => {
  let cluster: DevCluster;
  let sandbox: RunningSandbox;
  let a: DeskHarness;
  let b: DeskHarness;
  const sentByA: string[] = [];
  const sentByB: string[] = [];
  let abandonedKey: string;
  let abandonedId: string;
  let heldKey: string;
  let heldId: string;
  let carolUrl: string;
  /** Both desks sweep for rows whose sender died every 100 ms, so they race for each one. */
  const internals = (sent: string[]) => ({ tuning: { orderClaimSweepMs: 100 }, clientOptions: { fetch: countingFetch(sent) } });

  beforeAll(async () => {
    cluster = await startCluster();
    const adminUrl = await freshDatabase(cluster);
    const [alice, bob, carol] = [
      await addLogin(cluster, adminUrl, 'alice', 'operator'),
      await addLogin(cluster, adminUrl, 'bob', 'operator'),
      await addLogin(cluster, adminUrl, 'carol', 'operator'),
    ];
    sandbox = await startSandbox({ seed: 7 });

    ({ h: a } = await startTeamDesk(sandbox, alice.url, { internals: internals(sentByA) }));

    // Carol's desk wrote two journal rows and died before sending them: one lease (1 ms)
    // has run out, the other (the default minute) has not — that one is still Carol's.
    carolUrl = carol.url;
    const dead = openTeamStore(carol.url);
    try {
      const environment = await dead.registerEnvironment(sandbox.url, sandbox.partner.client_id);
      const abandoned = await dead.beginOrder({ environment, userId: ANA, kind: 'buy', pair: 'btceur', amount: '21.00' }, 1);
      const held = await dead.beginOrder({ environment, userId: ANA, kind: 'buy', pair: 'btceur', amount: '23.00' });
      ({ idempotencyKey: abandonedKey, id: abandonedId } = abandoned);
      ({ idempotencyKey: heldKey, id: heldId } = held);
    } finally {
      await dead.close();
    }

    // B resumes the journal when it signs in, A sweeps for it: each claims only what nobody holds.
    ({ h: b } = await startTeamDesk(sandbox, bob.url, { internals: internals(sentByB) }));
  }, CLUSTER_TIMEOUT_MS);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await sandbox?.close();
    await cluster?.stop();
  }, CLUSTER_TIMEOUT_MS);

  it('sends the row a dead desk left exactly once, with its key', async () => {
    const accepted = await eventually(async () => {
      const rows = await b.call('orders.list', { userId: ANA });
      const row = rows.find((r) => r.id === abandonedId);
      return row?.transactionId ? row : null;
    }, 15_000);
    // Whichever desk claimed it (A's sweep or B's sign-in), it went out once.
    expect([...sentByA, ...sentByB].filter((k) => k === abandonedKey)).toHaveLength(1);
    const booked = (await b.state()).transactions.filter((t) => t.idempotency_key === abandonedKey);
    expect(booked).toHaveLength(1);
    expect(booked[0]!.id).toBe(accepted.transactionId);
  });

  it('never sends a row another desk still holds', async () => {
    // B's resume claimed rows oldest first, so it has passed the held one by now.
    await eventually(async () => (await b.call('orders.list', { userId: ANA })).find((r) => r.id === abandonedId)?.transactionId, 15_000);
    // A signs in again (its resume runs again): still nothing for either desk to send.
    await a.call('session.signOut', {});
    await nextTotpStep(sandbox);
    await a.call('session.signIn', {});
    await eventually(async () => (await a.call('session.status', {})).state === 'active', 15_000);
    const held = (await a.call('orders.list', { userId: ANA })).find((r) => r.id === heldId);
    expect(held?.state).toBe('sending');
    expect([...sentByA, ...sentByB]).not.toContain(heldKey);
    expect((await a.state()).transactions.filter((t) => t.idempotency_key === heldKey)).toEqual([]);
    // And the abandoned row was not sent again by the other desk.
    expect([...sentByA, ...sentByB].filter((k) => k === abandonedKey)).toHaveLength(1);
  });

  it('sends a row abandoned while both desks are up exactly once, whichever desk sweeps first', async () => {
    const dead = openTeamStore(carolUrl);
    let key: string;
    try {
      const environment = await dead.registerEnvironment(sandbox.url, sandbox.partner.client_id);
      key = (await dead.beginOrder({ environment, userId: ANA, kind: 'buy', pair: 'btceur', amount: '24.00' }, 1)).idempotencyKey;
    } finally {
      await dead.close();
    }
    await eventually(async () => (await a.state()).transactions.some((t) => t.idempotency_key === key), 10_000);
    // A few more sweeps of both desks: none sends it again.
    await new Promise((r) => setTimeout(r, 500));
    expect([...sentByA, ...sentByB].filter((k) => k === key)).toHaveLength(1);
  });

  it('shows an order placed on A on B, with its state', async () => {
    const profileA = (await a.call('session.status', {})).profileId;
    const placed = await a.call('orders.place', { profileId: profileA, userId: ANA, side: 'buy', pair: 'btceur', amount: '22.00' });
    const onB = await eventually(async () => (await b.call('orders.list', { userId: ANA })).find((r) => r.id === placed.id), 5_000);
    expect(onB).toMatchObject({ kind: 'buy', pair: 'btceur', amount: '22.00', userId: ANA });
    // The state B shows is the journal's, as A moves it on.
    await eventually(async () => {
      const [onA, later] = await Promise.all([
        a.call('orders.list', { userId: ANA }).then((rows) => rows.find((r) => r.id === placed.id)),
        b.call('orders.list', { userId: ANA }).then((rows) => rows.find((r) => r.id === placed.id)),
      ]);
      return onA?.transactionId && later?.state === onA.state && later.transactionId === onA.transactionId;
    }, 10_000);
    // A sent it once; B never did.
    expect(sentByA.filter((k) => sentByB.includes(k))).toEqual([]);
  });
});
