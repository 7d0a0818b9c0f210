// Audit log: what operators did on this desk, filterable and exportable to CSV;
// its hash chain (a team's trail) can be verified here.
import { useEffect, useRef, useState } from 'react';
import type { AuditEntryView, DeskInput } from '../../../shared/desk-api';
import { SEARCH_TEXT_MAX } from '../../../shared/search-limits';
import { call, onDesk } from '../bridge';
import { StateBadge } from '../components/Badges';
import { downloadText } from '../components/download';
import { ErrorAlert, StatusNote } from '../components/ErrorAlert';
import { SelectField, TextField } from '../components/Field';
import { Section } from '../components/Section';
import { Empty, Loading } from '../components/States';
import { formatCount, formatDateTime, formatInteger } from '../format';
import { useDebounced } from '../hooks/use-debounced';
import { dayEndMs, dayStartMs } from '../state/transactions';
import { auditActionLabel, auditActions, type AuditAction } from '../../../shared/audit-actions';
import { useSession } from '../state/session';
import { useWorkspace } from '../state/workspace';
import { AuditVerify } from './AuditVerify';

type AuditFilter = DeskInput<'audit.query'>['filter'];
const PAGE = 200;
/** The bridge's most rows per read. */
const MAX_READ = 5000;
/** New entries arriving together (a sync, an order's steps) are read once. */
const LIVE_GATHER_MS = 250;

interface Draft {
  action: AuditAction | '';
  outcome: '' | 'ok' | 'error';
  text: string;
  from: string;
  to: string;
}

function toFilter(d: Draft): AuditFilter {
  const f: AuditFilter = {};
  if (d.action) f.action = d.action;
  if (d.outcome) f.outcome = d.outcome;
  if (d.text.trim()) f.text = d.text.trim();
  const from = d.from ? dayStartMs(d.from) : undefined;
  const to = d.to ? dayEndMs(d.to) : undefined;
  if (from !== undefined) f.fromMs = from;
  if (to !== undefined) f.toMs = to;
  return f;
}

export function AuditScreen() {
  const [draft, setDraft] = useState<Draft>({ action: '', outcome: '', text: '', from: '', to: '' });
  const filterKey = JSON.stringify(toFilter(useDebounced(draft, 250)));
  const [rows, setRows] = useState<AuditEntryView[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [reload, setReload] = useState(0);
  // The team database back after being away: read again what its absence left as an error.
  const backAgain = useWorkspace((s) => s.backAgain);
  const [appended, setAppended] = useState(0);
  const shown = useRef<AuditEntryView[] | null>(null);
  shown.current = rows;

  useEffect(() => {
    let live = true;
    setRows(null);
    setError(null);
    call((d) => d.audit.query({ filter: JSON.parse(filterKey) as AuditFilter, limit: PAGE, offset: 0 })).then(
      (r) => {
        if (!live) return;
        setRows(r.rows);
        setTotal(r.total);
      },
      (e: unknown) => {
        if (live) setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [filterKey, reload, backAgain]);

  // Team: an entry appended on any desk (audit.appended) shows without a refresh.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onDesk('audit.appended', () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        setAppended((n) => n + 1);
      }, LIVE_GATHER_MS);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, []);

  // Read again as many rows as are shown, under the same filters: a new entry that matches them
  // comes in at the top, one that does not changes nothing, and the rows paged in stay — without
  // the list blanking to "Loading".
  useEffect(() => {
    const before = shown.current;
    if (appended === 0 || before === null) return;
    let live = true;
    const limit = Math.min(MAX_READ, Math.max(PAGE, before.length));
    call((d) => d.audit.query({ filter: JSON.parse(filterKey) as AuditFilter, limit, offset: 0 })).then(
      (r) => {
        if (!live) return;
        setRows(r.rows);
        setTotal(r.total);
      },
      () => undefined, // the next entry or a refresh reads again; the rows shown stay
    );
    return () => {
      live = false;
    };
    // filterKey changes start a fresh read above; this one follows new entries only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [appended]);

  const more = async (): Promise<void> => {
    if (!rows) return;
    setLoadingMore(true);
    try {
      const r = await call((d) => d.audit.query({ filter: JSON.parse(filterKey) as AuditFilter, limit: PAGE, offset: rows.length }));
      setRows([...rows, ...r.rows]);
      setTotal(r.total);
    } catch (e) {
      setError(e);
    } finally {
      setLoadingMore(false);
    }
  };

  const set = (patch: Partial<Draft>): void => setDraft((d) => ({ ...d, ...patch }));
  // Entries name their environment by id; show the profile's name where it is still known.
  const profiles = useSession((s) => s.profiles);
  const environmentName = (profileId: string): string => profiles?.find((p) => p.id === profileId)?.name ?? profileId;
  return (
    <div className="screen screen-wide">
      <h1>Audit log</h1>
      <form className="filters" role="search" aria-label="Audit filters" onSubmit={(e) => e.preventDefault()}>
        <SelectField label="Action" value={draft.action} onValue={(v) => set({ action: auditActions.find((a) => a === v) ?? '' })}>
          <option value="">Any action</option>
          {auditActions.map((a) => (
            <option key={a} value={a}>
              {auditActionLabel(a)}
            </option>
          ))}
        </SelectField>
        <SelectField label="Outcome" value={draft.outcome} onValue={(v) => set({ outcome: v === 'ok' || v === 'error' ? v : '' })}>
          <option value="">Any outcome</option>
          <option value="ok">OK</option>
          <option value="error">Failed</option>
        </SelectField>
        <TextField label="From date" type="date" value={draft.from} onValue={(v) => set({ from: v })} />
        <TextField label="To date" type="date" value={draft.to} onValue={(v) => set({ to: v })} />
        <TextField label="Search" type="search" maxLength={SEARCH_TEXT_MAX} value={draft.text} onValue={(v) => set({ text: v })} />
        <div className="actions">
          <button type="button" className="small" onClick={() => setReload((n) => n + 1)}>
            Refresh audit log
          </button>
          <AuditExport filter={toFilter(draft)} />
        </div>
      </form>
      <AuditVerify onVerified={() => setReload((n) => n + 1)} />
      <Section title="Entries">
        <ErrorAlert error={error} />
        {rows === null && !error ? <Loading what="the audit log" /> : null}
        {rows && rows.length === 0 ? <Empty>No audit entries match.</Empty> : null}
        {rows && rows.length > 0 ? (
          <>
            <p className="muted">
              Showing {formatInteger(rows.length)} of {formatInteger(total)}
            </p>
            {/* A narrow window scrolls the table sideways here: a region the keyboard can reach (arrow keys) and a screen reader names. */}
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Audit entries, scrolls sideways on a narrow window">
              <table className="table audit-table" aria-label="Audit entries">
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Operator</th>
                    <th scope="col">Environment</th>
                    <th scope="col">Action</th>
                    <th scope="col">Summary</th>
                    <th scope="col">Outcome</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.id} data-action={r.action} data-outcome={r.outcome}>
                      <td className="time-cell">{formatDateTime(r.atMs)}</td>
                      <td className="cell-clip" title={r.osUser}>
                        {r.osUser}
                      </td>
                      <td className="cell-clip" title={environmentName(r.profileId)}>
                        {environmentName(r.profileId)}
                      </td>
                      <td className="action-cell">{auditActionLabel(r.action)}</td>
                      {/* Long ids and URLs break inside the summary instead of widening the table. */}
                      <td className="summary-cell">{r.summary}</td>
                      <td>
                        <StateBadge state={r.outcome === 'ok' ? 'success' : 'failed'} label={r.outcome === 'ok' ? 'OK' : 'Failed'} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {rows.length < total ? (
              <button type="button" onClick={more} disabled={loadingMore}>
                {loadingMore ? 'Loading…' : 'Show more entries'}
              </button>
            ) : null}
          </>
        ) : null}
      </Section>
    </div>
  );
}

function AuditExport({ filter }: { filter: AuditFilter }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const result = await call((d) => d.audit.exportCsv({ filter }));
      downloadText(result.filename, result.csv);
      setDone(`Exported ${formatCount(result.rows, 'entry', 'entries')} to ${result.filename}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="small" onClick={run} disabled={busy}>
        {busy ? 'Exporting…' : 'Export CSV'}
      </button>
      <ErrorAlert error={error} />
      <StatusNote>{done}</StatusNote>
    </>
  );
}
