// The cool-off on withdrawals to bank accounts new to the desk: held with the
// time it may go, nothing sent meanwhile; sent once when the hold ends (after
// the same checks as any withdrawal); cancelled by the operator → never sent;
// a held row survives a restart of the desk. The desk's clock is moved forward
// by hand; the sandbox's own clock is left alone.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dec, toFixedDown } from '../../../shared/money';
import { realTimers, type Timers } from '../../../main/services/runtime/timers';
import { startSandbox, type RunningSandbox } from '../../../sandbox/server';
import { advanceSandboxClock } from '../../support/sandbox';
import { eventually, freshNamespace, startDesk, tempDir, type DeskHarness } from './harness';

const SANDBOX = 'local-sandbox';
const ANA = 1; // verified, active, rich, 2 bank accounts
const HOUR_MS = 3_600_000;

/** Real timers, with a clock the test can move forward. */
function skewedTimers(): Timers & { skip(ms: number): void } {
  let offset = 0;
  return { ...realTimers, now: () => Date.now() + offset, skip: (ms) => void (offset += ms) };
}

describe('held withdrawals', () => {
  let sandbox: RunningSandbox;
  let dir: string;
  let namespace: string;
  let timers: ReturnType<typeof skewedTimers>;
  let h: DeskHarness;

  const start = async (): Promise<DeskHarness> =>
    startDesk({
      userDataDir: dir,
      keychainNamespace: namespace,
      externalSandbox: { url: sandbox.url, partner: sandbox.partner },
      internals: { timers },
    });
  const withdrawals = async (): Promise<Array<{ idempotency_key: string | null; amount: string }>> =>
    (await h.state()).transactions.filter((t) => t.type === 'fiat_withdrawal' && t.user_id === ANA);

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, seed: 7 });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeAll(async () => {
    dir = await tempDir();
    namespace = freshNamespace();
    timers = skewedTimers();
    h = await start();
    await h.call('policy.update', { withdrawHoldHours: 2 });
  });
  afterAll(async () => {
    await h.close({ keepDir: true });
    await rm(dir, { recursive: true, force: true });
  });

  it('holds a withdrawal to an account first seen now, and sends it once when the hold ends', { timeout: 30_000 }, async () => {
    const before = await withdrawals();
    const [account] = await h.call('banks.list', { userId: ANA });
    const seenAt = timers.now();
    expect(account!.withdrawHeldUntilMs).toBeGreaterThanOrEqual(seenAt + 2 * HOUR_MS - 5_000);

    const held = await h.call('orders.withdraw', { profileId: SANDBOX, userId: ANA, bankAccountId: account!.id, amount: '12.00' });
    expect(held).toMatchObject({ state: 'held', transactionId: null });
    expect(held.holdUntilMs).toBe(account!.withdrawHeldUntilMs);
    const audit = await h.call('audit.query', { filter: { action: 'order.withdraw' }, limit: 5, offset: 0 });
    expect(audit.rows[0]!.summary).toMatch(new RegExp(`withdraw 12.00 EUR .* held until ${new Date(held.holdUntilMs!).toISOString()}`));
    // An hour on, still held, nothing sent.
    timers.skip(HOUR_MS);
    await new Promise((r) => setTimeout(r, 300));
    expect(await withdrawals()).toEqual(before);
    expect((await h.call('orders.list', {})).find((o) => o.id === held.id)?.state).toBe('held');

    timers.skip(HOUR_MS + 1_000);
    const sent = await eventually(async () => (await h.call('orders.list', {})).find((o) => o.id === held.id && o.transactionId !== null));
    const after = await withdrawals();
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ amount: '12.00' });
    expect(
      h
        .eventsNamed('orders.updated')
        .filter((o) => o.id === held.id)
        .map((o) => o.state),
    ).toEqual(expect.arrayContaining(['held', 'sending', 'accepted']));
    expect(sent.holdUntilMs).toBe(held.holdUntilMs);
    // The account is no longer new: a withdrawal to it goes at once.
    const now = await h.call('orders.withdraw', { profileId: SANDBOX, userId: ANA, bankAccountId: account!.id, amount: '10.00' });
    expect(now).toMatchObject({ state: 'accepted', holdUntilMs: null });
  });

  it('a withdrawal cancelled during its hold is never sent, and cannot be cancelled twice', { timeout: 30_000 }, async () => {
    const { accounts } = await h.call('banks.add', { userId: ANA, iban: 'DE89370400440532013000' });
    const added = accounts.find((a) => a.iban === 'DE89370400440532013000')!;
    expect(added.withdrawHeldUntilMs).not.toBeNull();
    const before = await withdrawals();
    const held = await h.call('orders.withdraw', { profileId: SANDBOX, userId: ANA, bankAccountId: added.id, amount: '15.00' });
    expect(held.state).toBe('held');

    const cancelled = await h.call('orders.cancelHeld', { orderId: held.id });
    expect(cancelled).toMatchObject({ state: 'cancelled', error: expect.stringMatching(/Cancelled by the operator/) as unknown });
    expect(await h.fail('orders.cancelHeld', { orderId: held.id })).toMatchObject({ kind: 'conflict' });
    const audit = await h.call('audit.query', { filter: { action: 'order.cancel' }, limit: 5, offset: 0 });
    expect(audit.rows[0]).toMatchObject({
      outcome: 'ok',
      summary: expect.stringMatching(/withdraw 15.00 EUR .* cancelled during its hold/) as unknown,
    });

    timers.skip(3 * HOUR_MS);
    await new Promise((r) => setTimeout(r, 300));
    expect(await withdrawals()).toEqual(before);
    expect((await h.call('orders.list', {})).find((o) => o.id === held.id)?.state).toBe('cancelled');
  });

  it('a held withdrawal survives a restart of the desk and is sent once after it', { timeout: 60_000 }, async () => {
    const { accounts } = await h.call('banks.add', { userId: ANA, iban: 'GB82WEST12345698765432' });
    const added = accounts.find((a) => a.iban === 'GB82WEST12345698765432')!;
    const before = await withdrawals();
    const held = await h.call('orders.withdraw', { profileId: SANDBOX, userId: ANA, bankAccountId: added.id, amount: '11.00' });
    expect(held.state).toBe('held');

    await h.close({ keepDir: true });
    // The first desk spent this TOTP step's code.
    await advanceSandboxClock(sandbox, 30);
    h = await start();
    expect((await h.call('orders.list', {})).find((o) => o.id === held.id)?.state).toBe('held');
    timers.skip(2 * HOUR_MS + 1_000);
    await eventually(async () =>
      (await h.call('orders.list', {})).find((o) => o.id === held.id && o.state !== 'held' && o.state !== 'sending'),
    );
    const after = await withdrawals();
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ amount: '11.00' });
  });

  it(
    'checks a held withdrawal again when its hold ends: two that the balance cannot both cover → one is sent',
    { timeout: 30_000 },
    async () => {
      const { accounts } = await h.call('banks.add', { userId: ANA, iban: 'NL91ABNA0417164300' });
      const added = accounts.find((a) => a.iban === 'NL91ABNA0417164300')!;
      const eur = (await h.call('balances.user', { userId: ANA })).find((b) => b.currency.toLowerCase() === 'eur')!.balance;
      const share = toFixedDown(dec(eur).times('0.6'), 2);
      const before = await withdrawals();
      const first = await h.call('orders.withdraw', {
        profileId: SANDBOX,
        userId: ANA,
        bankAccountId: added.id,
        amount: share,
        overrideLimit: true,
      });
      const second = await h.call('orders.withdraw', {
        profileId: SANDBOX,
        userId: ANA,
        bankAccountId: added.id,
        amount: share,
        overrideLimit: true,
      });
      expect([first.state, second.state]).toEqual(['held', 'held']);

      timers.skip(2 * HOUR_MS + 1_000);
      const settled = await eventually(async () => {
        const rows = (await h.call('orders.list', {})).filter((o) => o.id === first.id || o.id === second.id);
        return rows.every((o) => o.state !== 'held' && o.state !== 'sending') ? rows : null;
      });
      expect(settled.filter((o) => o.state === 'failed')).toHaveLength(1);
      expect((await withdrawals()).length).toBe(before.length + 1);
    },
  );
});
