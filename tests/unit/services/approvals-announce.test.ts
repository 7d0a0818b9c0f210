// The approvals announcer (main/services/approvals/announce.ts): a burst of calls — this
// desk's own write and its database notification coming back — is one count and one event.
import { describe, expect, it, vi } from 'vitest';
import { DeskEventBus } from '../../../main/events';
import { silentLogger } from '../../../main/log';
import { createApprovalsAnnouncer } from '../../../main/services/approvals/announce';
import type { JournalApprovals } from '../../../main/store/port';
import { realTimers } from '../../../main/services/runtime/timers';

const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function setup(active = (p: string) => p === 'p1') {
  const counted = { pending: 1, awaitingYou: 1 };
  const countPending = vi.fn(async () => ({ ...counted }));
  const store = { approvals: { shared: (p: string) => p !== 'local-sandbox', countPending } as unknown as JournalApprovals };
  const events = new DeskEventBus();
  const seen: unknown[] = [];
  events.subscribe((name, payload) => {
    if (name === 'approvals.changed') seen.push(payload);
  });
  const announcer = createApprovalsAnnouncer({ store, events, log: silentLogger, timers: realTimers, delayMs: 10, isActive: active });
  return { announcer, countPending, counted, seen };
}

describe('approvals announcer', () => {
  it('counts once and emits once for a burst of calls', async () => {
    const t = setup();
    t.announcer.announce('p1');
    t.announcer.announce('p1');
    await tick(2);
    t.announcer.announce('p1');
    await tick(60);
    expect(t.countPending).toHaveBeenCalledTimes(1);
    expect(t.seen).toEqual([{ pending: 1, awaitingYou: 1 }]);
    // A later change is a new burst.
    t.counted.pending = 0;
    t.counted.awaitingYou = 0;
    t.announcer.announce('p1');
    await tick(60);
    expect(t.seen).toEqual([
      { pending: 1, awaitingYou: 1 },
      { pending: 0, awaitingYou: 0 },
    ]);
  });

  it('announces nothing for a profile without approvals, one no longer active, or after dispose', async () => {
    const t = setup();
    t.announcer.announce('local-sandbox');
    t.announcer.announce('p2');
    await tick(60);
    expect(t.seen).toEqual([]);
    t.announcer.announce('p1');
    t.announcer.dispose();
    await tick(60);
    expect(t.seen).toEqual([]);
    expect(t.countPending).not.toHaveBeenCalled();
  });
});
