// The app killed between the journal write and the answer, then started again:
// the order completes exactly once. The child process (crash-child.ts) dies the
// moment the sandbox has booked its order; the parent then starts a desk on the
// same user-data directory and keychain namespace and watches the row finish.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDesk } from '../../../main/desk/desk';
import { silentLogger } from '../../../main/log';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import { eventually, freshNamespace, tempDir } from './harness';
import type { SandboxDump } from './harness';
import { rm } from 'node:fs/promises';
import { runTsChild } from '../../support/run-child';

const ANA = 1;

function runChild(args: string[]) {
  return runTsChild(join(import.meta.dirname, 'crash-child.ts'), args);
}

describe('an order interrupted by a crash', () => {
  let sandbox: RunningSandbox;
  let dir: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 3 });
    dir = await tempDir();
  });
  afterAll(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('is re-sent with its key on the next start and completes exactly once', { timeout: 90_000 }, async () => {
    const namespace = freshNamespace();
    const dump = async (): Promise<SandboxDump> => (await (await fetch(`${sandbox.origin}/__sandbox/state`)).json()) as SandboxDump;
    const before = await dump();

    const child = await runChild([
      dir,
      namespace,
      JSON.stringify({ url: sandbox.url, origin: sandbox.origin, partner: sandbox.partner }),
      String(ANA),
    ]);
    expect(child.out, child.err).toContain('booked');
    expect(child.out).not.toContain('placed without being killed');

    const booked = (await dump()).transactions.filter((t) => !before.transactions.some((b) => b.id === t.id));
    expect(booked).toHaveLength(1);
    const key = booked[0]!.idempotency_key;
    await fetch(`${sandbox.origin}/__sandbox/faults`, { method: 'DELETE' });
    // The child spent this TOTP step's code; move the sandbox to the next step so the restart need not wait for it.
    await fetch(`${sandbox.origin}/__sandbox/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ advance_seconds: 30 }),
    });

    const desk = await createDesk(
      { userDataDir: dir, keychainNamespace: namespace, externalSandbox: { url: sandbox.url, partner: sandbox.partner } },
      { log: silentLogger, tuning: { orderPollIntervalMs: 100, orderResendBaseMs: 100 } },
    );
    try {
      await desk.ready;
      // The journal row survived the crash as `sending` and is re-sent with the same key.
      const row = await eventually(async () => {
        const [order] = await desk.handlers['orders.list']({ userId: ANA, limit: 5 });
        return order && order.state !== 'sending' ? order : null;
      }, 20_000);
      expect(row).toMatchObject({ kind: 'buy', amount: '30.00', transactionId: booked[0]!.id });
      await fetch(`${sandbox.origin}/__sandbox/clock`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ advance_seconds: 10 }),
      });
      await eventually(async () => (await desk.handlers['orders.list']({ userId: ANA, limit: 5 }))[0]?.state === 'success', 20_000);

      const after = await dump();
      const fresh = after.transactions.filter((t) => !before.transactions.some((b) => b.id === t.id));
      expect(fresh).toHaveLength(1);
      expect(fresh[0]).toMatchObject({ id: booked[0]!.id, idempotency_key: key, state: 'success' });
      const audit = await desk.handlers['audit.query']({ filter: { action: 'order.buy', outcome: 'ok' }, limit: 10, offset: 0 });
      expect(audit.rows[0]?.summary).toMatch(/re-sent .* accepted as transaction/);
    } finally {
      await desk.dispose();
    }
  });
});
