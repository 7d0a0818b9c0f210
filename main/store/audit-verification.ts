// What recomputing an audit trail's hash chain found (the port's verifyAudit):
// intact, or the first row that breaks it. Only the team database's trail is
// hash-chained (main/store/postgres/audit-chain.ts recomputes it); the answer is
// defined here so the port and the services depend on no store. A chain that holds
// together may still have lost its newest rows: the desk's witness (audit-witness.ts)
// catches that, reported as `behind-witness`.
import type { AuditWitness } from './audit-witness';

export type AuditVerification =
  | {
      intact: true;
      rows: number;
      headHash: string;
      /** The row this desk had seen before this check, and found still in the trail; absent when it had seen none. */
      witnessed?: AuditWitness;
    }
  | {
      intact: false;
      rows: number;
      /** The first row that is missing, changed, or does not follow the one before it. */
      brokenId: number;
      /** `behind-witness`: the chain holds together, but no longer holds the row this desk saw (`witnessed`). */
      reason: 'missing' | 'changed' | 'unlinked' | 'outside-chain' | 'behind-witness';
      message: string;
      /** When that row says it was written; null when the row is missing. */
      brokenAtMs: number | null;
      /** The row this desk had seen before this check; absent when it had seen none. */
      witnessed?: AuditWitness;
    };
