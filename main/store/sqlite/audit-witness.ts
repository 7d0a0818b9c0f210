// The desk's witness of each team audit trail (main/store/audit-witness.ts says
// why): one row per trail, which only ever moves forward — a write naming an
// older row than the one kept changes nothing, so two checks finishing out of
// order never move it back.
import type { Db } from './connection';
import { asRow, int, text } from './rows';
import type { AuditWitness } from '../audit-witness';

export interface AuditWitnesses {
  get(trail: string): AuditWitness | null;
  /** Keeps `next` unless the stored witness is as new or newer; returns the witness kept. */
  advance(trail: string, next: AuditWitness): AuditWitness;
}

export function createAuditWitnesses(db: Db): AuditWitnesses {
  const read = db.prepare('SELECT last_id, last_hash, seen_at FROM audit_witness WHERE trail = ?');
  const write = db.prepare(
    `INSERT INTO audit_witness (trail, last_id, last_hash, seen_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (trail) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash, seen_at = excluded.seen_at
       WHERE excluded.last_id > audit_witness.last_id`,
  );
  const get = (trail: string): AuditWitness | null => {
    const row = asRow(read.get(trail));
    return row ? { id: int(row, 'last_id'), hash: text(row, 'last_hash'), seenAtMs: int(row, 'seen_at') } : null;
  };
  return {
    get,
    advance(trail, next) {
      write.run(trail, next.id, next.hash, next.seenAtMs);
      return get(trail)!;
    },
  };
}
