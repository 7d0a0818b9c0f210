// audit.* — reading the audit trail (recording is AuditRecorder's job).
import type { ServiceContext } from './context';
import { csvFilename } from './csv';
import type { HandlersOf } from './handlers';

export function createAuditHandlers(ctx: ServiceContext): HandlersOf<'audit'> {
  return {
    'audit.query': async ({ filter, limit, offset }) => ctx.store.queryAudit(filter, limit, offset),
    'audit.exportCsv': async ({ filter }) => {
      const { csv, rows } = await ctx.store.exportAuditCsv(filter);
      return { filename: csvFilename('kriptomat-desk-audit', ctx.timers.now()), csv, rows };
    },
  };
}
