// The desk's witness of the team's audit trail: the newest chain row it has seen
// (id and hash), kept in the desk's own SQLite file where no database login can
// reach it. The hash chain alone shows a row changed or removed in the middle, but
// someone with superuser rights can delete the newest rows and move the chain head
// back, and the shorter chain still verifies. The witness catches that: a trail
// only ever grows, so the row this desk saw must still be there, with the same
// hash, and the head can never be older than it. The rule is here, pure, so the
// full verification (postgres/audit-chain.ts) and the live check after each new
// audit row (the team port's checkAuditWitness) judge alike.

/** The newest row of a trail this desk has seen. */
export interface AuditWitness {
  /** The row's id (the chain's position). */
  id: number;
  /** Its SHA-256 chain hash, lowercase hex. */
  hash: string;
  /** When this desk saw it (the desk's clock, ms). */
  seenAtMs: number;
}

/** What the trail holds now, as far as the witness needs it. */
export interface TrailHead {
  /** The chain head's row id (0 for an empty trail). */
  id: number;
  /** The chain head's hash, lowercase hex. */
  hash: string;
  /** The hash of the witnessed row as the trail holds it now (hex); null when there is no such row. */
  witnessedHash: string | null;
}

/**
 * Where the desk keeps its witnesses: one per trail (a team database), named by
 * `trail`. Only the desk's own store has one; it never moves a witness back.
 */
export interface AuditWitnessKeeper {
  witness(trail: string): Promise<AuditWitness | null>;
  /** Keeps `next` unless the stored witness is already as new or newer; the witness kept. */
  advance(trail: string, next: AuditWitness): Promise<AuditWitness>;
}

/** What the live check found (the port's checkAuditWitness). */
export interface AuditWitnessCheck {
  /** The witness as it is after the check (advanced to the head when the trail still holds it). */
  witness: AuditWitness | null;
  /** The break in words, naming the rows; null when the trail still holds what this desk saw. */
  broken: string | null;
}

function seenOn(witness: AuditWitness): string {
  return new Date(witness.seenAtMs)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}

function rowNamed(witness: AuditWitness): string {
  return `row #${witness.id} (hash ${witness.hash})`;
}

/**
 * Why the trail no longer contains what the witness saw, in words naming the rows;
 * null when it does (or there is no witness yet). A head older than the witness,
 * the witnessed row gone, or the witnessed row with another hash all mean rows were
 * removed from the trail's end or rewritten.
 */
export function witnessBreak(witness: AuditWitness | null, head: TrailHead): string | null {
  if (witness === null) return null;
  const what = `The trail no longer contains ${rowNamed(witness)} that this desk saw on ${seenOn(witness)}: rows were removed from its end or the head moved back`;
  if (head.id < witness.id) {
    const gone = head.id + 1 === witness.id ? `row #${witness.id} is gone` : `rows #${head.id + 1} to #${witness.id} are gone`;
    return `${what} (the head is row #${head.id}; ${gone}).`;
  }
  if (head.witnessedHash === null) return `${what} (row #${witness.id} is missing).`;
  if (head.witnessedHash !== witness.hash) {
    return `${what}, and rows were written again in their place (row #${witness.id} now has hash ${head.witnessedHash}).`;
  }
  return null;
}

/** The witness after a check that found nothing wrong: the head, if it is newer than what was seen. */
export function nextWitness(witness: AuditWitness | null, head: TrailHead, nowMs: number): AuditWitness | null {
  if (head.id === 0) return witness;
  if (witness !== null && head.id <= witness.id) return witness;
  return { id: head.id, hash: head.hash, seenAtMs: nowMs };
}
