// `approvals.changed`: how many proposals of the active environment await
// approval (and how many of them this login may decide), after this desk or
// another proposed, decided or expired one. One announcer per desk: the services
// call it after their own writes and team-live calls it when the database's
// notifications come in, which for this desk's own write is the same change a
// second time. So it gathers a burst of calls into one count and one event.
import type { DeskEventBus } from '../../events';
import type { Logger } from '../../log';
import type { DeskStorePort } from '../../store/port';
import type { Timers } from '../runtime/timers';

export interface ApprovalsAnnouncer {
  /** The queue of the profile changed: counted and emitted once the burst is over. */
  announce(profileId: string): void;
  /** Drops what is still gathered (on dispose). */
  dispose(): void;
}

export interface ApprovalsAnnouncerOptions {
  store: Pick<DeskStorePort, 'approvals'>;
  events: DeskEventBus;
  log: Logger;
  timers: Timers;
  /** How long the announcer waits for the burst to end after the last call (ServiceTuning.approvalsAnnounceMs). */
  delayMs: number;
  /** Whether the profile is still the active one: a profile left meanwhile is not announced. */
  isActive(profileId: string): boolean;
}

/** A burst that never ends (notifications all the time) is still announced at least this many delays after it began. */
const MAX_WAIT_DELAYS = 5;

export function createApprovalsAnnouncer(options: ApprovalsAnnouncerOptions): ApprovalsAnnouncer {
  const { timers, delayMs } = options;
  const gathering = new Map<string, { handle: unknown; sinceMs: number }>();
  /** Counts run one after another, so an older count is never emitted after a newer one. */
  let counting: Promise<void> = Promise.resolve();
  let disposed = false;

  const count = async (profileId: string): Promise<void> => {
    const approvals = options.store.approvals;
    if (disposed || !approvals?.shared(profileId) || !options.isActive(profileId)) return;
    try {
      const counted = await approvals.countPending(profileId);
      if (!disposed && options.isActive(profileId)) options.events.emit('approvals.changed', counted);
    } catch (error) {
      options.log.warn('could not count the proposals awaiting approval', { error });
    }
  };

  const fire = (profileId: string): void => {
    gathering.delete(profileId);
    counting = counting.then(() => count(profileId));
  };

  return {
    announce(profileId) {
      if (disposed || !options.store.approvals?.shared(profileId)) return;
      const now = timers.now();
      const burst = gathering.get(profileId);
      if (burst) {
        // Long enough: let the timer already set fire.
        if (now - burst.sinceMs >= MAX_WAIT_DELAYS * delayMs) return;
        timers.clearTimeout(burst.handle);
      }
      gathering.set(profileId, { handle: timers.setTimeout(() => fire(profileId), delayMs), sinceMs: burst?.sinceMs ?? now });
    },
    dispose() {
      disposed = true;
      for (const { handle } of gathering.values()) timers.clearTimeout(handle);
      gathering.clear();
    },
  };
}
