// One read of a list at a time: a call while a read is in flight asks for one
// more read after it, however many calls came meanwhile. So a burst of events is
// at most two reads, and the last read starts after the last event. Pure: no DOM.

export interface Reloader {
  /** Reads now, or once more after the read in flight; resolves when a read started after this call is in. */
  load(): Promise<void>;
  /** Forgets the read in flight (its environment was left): the next load starts at once. */
  forget(): void;
}

export function createReloader(read: () => Promise<void>): Reloader {
  let inFlight: Promise<void> | null = null;
  let again = false;
  let epoch = 0;
  return {
    load() {
      if (inFlight) {
        again = true;
        return inFlight;
      }
      const mine = epoch;
      const run = (async () => {
        do {
          again = false;
          await read();
        } while (again && mine === epoch);
      })().finally(() => {
        if (inFlight === run) inFlight = null;
      });
      inFlight = run;
      return run;
    },
    forget() {
      epoch++;
      inFlight = null;
      again = false;
    },
  };
}
