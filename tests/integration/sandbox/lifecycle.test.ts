// Seed determinism, --state persistence across restarts, reset, and the CLI's first line.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { advance, call, dump, login, start, userIn } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'sandbox-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function shape(d: Awaited<ReturnType<typeof dump>>) {
  return {
    users: d.users.map((u) => ({ ...u, kyc_settles_at_ms: undefined })),
    transactions: d.transactions.map(({ id, user_id, type, amount, pair, price, state, fee, subtotal, total }) => ({
      id,
      user_id,
      type,
      amount,
      pair,
      price,
      state,
      fee,
      subtotal,
      total,
    })),
  };
}

describe('seed', () => {
  it('is deterministic per seed and covers every KYC and account state', async () => {
    const [a, b, c] = await Promise.all([start({ seed: 3 }), start({ seed: 3 }), start({ seed: 4 })]);
    try {
      const [da, db, dc] = await Promise.all([dump(a), dump(b), dump(c)]);
      expect(shape(da)).toEqual(shape(db));
      expect(a.partner).toEqual(b.partner);
      expect(c.partner.totp_secret).not.toBe(a.partner.totp_secret);
      expect(shape(dc).transactions).not.toEqual(shape(da).transactions);
      // The roster is the same for every seed.
      const roster = (d: typeof da) => d.users.map((u) => [u.id, u.kyc_status, u.status, u.bank_accounts.length]);
      expect(roster(dc)).toEqual(roster(da));
      expect(roster(da)).toEqual([
        [1, 'verified', 'active', 2],
        [2, 'verified', 'active', 1],
        [3, 'pending', 'active', 0],
        [4, 'not_started', 'active', 0],
        [5, 'failed', 'active', 0],
        [6, 'declined', 'active', 0],
        [7, 'verified', 'disabled', 1],
        [8, 'verified', 'deleted', 1],
        [9, 'verified', 'active', 1],
        [10, 'verified', 'active', 0],
      ]);
      expect(a.partner).toMatchObject({ email: 'partner@desk.sandbox.test', password: 'Password_123', client_id: 5 });
      expect(a.partner.totp_secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(a.url).toBe(`${a.origin}/v1`);
      expect(a.origin).toBe(`http://127.0.0.1:${a.port}`);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('extraTransactions adds history for big syncs', async () => {
    const sb = await start({ extraTransactions: 500 });
    try {
      const d = await dump(sb);
      expect(d.transactions.length).toBeGreaterThanOrEqual(600);
      const token = await login(sb);
      const res = await call(sb, 'users-transactions', { token });
      expect(res.body.data.meta.total_count).toBe(d.transactions.length);
    } finally {
      await sb.close();
    }
  });
});

describe('--state persistence', () => {
  it('keeps users, orders, balances, tokens and the clock across a restart', async () => {
    const statePath = join(dir, 'state.json');
    const first = await start({ statePath, tokenTtlSeconds: 86_400 });
    const token = await login(first);
    const created = await call(first, 'users', {
      token,
      body: { email: 'persist@example.com', name: 'P', surname: 'S', phone: '+38640555666' },
    });
    const buy = await call(first, 'users/1/buy', { token, body: { amount: '33.00', pair: 'etheur', idempotency_key: 'persist-1' } });
    await advance(first, 3600 * 5);
    const before = await dump(first);
    const clockBefore = (await call(first, '/__sandbox/clock')).body.offset_ms as number;
    await first.close();
    const saved = JSON.parse(readFileSync(statePath, 'utf8')) as { version: number };
    expect(saved.version).toBe(1);

    const second = await start({ statePath, seed: 99, tokenTtlSeconds: 86_400 }); // the file wins over --seed
    try {
      expect(second.partner).toEqual(first.partner);
      const after = await dump(second);
      expect(after.users).toEqual(before.users);
      expect(after.transactions).toEqual(before.transactions);
      expect(userIn(after, created.body.data.id as number).email).toBe('persist@example.com');
      expect(Math.abs(((await call(second, '/__sandbox/clock')).body.offset_ms as number) - clockBefore)).toBeLessThan(1000);
      // The token issued before the restart still works, and expires on the restored clock.
      expect((await call(second, 'pairs', { token })).status).toBe(200);
      const token2 = token;
      expect((await call(second, `users/1/transactions/${buy.body.data.transaction_id}`, { token: token2 })).body.data.state).toBe(
        'success',
      );
      // The idempotency key survived too.
      const replay = await call(second, 'users/1/buy', {
        token: token2,
        body: { amount: '33.00', pair: 'etheur', idempotency_key: 'persist-1' },
      });
      expect(replay.body.data.transaction_id).toBe(buy.body.data.transaction_id);
      await advance(second, 86_400 - 3600 * 5);
      expect((await call(second, 'pairs', { token })).status).toBe(401);
    } finally {
      await second.close();
    }
  });

  it('refuses to start on a damaged state file', async () => {
    const statePath = join(dir, 'broken.json');
    writeFileSync(statePath, '{"version": 1, "users": ');
    await expect(start({ statePath })).rejects.toThrow(/not valid JSON/);
    writeFileSync(statePath, '{"hello": "world"}');
    await expect(start({ statePath })).rejects.toThrow(/not a sandbox state/);
  });

  it('POST /__sandbox/reset restores the seed', async () => {
    const sb = await start();
    try {
      const seeded = await dump(sb);
      const token = await login(sb);
      await call(sb, 'users/1/buy', { token, body: { amount: '10.00', pair: 'btceur', idempotency_key: 'r' } });
      expect((await dump(sb)).transactions.length).toBe(seeded.transactions.length + 1);
      expect((await call(sb, '/__sandbox/reset', { method: 'POST' })).status).toBe(200);
      expect(shape(await dump(sb))).toEqual(shape(seeded));
    } finally {
      await sb.close();
    }
  });
});

describe('CLI', () => {
  function runCli(args: string[]) {
    return spawn(process.execPath, ['--import', 'tsx', 'sandbox/cli.ts', ...args], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  it('prints the URL and partner credentials as its first stdout line, serves, and stops on SIGTERM', async () => {
    const child = runCli(['--port', '0', '--seed', '5', '--token-ttl', '600']);
    try {
      const line = await new Promise<string>((resolve, reject) => {
        const rl = createInterface({ input: child.stdout });
        rl.once('line', resolve);
        child.once('exit', (code) => reject(new Error(`cli exited with ${code}`)));
      });
      const first = JSON.parse(line) as { url: string; partner: Record<string, unknown> };
      expect(Object.keys(first)).toEqual(['url', 'partner']);
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      expect(Object.keys(first.partner).sort()).toEqual(['client_id', 'client_secret', 'email', 'password', 'totp_secret']);
      const origin = first.url.slice(0, -'/v1'.length);
      const clock = (await (await fetch(`${origin}/__sandbox/clock`)).json()) as { now_ms: number };
      const { authenticator } = await import('otplib');
      const code = authenticator.clone({ epoch: clock.now_ms }).generate(first.partner.totp_secret as string);
      const res = await fetch(`${first.url}/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...first.partner, security_code: code }),
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { expires_in: number }).expires_in).toBe(600);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('refuses bad flags with a clear message and exit code 2', async () => {
    for (const args of [['--port', 'abc'], ['--bogus'], ['--state']]) {
      const child = runCli(args);
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code, args.join(' ')).toBe(2);
      expect(err).toMatch(/^sandbox: /);
    }
  });
});
