// Quitting logs out at the API, but never waits out the client's 15 s timeout:
// a desk whose Kriptomat stopped answering still closes in a moment.
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { startDesk } from '../services/harness';

/** Resolves with 'late' after `ms` of real time; the timer does not keep the test alive. */
function lateAfter(ms: number): Promise<'late'> {
  return new Promise((resolve) => setTimeout(() => resolve('late'), ms).unref());
}

describe('quitting the desk', () => {
  it('does not wait for a logout the API does not answer', { timeout: 60_000 }, async () => {
    const h = await startDesk();
    try {
      expect((await h.call('session.status', {})).state).toBe('active');
      // Every API request (the logout, a rate poll in flight) now takes 20 s.
      await h.faults({ latency_ms: 20_000 });
      const outcome = await Promise.race([h.desk.dispose().then(() => 'disposed' as const), lateAfter(5_000)]);
      expect(outcome).toBe('disposed');
      // The token is forgotten all the same.
      expect(h.eventsNamed('session.changed').at(-1)?.state).toBe('signed-out');
    } finally {
      await h.desk.dispose();
      await rm(h.dir, { recursive: true, force: true });
    }
  });
});
