// Day one: the first sign-in to an environment reads its whole history in the
// background, so the user directory and the transactions fill without a Sync press;
// a later start only syncs when asked.
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startDesk, type DeskHarness } from './harness';

describe('the first sync on the first sign-in', () => {
  let h: DeskHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('fills the history and the directory by itself, reporting pages done of total', async () => {
    h = await startDesk({ internals: { tuning: { syncOnFirstSignIn: true } } });
    const harness = h;
    const done = await eventually(() => harness.eventsNamed('transactions.syncProgress').find((p) => p.phase === 'done'), 30_000);
    const running = harness.eventsNamed('transactions.syncProgress').filter((p) => p.phase === 'running');
    expect(running.length).toBe(done.pagesDone);
    expect(running.at(-1)).toMatchObject({ pagesDone: done.pagesDone, pagesTotal: done.pagesDone });

    const dump = await harness.state();
    const cached = await harness.call('transactions.query', { filter: {}, limit: 1, offset: 0 });
    expect(cached.total).toBe(dump.transactions.length);
    const directory = await harness.call('users.directory', {});
    // Every user the history names (users without a transaction cannot be found this way).
    const named = [...new Set(dump.transactions.map((t) => t.user_id))].sort((a, b) => a - b);
    expect(named.length).toBeGreaterThan(1);
    expect(directory.map((u) => u.id).sort((a, b) => a - b)).toEqual(named);
    // …and their profiles are read afterwards, so names show instead of bare ids.
    await eventually(async () => (await harness.call('users.directory', {})).every((u) => u.fetchedAtMs !== null && u.name !== ''), 10_000);
  });

  it('does not run again once the history was read to the end', async () => {
    h = await startDesk({ internals: { tuning: { syncOnFirstSignIn: true } } });
    const first = h;
    await eventually(() => first.eventsNamed('transactions.syncProgress').some((p) => p.phase === 'done'), 30_000);
    const dir = first.dir;
    const namespace = first.namespace;
    await first.close({ keepDir: true });
    h = await startDesk({ userDataDir: dir, keychainNamespace: namespace, internals: { tuning: { syncOnFirstSignIn: true } } });
    // Signed in again, with time for a background sync to have begun: none did.
    await new Promise((r) => setTimeout(r, 500));
    expect(h.eventsNamed('transactions.syncProgress')).toEqual([]);
  });
});
