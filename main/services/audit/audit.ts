// audit.* — reading and verifying the audit trail (recording is AuditRecorder's job).
import type { AuditVerifyView } from '../../../shared/desk-api';
import { toDeskError } from '../../errors';
import type { AuditVerification } from '../../store/port';
import type { ServiceContext } from '../common/context';
import { csvFilename } from '../common/csv';
import type { HandlersOf } from '../common/handlers';

const NOT_CHAINED: AuditVerifyView = {
  chained: false,
  intact: null,
  rowsChecked: 0,
  headHash: null,
  message:
    "This audit trail is the desk's own (Solo workspace or the Local sandbox): it is not hash-chained, so there is no chain to verify. Only a team workspace's shared trail is chained.",
};

/** The chain check in the operator's words (the same sentences `npm run team -- verify-audit` prints). */
export function auditVerifyView(result: AuditVerification | null): AuditVerifyView {
  if (result === null) return NOT_CHAINED;
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
      let view: AuditVerifyView;
      try {
        view = auditVerifyView((await ctx.store.verifyAudit?.()) ?? null);
      } catch (error) {
        await ctx.audit.record(profileId, 'audit.verify', `Verify audit trail — could not check: ${toDeskError(error).message}`, 'error');
        throw error;
      }
      // Recorded after the check, so the entry is never part of the chain it vouches for.
      // A broken chain is recorded as failed, so a filter on failures finds it.
      const summary = view.chained
        ? view.intact
          ? `Verify audit trail — intact, ${view.rowsChecked} rows, head ${view.headHash}`
          : `Verify audit trail — broken at row ${view.firstBroken!.id}: ${view.firstBroken!.why}`
        : "Verify audit trail — not hash-chained (the desk's own trail)";
      await ctx.audit.record(profileId, 'audit.verify', summary, view.intact === false ? 'error' : 'ok');
      return view;
    },
  };
}
