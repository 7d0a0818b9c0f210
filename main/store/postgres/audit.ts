// The team's one audit trail: appended by every desk, read by anyone in a desk
// role (a compliance officer included), verified end to end. The database sets
// each entry's id, time, operator and hashes (migrations/0001-*.sql, audit-chain.ts).
import { toCsv, type CsvValue } from '../csv';
import { redact } from '../redact';
import type { AuditWitness, TrailHead } from '../audit-witness';
import { readTrailHead, verifyAuditChain, type AuditVerification } from './audit-chain';
import type { TeamSql } from './connection';
import { TeamStoreError } from './errors';
import { SqlParams, auditWhere, type TeamAuditFilter } from './filters';
import { toAuditView, type AuditRow, type TeamAuditEntryView } from './rows';

export interface TeamAuditRecord {
  environment: string | null;
  /** The OS account the desk runs as: informative; the operator is the database login. */
  osUser: string;
  action: string;
  summary: string;
  outcome: 'ok' | 'error';
  /** Structured context; secret-named keys are blanked before writing. */
  detail?: unknown;
}

export interface TeamAuditTrail {
  /** Appends one entry to the chain and returns it as written. */
  appendAudit(entry: TeamAuditRecord): Promise<TeamAuditEntryView>;
  /** One entry by its id; null when there is none. */
  auditEntry(id: number): Promise<TeamAuditEntryView | null>;
  /** Newest first. */
  queryAudit(filter: TeamAuditFilter, limit: number, offset: number): Promise<{ rows: TeamAuditEntryView[]; total: number }>;
  /** RFC 4180 CSV of every matching entry, oldest first, with each entry's chain hash. */
  exportAuditCsv(filter: TeamAuditFilter): Promise<{ csv: string; rows: number }>;
  /** Recomputes the whole chain in one snapshot and names the first broken row; given a desk's witness, checks the trail still holds it. */
  verifyAudit(witness?: AuditWitness | null): Promise<AuditVerification>;
  /** The chain head and the hash of row `witnessedId` as the trail holds it now (a desk's live witness check). */
  auditHead(witnessedId: number): Promise<TrailHead>;
}

export const TEAM_AUDIT_CSV_COLUMNS = [
  'id',
  'time',
  'operator',
  'os_user',
  'environment',
  'action',
  'summary',
  'outcome',
  'detail',
  'hash',
];

const MAX_SUMMARY = 2000;

export function createTeamAuditTrail(sql: TeamSql): TeamAuditTrail {
  return {
    async appendAudit(entry) {
      if (!entry.action) throw new TeamStoreError('invalid', 'An audit entry needs an action');
      if (entry.outcome !== 'ok' && entry.outcome !== 'error')
        throw new TeamStoreError('invalid', `An audit outcome is ok or error, not ${String(entry.outcome)}`);
      const detail = entry.detail === undefined ? null : JSON.stringify(redact(entry.detail));
      const { rows } = await sql.query<AuditRow>(
        `INSERT INTO desk.audit_log (environment, os_user, action, summary, outcome, detail)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [entry.environment, entry.osUser, entry.action, entry.summary.slice(0, MAX_SUMMARY), entry.outcome, detail],
      );
      return toAuditView(rows[0]!);
    },

    async auditEntry(id) {
      const { rows } = await sql.query<AuditRow>('SELECT * FROM desk.audit_log WHERE id = $1', [id]);
      return rows[0] ? toAuditView(rows[0]) : null;
    },

    async queryAudit(filter, limit, offset) {
      const p = new SqlParams();
      const where = auditWhere(p, filter);
      const count = sql.query<{ n: number }>(`SELECT count(*) AS n FROM desk.audit_log ${where}`, [...p.values]);
      const page = sql.query<AuditRow>(
        `SELECT * FROM desk.audit_log ${where} ORDER BY id DESC LIMIT ${p.add(limit)} OFFSET ${p.add(offset)}`,
        p.values,
      );
      const [{ rows: counted }, { rows }] = await Promise.all([count, page]);
      return { rows: rows.map(toAuditView), total: counted[0]!.n };
    },

    async exportAuditCsv(filter) {
      const p = new SqlParams();
      const { rows } = await sql.query<AuditRow>(`SELECT * FROM desk.audit_log ${auditWhere(p, filter)} ORDER BY id`, p.values);
      const csvRows = rows.map((r): CsvValue[] => [
        r.id,
        r.at.toISOString(),
        r.operator,
        r.os_user,
        r.environment,
        r.action,
        r.summary,
        r.outcome,
        r.detail,
        r.hash.toString('hex'),
      ]);
      return { csv: toCsv(TEAM_AUDIT_CSV_COLUMNS, csvRows), rows: rows.length };
    },

    verifyAudit: (witness = null) => sql.withClient((client) => verifyAuditChain(client, witness)),
    auditHead: (witnessedId) => readTrailHead(sql, witnessedId),
  };
}
