// workspace.status without a query per poll (main/services/workspace/status.ts):
// the operator is asked once, the live-update listener says whether the team
// database is there, and the renderer hears the change at once; the database is
// asked only while no listener can say. The pool's own reach counts too: a
// listener connected from before does not make a refused login "connected".
import { describe, expect, it, vi } from 'vitest';
import { DeskEventBus } from '../../../main/events';
import { silentLogger } from '../../../main/log';
import { createWorkspaceStatus } from '../../../main/services/workspace/status';
import { TeamStoreError } from '../../../main/store/postgres/errors';
import type { WorkspaceStatusView } from '../../../shared/desk-api';

const TARGET = 'alice@db.example.com:5432/kriptomat_desk';
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

const REFUSED = `The team database at ${TARGET} refused the login: password authentication failed for user "alice"`;

function setup() {
  /** `login: false`: the database is up, but refuses new connections of this login (its password was changed). */
  const db = { up: true, login: true };
  const reach = new Set<(failure: TeamStoreError | null) => void>();
  /** What the pool tells (connection.ts): every failure to reach, and the first success after one. */
  let failing = false;
  const pool = {
    tell(failure: TeamStoreError | null) {
      if (failure === null && !failing) return;
      failing = failure !== null;
      for (const listener of reach) listener(failure);
    },
  };
  const team = {
    target: TARGET,
    operator: vi.fn(async () => {
      const failure = !db.up
        ? new TeamStoreError('unavailable', `The team database at ${TARGET} cannot be reached (ECONNREFUSED).`)
        : !db.login
          ? new TeamStoreError('auth', REFUSED, '28P01')
          : null;
      pool.tell(failure);
      if (failure) throw failure;
      return 'alice';
    }),
    onReach(listener: (failure: TeamStoreError | null) => void) {
      reach.add(listener);
      return () => void reach.delete(listener);
    },
  };
  const events = new DeskEventBus();
  const changes: WorkspaceStatusView[] = [];
  events.subscribe((name, payload) => {
    if (name === 'workspace.changed') changes.push(payload as WorkspaceStatusView);
  });
  const status = createWorkspaceStatus({ team, events, log: silentLogger });
  return { db, team, pool, status, changes };
}

const here = { kind: 'team', operator: 'alice', connected: true, database: TARGET, problem: null } as const;
const away = { kind: 'team', operator: null, connected: false, database: TARGET, problem: null } as const;
const unreachable = {
  ...away,
  problem: { kind: 'away', message: `The team database at ${TARGET} cannot be reached (ECONNREFUSED).` },
} as const;
const refused = { ...away, problem: { kind: 'login-refused', message: REFUSED } } as const;

describe('workspace status', () => {
  it('Solo: always the same answer, nothing asked', async () => {
    const status = createWorkspaceStatus({ team: null, events: new DeskEventBus(), log: silentLogger });
    expect(await status.current()).toEqual({ kind: 'solo', operator: null, connected: true, database: null, problem: null });
  });

  it('while the listener is connected, answers from what it knows: no query per poll', async () => {
    const t = setup();
    expect(await t.status.current()).toEqual(here);
    t.status.listening(true);
    await tick();
    for (let i = 0; i < 5; i++) expect(await t.status.current()).toEqual(here);
    expect(t.team.operator).toHaveBeenCalledTimes(1);
  });

  it('a lost listener makes the banner show at once, without a poll; connected again, it goes', async () => {
    const t = setup();
    t.status.listening(true);
    await tick();
    expect(t.changes).toEqual([here]);
    t.db.up = false;
    t.status.listening(false);
    expect(t.changes).toEqual([here, away]);
    // Polled meanwhile: the database is asked (the listener cannot say) and is still away, now with the pool's reason.
    expect(await t.status.current()).toEqual(unreachable);
    t.db.up = true;
    t.status.listening(true);
    await tick();
    expect(t.changes).toEqual([here, away, unreachable, here]);
    expect(await t.status.current()).toEqual(here);
    // The operator was asked at the start, while away, and once when the listener came back
    // (the pool had failed last, so the listener's word alone was not enough) — not on each answer while connected.
    expect(t.team.operator).toHaveBeenCalledTimes(3);
  });

  it('without a listener (the Local sandbox is active) each poll asks, and says when the database comes back', async () => {
    const t = setup();
    t.status.listening(null);
    t.db.up = false;
    expect(await t.status.current()).toEqual(unreachable);
    t.db.up = true;
    expect(await t.status.current()).toEqual(here);
    expect(await t.status.current()).toEqual(here);
    expect(t.team.operator).toHaveBeenCalledTimes(3);
    // Announced as it changed, once each.
    expect(t.changes).toEqual([unreachable, here]);
  });

  it('a login the pool can no longer make is "away" with the reason, though the listener is still connected', async () => {
    const t = setup();
    t.status.listening(true);
    await tick();
    expect(t.changes).toEqual([here]);
    // The admin changed the password: the listener's old connection lives on, a write's new one is refused.
    t.db.login = false;
    t.pool.tell(new TeamStoreError('auth', REFUSED, '28P01'));
    expect(t.changes).toEqual([here, refused]);
    // Polls ask again (the listener's word is not enough now), and keep saying why.
    expect(await t.status.current()).toEqual(refused);
    expect(await t.status.current()).toEqual(refused);
    expect(t.changes).toEqual([here, refused]);
    // The new password is in: the next poll gets through and says so.
    t.db.login = true;
    expect(await t.status.current()).toEqual(here);
    expect(t.changes).toEqual([here, refused, here]);
    // And polls answer from what is known again.
    const asked = t.team.operator.mock.calls.length;
    expect(await t.status.current()).toEqual(here);
    expect(t.team.operator).toHaveBeenCalledTimes(asked);
  });

  it('a write that gets through again brings "connected" back without a poll', async () => {
    const t = setup();
    t.status.listening(true);
    await tick();
    t.pool.tell(new TeamStoreError('unavailable', `The team database at ${TARGET} cannot be reached (ECONNREFUSED).`));
    t.pool.tell(null);
    expect(t.changes).toEqual([here, unreachable, here]);
  });

  it('the listener coming back is not enough while the pool failed last: the database is asked', async () => {
    const t = setup();
    t.status.listening(true);
    await tick();
    t.db.login = false;
    t.pool.tell(new TeamStoreError('auth', REFUSED, '28P01'));
    t.status.listening(false);
    t.status.listening(true);
    await tick();
    expect(t.changes.at(-1)).toEqual(refused);
  });

  it('announces nothing after it is disposed (the next workspace shares the event bus)', async () => {
    const t = setup();
    await t.status.current();
    t.status.dispose();
    t.status.listening(false);
    expect(t.changes).toEqual([here]);
  });
});
