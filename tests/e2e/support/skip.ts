// A skipped test says why, in words a reader can check, on the run's output — not
// only in the report's annotations.
import { test } from './fixtures';

/** Skips the running test when `skip` holds, printing `skipped: <title> — <reason>` first. */
export function skipWithReason(skip: boolean, reason: string): void {
  if (!skip) return;
  const info = test.info();
  console.log(`skipped: [${info.project.name}] ${info.titlePath.slice(1).join(' › ')} — ${reason}`);
  test.skip(true, reason);
}
