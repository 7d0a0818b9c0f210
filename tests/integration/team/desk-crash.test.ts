// Issue 12: a desk killed (kill -9) between the team journal write and the
// answer, while its POST was booked: another desk, as another operator, sends
// the row again with the same key once the dead desk's lease has run out, and
// the order takes effect exactly once. Issue 13: the same for the desk that
// approved a proposal and was sending it. The lease's minute is not waited out: the
// test moves its expiry to now, as the clock would.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevCluster } from '../../../main/team-admin/dev-cluster';
import { openTeamStore } from '../../../main/store/postgres/team-store';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import { eventually, freshNamespace, tempDir, type DeskHarness, type SandboxDump } from '../services/harness';
import { nextTotpStep, startTeamDesk } from './desk-support';
import { CLUSTER_TIMEOUT_MS, addLogin, freshDatabase, noPostgres, startCluster, withClient } from './support';
import { runTsChild } from '../../support/run-child';

const ANA = 1;

function runChild(args: string[]) {
  return runTsChild(join(import.meta.dirname, 'crash-child-team.ts'), args);
}

describe.skipIf(noPostgres)('a team desk killed mid-order', () => {
  let cluster: DevCluster;
  let adminUrl: string;
  let sandbox: RunningSandbox;
  let dir: string;
  let b: DeskHarness | undefined;

  beforeAll(async () => {
    cluster = await startCluster();
    adminUrl = await freshDatabase(cluster);
    sandbox = await startSandbox({ port: 0, seed: 7 });
    dir = await tempDir();
  }, CLUSTER_TIMEOUT_MS);
  afterAll(async () => {
    await b?.close();
    await sandbox?.close();
    await cluster?.stop();
    await rm(dir, { recursive: true, force: true });
  }, CLUSTER_TIMEOUT_MS);

  it('is completed exactly once by another desk, with its key', { timeout: 120_000 }, async () => {
    const [alice, bob] = [await addLogin(cluster, adminUrl, 'alice', 'operator'), await addLogin(cluster, adminUrl, 'bob', 'operator')];
    const dump = async (): Promise<SandboxDump> => (await (await fetch(`${sandbox.origin}/__sandbox/state`)).json()) as SandboxDump;
    const before = await dump();
    await nextTotpStep(sandbox);

    const child = await runChild([
      dir,
      freshNamespace(),
      JSON.stringify({ url: sandbox.url, origin: sandbox.origin, partner: sandbox.partner }),
      alice.url,
      String(ANA),
    ]);
    expect(child.out, child.err).toContain('booked');
    expect(child.out).not.toContain('placed without being killed');
    const booked = (await dump()).transactions.filter((t) => !before.transactions.some((x) => x.id === t.id));
    expect(booked).toHaveLength(1);
    const key = booked[0]!.idempotency_key;

    // Alice's row: still `sending`, leased to her dead desk.
    const rows = await withClient(
      adminUrl,
      async (c) => (await c.query('SELECT idempotency_key::text AS key, state, claimed_by FROM desk.orders')).rows,
    );
    expect(rows).toEqual([{ key, state: 'sending', claimed_by: alice.name }]);
    await fetch(`${sandbox.origin}/__sandbox/faults`, { method: 'DELETE' });
    // The lease runs out.
    await withClient(adminUrl, (c) => c.query('UPDATE desk.orders SET lease_expires_at = clock_timestamp()'));

    ({ h: b } = await startTeamDesk(sandbox, bob.url, { internals: { tuning: { orderClaimSweepMs: 100 } } }));
    const desk = b;
    const row = await eventually(
      async () => (await desk.call('orders.list', { userId: ANA })).find((o) => o.transactionId !== null) ?? null,
      20_000,
    );
    expect(row).toMatchObject({ kind: 'buy', amount: '31.00', transactionId: booked[0]!.id });

    const after = await dump();
    const fresh = after.transactions.filter((t) => !before.transactions.some((x) => x.id === t.id));
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatchObject({ id: booked[0]!.id, idempotency_key: key });
    const journal = await withClient(
      adminUrl,
      async (c) => (await c.query('SELECT placed_by, state, transaction_id FROM desk.orders')).rows,
    );
    expect(journal).toEqual([
      {
        placed_by: alice.name,
        state: expect.not.stringMatching(/^(sending|needs_review|failed)$/) as unknown,
        transaction_id: String(booked[0]!.id),
      },
    ]);
  });

  it('an approved order whose sending desk is killed is sent exactly once by another desk', { timeout: 120_000 }, async () => {
    // No other desk sweeps while the approver's desk claims and sends: it is the one killed.
    await b?.close();
    b = undefined;
    const [boss, olga, petra, carl] = [
      await addLogin(cluster, adminUrl, 'boss', 'admin'),
      await addLogin(cluster, adminUrl, 'olga', 'operator'),
      await addLogin(cluster, adminUrl, 'petra', 'approver'),
      await addLogin(cluster, adminUrl, 'carl', 'operator'),
    ];
    const admin = openTeamStore(boss.url);
    const operator = openTeamStore(olga.url);
    let proposalId: string;
    try {
      const environment = await admin.registerEnvironment(sandbox.url, sandbox.partner.client_id);
      await admin.saveRule(environment, { action: 'buy', thresholdEur: null, newAccountHours: null, approvalsNeeded: 1 });
      ({ id: proposalId } = await operator.propose({ environment, userId: ANA, kind: 'buy', pair: 'btceur', amount: '32.00' }));
    } finally {
      await admin.close();
      await operator.close();
    }
    const dump = async (): Promise<SandboxDump> => (await (await fetch(`${sandbox.origin}/__sandbox/state`)).json()) as SandboxDump;
    const before = await dump();
    await nextTotpStep(sandbox);

    const childDir = await tempDir();
    try {
      const child = await runChild([
        childDir,
        freshNamespace(),
        JSON.stringify({ url: sandbox.url, origin: sandbox.origin, partner: sandbox.partner }),
        petra.url,
        String(ANA),
        `approve:${proposalId}`,
      ]);
      expect(child.out, child.err).toContain('booked');
      expect(child.out).not.toContain('placed without being killed');
    } finally {
      await rm(childDir, { recursive: true, force: true });
    }
    const booked = (await dump()).transactions.filter((t) => !before.transactions.some((x) => x.id === t.id));
    expect(booked).toHaveLength(1);
    // Approved by Petra, sent by her desk, which died holding the lease.
    const row = async () =>
      (
        await withClient(
          adminUrl,
          async (c) =>
            (
              await c.query(
                'SELECT idempotency_key::text AS key, state, claimed_by, transaction_id::text AS tx FROM desk.orders WHERE id = $1',
                [proposalId],
              )
            ).rows,
        )
      )[0];
    expect(await row()).toMatchObject({ key: booked[0]!.idempotency_key, state: 'sending', claimed_by: petra.name });
    await fetch(`${sandbox.origin}/__sandbox/faults`, { method: 'DELETE' });
    await withClient(adminUrl, (c) => c.query('UPDATE desk.orders SET lease_expires_at = clock_timestamp() WHERE id = $1', [proposalId]));

    // Carl's desk takes it over when it signs in.
    ({ h: b } = await startTeamDesk(sandbox, carl.url, { internals: { tuning: { orderClaimSweepMs: 100 } } }));
    await eventually(async () => ((await row())?.tx === String(booked[0]!.id) ? true : null), 20_000);
    const fresh = (await dump()).transactions.filter((t) => !before.transactions.some((x) => x.id === t.id));
    expect(fresh).toHaveLength(1);
    expect(fresh[0]).toMatchObject({ id: booked[0]!.id, idempotency_key: booked[0]!.idempotency_key });
  });
});
