// The bridge's audit.* methods: the audit trail as the renderer reads, exports
// and checks it (the team's trail, in a team on a shared profile). Pure: no Node
// or DOM imports.
import { z } from 'zod';
import { auditActions } from '../audit-actions';
import type { CsvExport } from './common';
import { method, returns } from './method';
import { empty, epochMs, searchText } from './values';

export const auditFilterSchema = z
  .object({
    action: z.enum(auditActions).optional(),
    outcome: z.enum(['ok', 'error']).optional(),
    text: searchText.optional(),
    fromMs: epochMs.optional(),
    toMs: epochMs.optional(),
  })
  .strict();

export interface AuditEntryView {
  id: number;
  atMs: number;
  osUser: string;
  profileId: string;
  action: string;
  summary: string;
  outcome: 'ok' | 'error';
}
/** What `audit.verify` found when it recomputed the trail's hash chain. */
export interface AuditVerifyView {
  /** False where the trail shown has no hash chain (Solo, the Local sandbox): nothing was checked. */
  chained: boolean;
  /** Whether every row matches its hash and follows the one before; null when not chained. */
  intact: boolean | null;
  /** Rows found in order before the first broken one (all of them when intact). */
  rowsChecked: number;
  /** SHA-256 of the newest row, hex, when intact: keep a copy to show later rewrites. */
  headHash: string | null;
  firstBroken?: {
    id: number;
    /** When the row says it was written; null when the row is missing. */
    atMs: number | null;
    /** In plain words: missing, changed, or not following the row before. */
    why: string;
  };
  /**
   * Team: the newest row of the trail this desk had seen before this check (its
   * witness, in its own store); absent when it had seen none. When `firstBroken.id`
   * is this row, the chain holds together but no longer holds what this desk saw.
   */
  witnessed?: { id: number; hash: string; seenAtMs: number };
  /** One sentence for the operator. */
  message: string;
}

export const auditMethods = {
  // audit
  'audit.query': method(
    z.object({ filter: auditFilterSchema, limit: z.number().int().min(1).max(5000), offset: z.number().int().min(0) }).strict(),
    returns<{ rows: AuditEntryView[]; total: number }>(),
  ),
  'audit.exportCsv': method(z.object({ filter: auditFilterSchema }).strict(), returns<CsvExport>()),
  // Recomputes the hash chain of the trail the audit view shows (the team's, in a team on a shared profile).
  'audit.verify': method(empty, returns<AuditVerifyView>()),
} as const;
