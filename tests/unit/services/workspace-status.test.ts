// workspace.status without a query per poll (main/services/workspace-status.ts):
// the operator is asked once, the live-update listener says whether the team
// database is there, and the renderer hears the change at once; the database is
// asked only while no listener can say.
import { describe, expect, it, vi } from 'vitest';
import { DeskEventBus } from '../../../main/events';
import { silentLogger } from '../../../main/log';
import { createWorkspaceStatus } from '../../../main/services/workspace-status';
import type { WorkspaceStatusView } from '../../../shared/desk-api';

const TARGET = 'alice@db.example.com:5432/kriptomat_desk';
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

function setup() {
  const db = { up: true };
  const team = {
    target: TARGET,
    operator: vi.fn(async () => {
      if (!db.up) throw new Error('connect ECONNREFUSED');
      return 'alice';
    }),
  };
  const events = new DeskEventBus();
  const changes: WorkspaceStatusView[] = [];
  events.subscribe((name, payload) => {
    if (name === 'workspace.changed') changes.push(payload as WorkspaceStatusView);
  });
  const status = createWorkspaceStatus({ team, events, log: silentLogger });
  return { db, team, status, changes };
}

const here = { kind: 'team', operator: 'alice', connected: true, database: TARGET } as const;
const away = { kind: 'team', operator: null, connected: false, database: TARGET } as const;

describe('workspace status', () => {
  it('Solo: always the same answer, nothing asked', async () => {
    const status = createWorkspaceStatus({ team: null, events: new DeskEventBus(), log: silentLogger });
    expect(await status.current()).toEqual({ kind: 'solo', operator: null, connected: true, database: null });
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
    // Polled meanwhile: the database is asked (the listener cannot say) and is still away.
    expect(await t.status.current()).toEqual(away);
    t.db.up = true;
    t.status.listening(true);
    await tick();
    expect(t.changes).toEqual([here, away, here]);
    expect(await t.status.current()).toEqual(here);
    // The operator was asked at the start and while away, not on each answer while connected.
    expect(t.team.operator).toHaveBeenCalledTimes(2);
  });

  it('without a listener (the Local sandbox is active) each poll asks, and says when the database comes back', async () => {
    const t = setup();
    t.status.listening(null);
    t.db.up = false;
    expect(await t.status.current()).toEqual(away);
    t.db.up = true;
    expect(await t.status.current()).toEqual(here);
    expect(await t.status.current()).toEqual(here);
    expect(t.team.operator).toHaveBeenCalledTimes(3);
    // Announced as it changed, once each.
    expect(t.changes).toEqual([away, here]);
  });

  it('announces nothing after it is disposed (the next workspace shares the event bus)', async () => {
    const t = setup();
    await t.status.current();
    t.status.dispose();
    t.status.listening(false);
    expect(t.changes).toEqual([here]);
  });
});
