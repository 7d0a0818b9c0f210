// What recomputing an audit trail's hash chain found (the port's verifyAudit):
// intact, or the first row that breaks it. Only the team database's trail is
// hash-chained (main/store/postgres/audit-chain.ts recomputes it); the answer is
// defined here so the port and the services depend on no store.

export type AuditVerification =
  | { intact: true; rows: number; headHash: string }
  | {
      intact: false;
      rows: number;
      /** The first row that is missing, changed, or does not follow the one before it. */
      brokenId: number;
      reason: 'missing' | 'changed' | 'unlinked' | 'outside-chain';
      message: string;
      /** When that row says it was written; null when the row is missing. */
      brokenAtMs: number | null;
    };
