// The audit trail's hash chain, recomputed outside the database so that a
// changed trigger or function cannot vouch for itself.
//
// Row n's hash is SHA-256(prev_hash ‖ UTF-8 bytes of its canonical form), where
// prev_hash is row n-1's hash (32 zero bytes for row 1). The canonical form is
// the line "kriptomat-desk-audit/1" and then one line per field, in this order:
//
//   id, at_us, operator, os_user, environment, action, summary, outcome, detail
//
// each written as `<name>=<length>:<value>\n` (length = the value's UTF-8 byte
// count, in decimal) or `<name>!\n` when the value is NULL. `id` is the decimal
// row number; `at_us` is the row's timestamp as whole microseconds since
// 1970-01-01T00:00:00Z, in decimal. Every line, the last one included, ends in
// one "\n" (0x0A). desk.audit_canonical in migrations/0001-*.sql builds the same text.
//
// The chain shows a row changed, deleted or inserted out of turn. It cannot
// stop someone with superuser rights from rewriting every row after a change;
// keeping a copy of the head hash that verification prints (in a ticket, a
// report) makes that visible too. Each desk keeps such a copy itself, its witness
// (../audit-witness.ts): given one, the check also reports a trail that no longer
// holds the row the desk saw — its newest rows deleted and the head moved back,
// which leaves a shorter chain that holds together.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { AuditVerification } from '../audit-verification';
import { witnessBreak, type AuditWitness, type TrailHead } from '../audit-witness';

export const AUDIT_CANONICAL_VERSION = 'kriptomat-desk-audit/1';
export const AUDIT_GENESIS_HASH: Buffer = Buffer.alloc(32);

const BATCH = 2000;

export interface AuditChainRow {
  id: number;
  /** Microseconds since the epoch, as decimal text (past 2^53, so not a number). */
  atMicros: string;
  operator: string;
  osUser: string;
  environment: string | null;
  action: string;
  summary: string;
  outcome: string;
  detail: string | null;
  prevHash: Buffer;
  hash: Buffer;
}

export type { AuditVerification };

function field(name: string, value: string | null): string {
  return value === null ? `${name}!\n` : `${name}=${Buffer.byteLength(value, 'utf8')}:${value}\n`;
}

export function auditCanonicalForm(row: Omit<AuditChainRow, 'prevHash' | 'hash'>): string {
  return (
    `${AUDIT_CANONICAL_VERSION}\n` +
    field('id', String(row.id)) +
    field('at_us', row.atMicros) +
    field('operator', row.operator) +
    field('os_user', row.osUser) +
    field('environment', row.environment) +
    field('action', row.action) +
    field('summary', row.summary) +
    field('outcome', row.outcome) +
    field('detail', row.detail)
  );
}

export function auditRowHash(prevHash: Buffer, row: Omit<AuditChainRow, 'prevHash' | 'hash'>): Buffer {
  return createHash('sha256').update(prevHash).update(auditCanonicalForm(row), 'utf8').digest();
}

/**
 * Ids are read as text and converted here, so the check does not depend on how a
 * caller's client parses bigint (under another name: ORDER BY id must sort the column).
 */
interface RawChainRow {
  id_text: string;
  at_us: string;
  operator: string;
  os_user: string;
  environment: string | null;
  action: string;
  summary: string;
  outcome: string;
  detail: string | null;
  prev_hash: Buffer;
  hash: Buffer;
}

function toChainRow(r: RawChainRow): AuditChainRow {
  return {
    id: Number(r.id_text),
    atMicros: r.at_us,
    operator: r.operator,
    osUser: r.os_user,
    environment: r.environment,
    action: r.action,
    summary: r.summary,
    outcome: r.outcome,
    detail: r.detail,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

function broken(
  rows: number,
  brokenId: number,
  reason: Extract<AuditVerification, { intact: false }>['reason'],
  message: string,
  atMicros: string | null = null,
): AuditVerification {
  // Whole milliseconds are plenty for a person looking for the row.
  return { intact: false, rows, brokenId, reason, message, brokenAtMs: atMicros === null ? null : Number(BigInt(atMicros) / 1000n) };
}

/** A connection or the pool: whatever runs one statement. */
export interface TrailReader {
  query<R extends pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** The chain head, and the hash the trail holds now for row `witnessedId` (null: no such row): one round trip. */
export async function readTrailHead(client: TrailReader, witnessedId: number): Promise<TrailHead> {
  const { rows } = await client.query<{ last_id: string; last_hash: Buffer; witnessed: Buffer | null }>(
    `SELECT h.last_id::text, h.last_hash, (SELECT l.hash FROM desk.audit_log l WHERE l.id = $1) AS witnessed
       FROM desk.audit_chain_head h`,
    [witnessedId],
  );
  const head = rows[0];
  // No head row at all: nothing this desk saw is there any more.
  if (!head) return { id: 0, hash: AUDIT_GENESIS_HASH.toString('hex'), witnessedHash: null };
  return { id: Number(head.last_id), hash: head.last_hash.toString('hex'), witnessedHash: head.witnessed?.toString('hex') ?? null };
}

/**
 * Checks every row in one consistent snapshot: ids 1, 2, 3 … without gaps, each
 * row's prev_hash equal to the previous row's hash, each hash equal to the one
 * recomputed here, and the last row equal to the chain head. Given this desk's
 * `witness`, a chain that holds together must also still hold the row it names,
 * with the same hash (reported as `behind-witness` otherwise).
 */
export async function verifyAuditChain(client: pg.ClientBase, witness: AuditWitness | null = null): Promise<AuditVerification> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    let result = await verifyInSnapshot(client);
    if (witness !== null) result = await compareWithWitness(client, result, witness);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** In the same snapshot as the chain check: the witnessed row must still be there, unchanged, and the head not older. */
async function compareWithWitness(client: pg.ClientBase, result: AuditVerification, witness: AuditWitness): Promise<AuditVerification> {
  // A chain broken in itself is reported as such: its first broken row is the better lead.
  if (!result.intact) return { ...result, witnessed: witness };
  const why = witnessBreak(witness, await readTrailHead(client, witness.id));
  if (why === null) return { ...result, witnessed: witness };
  return { ...broken(result.rows, witness.id, 'behind-witness', why), witnessed: witness };
}

async function verifyInSnapshot(client: pg.ClientBase): Promise<AuditVerification> {
  const headRow = (await client.query<{ last_id: string; last_hash: Buffer }>('SELECT last_id::text, last_hash FROM desk.audit_chain_head'))
    .rows[0];
  if (!headRow) return broken(0, 1, 'missing', 'The audit chain head is missing: the chain cannot be checked.');
  const head = { last_id: Number(headRow.last_id), last_hash: headRow.last_hash };
  let expectedId = 1;
  let prevHash = AUDIT_GENESIS_HASH;
  let checked = 0;
  let lastAtMicros: string | null = null;
  for (;;) {
    const { rows } = await client.query<RawChainRow>(
      `SELECT id::text AS id_text, ((extract(epoch FROM at) * 1000000)::bigint)::text AS at_us, operator, os_user, environment,
              action, summary, outcome, detail, prev_hash, hash
         FROM desk.audit_log WHERE id >= $1 ORDER BY id LIMIT $2`,
      [expectedId === 1 ? Number.MIN_SAFE_INTEGER : expectedId, BATCH],
    );
    for (const raw of rows) {
      const row = toChainRow(raw);
      if (row.id > expectedId && expectedId <= head.last_id) {
        return broken(
          checked,
          expectedId,
          'missing',
          `Audit row ${expectedId} is missing: the trail goes from row ${expectedId - 1} to row ${row.id}.`,
        );
      }
      if (row.id !== expectedId || row.id > head.last_id) {
        return broken(
          checked,
          row.id,
          'outside-chain',
          `Audit row ${row.id} is not part of the chain (the chain has rows 1 to ${head.last_id}).`,
          row.atMicros,
        );
      }
      if (!row.prevHash.equals(prevHash)) {
        return broken(
          checked,
          row.id,
          'unlinked',
          row.id === 1
            ? 'Audit row 1 does not start the chain: it was inserted out of chain.'
            : `Audit row ${row.id} does not follow row ${row.id - 1}: row ${row.id - 1} was rewritten, or row ${row.id} was inserted out of chain.`,
          row.atMicros,
        );
      }
      if (!auditRowHash(prevHash, row).equals(row.hash)) {
        return broken(
          checked,
          row.id,
          'changed',
          `Audit row ${row.id} was changed after it was written: its contents no longer match its hash.`,
          row.atMicros,
        );
      }
      prevHash = row.hash;
      lastAtMicros = row.atMicros;
      expectedId++;
      checked++;
    }
    if (rows.length < BATCH) break;
  }
  const lastId = expectedId - 1;
  if (lastId < head.last_id) {
    return broken(checked, lastId + 1, 'missing', `Audit rows ${lastId + 1} to ${head.last_id} are missing: the newest rows were deleted.`);
  }
  if (!prevHash.equals(head.last_hash)) {
    return broken(checked, lastId, 'changed', `Audit row ${lastId} does not match the chain head: it was rewritten.`, lastAtMicros);
  }
  return { intact: true, rows: checked, headHash: prevHash.toString('hex') };
}
