// Every operator action that changes something, with when, who (OS user), where
// (environment profile), a summary without secrets, and the outcome. Append-only:
// there is no update or delete.
import { userInfo } from 'node:os';
import { type Db } from './connection';
import { toCsv, type CsvValue } from '../csv';
import { redact } from '../redact';
import { asRow, asRows, int, text, textOrNull, type Row } from './rows';

/** The actions the desk records; other dotted names are accepted for later additions. */
export type AuditAction =
  | 'login'
  | 'logout'
  | 'user.create'
  | 'user.update'
  | 'kyc.import'
  | 'bank.add'
  | 'bank.delete'
  | 'order.buy'
  | 'order.sell'
  | 'order.withdraw'
  | (string & {});

export type AuditOutcome = 'ok' | 'error';

export interface AuditInput {
  action: AuditAction;
  /** Plain words for the operator; never a secret (the caller's duty — free text cannot be checked). */
  summary: string;
  outcome: AuditOutcome;
  profileId?: string | null;
  /** Structured context; values under secret keys are blanked by `redact` before writing. */
  detail?: unknown;
  /** Default: the store's clock. */
  atMs?: number;
  /** Default: the OS account running the desk. */
  osUser?: string;
}

export interface AuditEntry {
  id: number;
  atMs: number;
  osUser: string;
  profileId: string | null;
  action: string;
  summary: string;
  outcome: AuditOutcome;
  detail: unknown;
}

export interface AuditFilter {
  profileId?: string;
  action?: string;
  outcome?: AuditOutcome;
  /** Case-insensitive substring of action, summary, OS user or profile. */
  text?: string;
  /** Inclusive bounds, epoch ms. */
  fromMs?: number;
  toMs?: number;
}

export interface AuditLog {
  append(entry: AuditInput): AuditEntry;
  /** Newest first. Default limit 100. */
  query(filter?: AuditFilter, options?: { limit?: number; offset?: number }): { rows: AuditEntry[]; total: number };
  count(filter?: AuditFilter): number;
  /** RFC 4180 CSV of every matching entry, oldest first. */
  exportCsv(filter?: AuditFilter): string;
}

export const AUDIT_CSV_COLUMNS = ['id', 'time', 'os_user', 'profile', 'action', 'summary', 'outcome', 'detail'];

const MAX_SUMMARY = 2000;

export function currentOsUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

function toEntry(row: Row): AuditEntry {
  const detail = textOrNull(row, 'detail');
  return {
    id: int(row, 'id'),
    atMs: int(row, 'at'),
    osUser: text(row, 'os_user'),
    profileId: textOrNull(row, 'profile_id'),
    action: text(row, 'action'),
    summary: text(row, 'summary'),
    outcome: text(row, 'outcome') as AuditOutcome,
    detail: detail === null ? null : (JSON.parse(detail) as unknown),
  };
}

function where(filter: AuditFilter): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown): void => {
    parts.push(sql);
    params.push(value);
  };
  if (filter.profileId !== undefined) add('profile_id = ?', filter.profileId);
  if (filter.action !== undefined) add('action = ?', filter.action);
  if (filter.outcome !== undefined) add('outcome = ?', filter.outcome);
  if (filter.fromMs !== undefined) add('at >= ?', filter.fromMs);
  if (filter.toMs !== undefined) add('at <= ?', filter.toMs);
  const needle = filter.text?.trim().toLowerCase();
  if (needle) {
    add("instr(lower(action || ' ' || summary || ' ' || os_user || ' ' || coalesce(profile_id, '')), ?) > 0", needle);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export function createAuditLog(db: Db, now: () => number, defaultOsUser: string): AuditLog {
  const insert = db.prepare(
    'INSERT INTO audit_log (at, os_user, profile_id, action, summary, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );

  function count(filter: AuditFilter = {}): number {
    const w = where(filter);
    return int(asRow(db.prepare(`SELECT count(*) AS n FROM audit_log ${w.sql}`).get(...w.params)) ?? {}, 'n');
  }

  return {
    append(input) {
      if (!input.action) throw new RangeError('An audit entry needs an action');
      if (input.outcome !== 'ok' && input.outcome !== 'error') {
        throw new RangeError(`An audit outcome is ok or error, not ${String(input.outcome)}`);
      }
      const detail = input.detail === undefined ? null : JSON.stringify(redact(input.detail));
      const entry = {
        atMs: input.atMs ?? now(),
        osUser: input.osUser ?? defaultOsUser,
        profileId: input.profileId ?? null,
        action: input.action,
        summary: input.summary.slice(0, MAX_SUMMARY),
        outcome: input.outcome,
      };
      const { lastInsertRowid } = insert.run(entry.atMs, entry.osUser, entry.profileId, entry.action, entry.summary, entry.outcome, detail);
      return { id: Number(lastInsertRowid), ...entry, detail: detail === null ? null : (JSON.parse(detail) as unknown) };
    },

    query(filter = {}, options = {}) {
      const w = where(filter);
      const rows = db
        .prepare(`SELECT * FROM audit_log ${w.sql} ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`)
        .all(...w.params, options.limit ?? 100, options.offset ?? 0);
      return { rows: asRows(rows).map(toEntry), total: count(filter) };
    },

    count,

    exportCsv(filter = {}) {
      const w = where(filter);
      const rows = asRows(db.prepare(`SELECT * FROM audit_log ${w.sql} ORDER BY at, id`).all(...w.params)).map(toEntry);
      return toCsv(
        AUDIT_CSV_COLUMNS,
        rows.map((e): CsvValue[] => [
          e.id,
          new Date(e.atMs).toISOString(),
          e.osUser,
          e.profileId,
          e.action,
          e.summary,
          e.outcome,
          e.detail === null ? null : JSON.stringify(e.detail),
        ]),
      );
    },
  };
}
