// "Verify audit trail": asks main to recompute the trail's hash chain and says
// what it found, in a status region a screen reader announces. In a team the check
// also holds the trail to the newest row this desk saw (its witness); a break that a
// live update found shows above the button as an alert. Where the trail has no chain
// (Solo, the Local sandbox) the button is disabled with the reason beside it.
import { useId, useState } from 'react';
import { AUDIT_NOT_CHAINED_WORDS } from '../../../shared/audit-actions';
import type { AuditVerifyView } from '../../../shared/desk-api';
import { call } from '../bridge';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatDateTime, formatInteger } from '../format';
import { useAuditTrail } from '../state/audit-trail';
import { useActiveEnvironment } from '../state/session';
import { useWorkspace } from '../state/workspace';

/** Only a team workspace's shared trail is chained; the Local sandbox's trail is the desk's own even in a team. Unknown while loading. */
function useTrailNotChained(): boolean {
  const workspace = useWorkspace((s) => s.status?.kind ?? null);
  const { kind } = useActiveEnvironment();
  return workspace === 'solo' || (workspace === 'team' && kind === 'sandbox');
}

function Result({ view }: { view: AuditVerifyView }) {
  if (!view.chained) return <p>{view.message}</p>;
  if (view.intact) {
    return (
      <>
        <p>
          <strong>Audit trail intact.</strong> {formatInteger(view.rowsChecked)} {view.rowsChecked === 1 ? 'row' : 'rows'} checked: each
          matches its hash and follows the one before.
        </p>
        <p>
          Head hash (keep a copy to show later rewrites): <span className="mono audit-hash">{view.headHash}</span>
        </p>
        {view.witnessed ? (
          <p>
            It still holds row {view.witnessed.id}, the newest this desk had seen (on {formatDateTime(view.witnessed.seenAtMs)}).
          </p>
        ) : null}
      </>
    );
  }
  const broken = view.firstBroken!;
  const byWitness = view.witnessed?.id === broken.id;
  return (
    <>
      <p>
        <strong>Audit trail broken at row {broken.id}</strong>
        {broken.atMs !== null ? <> (written {formatDateTime(broken.atMs)})</> : null}.
      </p>
      <p>{broken.why}</p>
      {byWitness ? (
        <p>
          The {formatInteger(view.rowsChecked)} rows that remain still form a chain: what caught this is this desk&apos;s own record of the
          newest row it had seen.
        </p>
      ) : (
        <p>{view.rowsChecked === 1 ? '1 row before it is intact.' : `${formatInteger(view.rowsChecked)} rows before it are intact.`}</p>
      )}
    </>
  );
}

/** `onVerified`: the check is itself audited, so the list has a new entry to show. */
export function AuditVerify({ onVerified }: { onVerified: () => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [view, setView] = useState<AuditVerifyView | null>(null);
  const notChained = useTrailNotChained();
  const reasonId = useId();
  const run = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setView(null);
    try {
      setView(await call((d) => d.audit.verify({})));
      onVerified();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const liveBreak = useAuditTrail((s) => s.broken);
  const tone = view === null ? '' : view.intact === false ? 'alert alert-error' : view.intact ? 'alert alert-ok' : 'alert alert-warn';
  return (
    <div className="audit-verify">
      {liveBreak ? (
        <div role="alert" aria-label="Audit trail no longer holds what this desk saw" className="alert alert-error">
          <p>
            <strong>The team&apos;s audit trail lost row {liveBreak.witnessedId}.</strong> {liveBreak.message}
          </p>
        </div>
      ) : null}
      <button
        type="button"
        className="small"
        onClick={run}
        disabled={busy || notChained}
        aria-describedby={notChained ? reasonId : undefined}
      >
        {busy ? 'Verifying…' : 'Verify audit trail'}
      </button>
      {notChained ? (
        <p id={reasonId} className="muted">
          {AUDIT_NOT_CHAINED_WORDS}
        </p>
      ) : null}
      <ErrorAlert error={error} />
      {/* Always in the page, so the answer is announced when it arrives. */}
      <div role="status" aria-label="Audit trail verification" className={tone}>
        {busy ? <p>Checking every row of the audit trail…</p> : null}
        {view ? <Result view={view} /> : null}
      </div>
    </div>
  );
}
