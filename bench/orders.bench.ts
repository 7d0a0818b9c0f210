// What the desk adds to placing an order: `orders.place` through the bridge's
// dispatcher (input check, the order checks' fresh reads of the user and the
// balance, two durable journal writes, the audit entry) against a bare `fetch` of
// the same buy POST to the same sandbox, measured in the same run, interleaved
// in blocks so drift hits both sides alike.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authenticator } from 'otplib';
import { createDesk } from '../main/desk';
import { toDeskError } from '../main/errors';
import { createDispatcher } from '../main/ipc';
import { silentLogger } from '../main/log';
import { startSandbox } from '../sandbox/server';
import type { Bench } from './types';

const SANDBOX = 'local-sandbox';

const BLOCKS = 5;
const PER_BLOCK = 20;
const WARMUP = 5;
const USER = 1; // the sandbox roster's verified, well-funded user
const AMOUNT = '20.00';

export const bench: Bench = async () => {
  const sandbox = await startSandbox({ port: 0, seed: 11 });
  const dir = await mkdtemp(join(tmpdir(), 'desk-bench-orders-'));
  const desk = await createDesk(
    { userDataDir: dir, keychainNamespace: `bench-${randomUUID().slice(0, 8)}`, externalSandbox: { url: sandbox.url, partner: sandbox.partner } },
    // One look at each accepted order right away, none while the bench runs on.
    { log: silentLogger, tuning: { orderPollIntervalMs: 600_000, syncOnFirstSignIn: false } },
  );
  try {
    await desk.ready;
    const dispatch = createDispatcher(desk.handlers, toDeskError);

    // The bare side logs in with the next TOTP step's code: the desk has just spent this step's.
    const clock = (await (await fetch(`${sandbox.origin}/__sandbox/clock`)).json()) as { now_ms: number };
    const p = sandbox.partner;
    const login = await fetch(`${sandbox.url}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
      body: JSON.stringify({
        email: p.email,
        password: p.password,
        client_id: p.client_id,
        client_secret: p.client_secret,
        security_code: authenticator.clone({ epoch: clock.now_ms + 30_000 }).generate(p.totp_secret),
      }),
    });
    if (!login.ok) throw new Error(`bare login failed: ${login.status} ${await login.text()}`);
    const { access_token: token } = (await login.json()) as { access_token: string };

    const viaDesk = async (): Promise<void> => {
      const result = await dispatch('orders.place', { profileId: SANDBOX, userId: USER, side: 'buy', pair: 'btceur', amount: AMOUNT });
      if (!result.ok) throw new Error(`desk order failed: ${result.error.message}`);
    };
    const bare = async (): Promise<void> => {
      const res = await fetch(`${sandbox.url}/users/${USER}/buy`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'X-Requested-With': 'XMLHttpRequest',
          Authorization: `Bearer ${token}`,
        },
        body: JSON.stringify({ amount: AMOUNT, pair: 'btceur', idempotency_key: randomUUID() }),
      });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`bare order failed: ${res.status}`);
    };
    const time = async (fn: () => Promise<void>, count: number): Promise<number> => {
      const started = performance.now();
      for (let i = 0; i < count; i++) await fn();
      return performance.now() - started;
    };

    await time(viaDesk, WARMUP);
    await time(bare, WARMUP);
    let deskMs = 0;
    let bareMs = 0;
    for (let block = 0; block < BLOCKS; block++) {
      deskMs += await time(viaDesk, PER_BLOCK);
      bareMs += await time(bare, PER_BLOCK);
    }
    const n = BLOCKS * PER_BLOCK;
    const perDesk = deskMs / n;
    const perBare = bareMs / n;
    return [
      {
        name: 'orders.place via the desk (checks + journal + POST)',
        value: perDesk,
        unit: 'ms/order',
        baseline: { name: 'bare fetch of the same buy POST', value: perBare, unit: 'ms/order' },
        ratio: perDesk / perBare,
        note: `${n} sequential orders each; the desk adds a GET user, a GET balance and two fsync'd journal writes`,
      },
    ];
  } finally {
    await desk.dispose();
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
};
