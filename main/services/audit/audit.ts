// audit.* — reading and verifying the audit trail (recording is AuditRecorder's job).
import { AUDIT_NOT_CHAINED_WORDS } from '../../../shared/audit-actions';
import type { AuditVerifyView } from '../../../shared/desk-api';
import { DeskFailure, toDeskError } from '../../errors';
import type { AuditVerification } from '../../store/port';
import type { ServiceContext } from '../common/context';
import { csvFilename } from '../common/csv';
import type { HandlersOf } from '../common/handlers';

/** The chain check in the operator's words (the same sentences `npm run team -- verify-audit` prints). */
export function auditVerifyView(result: AuditVerification): AuditVerifyView {
  // The row this desk had seen before (its witness): shown so the operator knows what the check held the trail to.
  const witnessed = result.witnessed ? { witnessed: { ...result.witnessed } } : {};
  if (result.intact) {
    const rows = result.rows === 1 ? '1 row' : `${result.rows} rows`;
    const still = result.witnessed ? ` It still holds row ${result.witnessed.id}, the newest this desk had seen.` : '';
    return {
      chained: true,
      intact: true,
      rowsChecked: result.rows,
      headHash: result.headHash,
      ...witnessed,
      message: `Audit trail intact: ${rows} checked, each matching its hash and following the one before. Head hash ${result.headHash}.${still}`,
    };
  }
  return {
    chained: true,
    intact: false,
    rowsChecked: result.rows,
    headHash: null,
    firstBroken: { id: result.brokenId, atMs: result.brokenAtMs, why: result.message },
    ...witnessed,
    message: `Audit trail broken at row ${result.brokenId}: ${result.message}`,
  };
}

export function createAuditHandlers(ctx: ServiceContext): HandlersOf<'audit'> {
  return {
    'audit.query': async ({ filter, limit, offset }) => ctx.store.queryAudit(filter, limit, offset),
    'audit.exportCsv': async ({ filter }) => {
      const { csv, rows } = await ctx.store.exportAuditCsv(filter);
      return { filename: csvFilename('kriptomat-desk-audit', ctx.timers.now()), csv, rows };
    },
    'audit.verify': async () => {
      const profileId = ctx.runtime().profile.id;
      let result: AuditVerification | null;
      try {
        result = (await ctx.store.verifyAudit?.()) ?? null;
      } catch (error) {
        await ctx.audit.record(profileId, 'audit.verify', `Verify audit trail — could not check: ${toDeskError(error).message}`, 'error');
        throw error;
      }
      // The desk's own trail has no chain: nothing was checked, so nothing is recorded as verified.
      if (result === null) throw new DeskFailure('forbidden', AUDIT_NOT_CHAINED_WORDS);
      const view = auditVerifyView(result);
      // Recorded after the check, so the entry is never part of the chain it vouches for.
      // A broken chain is recorded as failed, so a filter on failures finds it.
      const summary = view.intact
        ? `Verify audit trail — intact, ${view.rowsChecked} rows, head ${view.headHash}`
        : `Verify audit trail — broken at row ${view.firstBroken!.id}: ${view.firstBroken!.why}`;
      await ctx.audit.record(profileId, 'audit.verify', summary, view.intact === false ? 'error' : 'ok');
      return view;
    },
  };
}
