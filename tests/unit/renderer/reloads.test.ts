// The renderer's reloads (renderer/src/domain/reloads.ts), as the approvals queue uses
// them: events that arrive while the queue is being read make one more read after
// it, not one each; counted at the reader, i.e. what the bridge is asked.
import { describe, expect, it } from 'vitest';
import { createReloader } from '../../../renderer/src/domain/reloads';

/** A reader whose reads wait until released, in order. */
function gatedReader() {
  const gates: Array<() => void> = [];
  let reads = 0;
  const read = async (): Promise<void> => {
    reads++;
    await new Promise<void>((release) => gates.push(release));
  };
  const release = async (): Promise<void> => {
    for (let i = 0; i < 50 && gates.length === 0; i++) await new Promise((r) => setTimeout(r, 1));
    gates.shift()?.();
    await new Promise((r) => setTimeout(r, 1));
  };
  return { read, release, reads: () => reads, waiting: () => gates.length };
}

describe('reloads', () => {
  it('reads once more after a read in flight, however many calls came meanwhile', async () => {
    const r = gatedReader();
    const reloader = createReloader(r.read);
    const first = reloader.load();
    const during = [reloader.load(), reloader.load(), reloader.load()];
    expect(r.reads()).toBe(1);
    await r.release();
    expect(r.reads()).toBe(2);
    await r.release();
    await Promise.all([first, ...during]);
    expect(r.reads()).toBe(2);
    // Idle again: the next call reads at once, once.
    const later = reloader.load();
    expect(r.reads()).toBe(3);
    await r.release();
    await later;
    expect(r.reads()).toBe(3);
  });

  it('after forget, a load starts at once and the old read asks for nothing more', async () => {
    const r = gatedReader();
    const reloader = createReloader(r.read);
    const old = reloader.load();
    const joined = reloader.load();
    reloader.forget();
    const fresh = reloader.load();
    expect(r.reads()).toBe(2);
    await r.release();
    await r.release();
    await Promise.all([old, joined, fresh]);
    expect(r.reads()).toBe(2);
  });
});
