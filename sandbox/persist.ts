// --state FILE: the whole state as JSON, written atomically (temp file in the same
// directory, then rename) so a crash mid-write leaves the previous file intact.
import { existsSync, readFileSync, renameSync, writeFileSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { StateSnapshot } from './state';

export function saveSnapshot(path: string, snapshot: StateSnapshot): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, JSON.stringify(snapshot));
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // the temp file was never created
    }
    throw err;
  }
}

/** The saved state, or null when the file does not exist yet. Throws on a damaged file. */
export function loadSnapshot(path: string): StateSnapshot | null {
  if (!existsSync(path)) return null;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`The state file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  const snap = data as Partial<StateSnapshot> | null;
  const arrays = ['partners', 'users', 'bank_accounts', 'transactions', 'tokens', 'idempotency'] as const;
  if (
    !snap ||
    typeof snap !== 'object' ||
    snap.version !== 1 ||
    typeof snap.seed !== 'number' ||
    typeof snap.clock_offset_ms !== 'number' ||
    !snap.next_ids ||
    arrays.some((k) => !Array.isArray(snap[k]))
  ) {
    throw new Error(`The state file ${path} is not a sandbox state (version 1); delete it or choose another path.`);
  }
  return snap as StateSnapshot;
}
